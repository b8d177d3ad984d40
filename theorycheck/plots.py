"""The figure of a refutation: the claim's margin along lines through the counterexample.

For the violated part of the claim (for a conjunction, the part the certificate names; for a
calc chain, the first broken step) we evaluate, in floats, the *margin* -- ``big - small`` for an
inequality (the claim says it is >= 0, or > 0 when strict), ``lhs - rhs`` for an identity (the
claim says it is 0) -- along one line per variable through the counterexample, the other
variables held at their counterexample values. Each line gets a panel over the variable's whole
range and, when the violation is narrow, a zoom on it, so a violation 1e-5 wide in a range of 10
is still visible.

Which axes (decided from the data, the same rule for every claim):

- **log-scale margin** (``symlog``): a panel whose largest ``|margin|`` drawn is more than
  ``SYMLOG_RATIO`` (1000) times the violation at the counterexample gets a symmetric-log y axis,
  linear within ``|margin| < linthresh`` (a quarter of the violation, so the violation itself
  lies on the logarithmic part) and logarithmic beyond: a violation of 1e-12 next to sides of
  size 1 is a visible dip below 0 rather than a line on the axis. The zoom panel on the right is
  drawn whenever floats see the violation on less than a fifth of the range (as before).
- **heat map**: an inequality (not an identity, whose float gap is mostly rounding noise) with
  two or more variables of non-degenerate range gets a last panel,
  the sign of the margin over a ``HEAT_POINTS`` x ``HEAT_POINTS`` grid of the plane of its first
  two such variables (the others at the counterexample), failing cells red, the counterexample
  marked; over the whole ranges when the grid sees a failing cell there, else over the zoom
  windows of the two lines (the violation is narrower than a grid cell).

The floats only draw the picture; the verdict rests on the certificate in the report. The figure
is drawn with matplotlib's object API (no pyplot, no global state) in its default style and saved
without metadata, so the PNG's bytes depend only on the data and the matplotlib version.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

MAX_LINES = 4  # variables drawn (the first ones with a non-degenerate range)
DOMAIN_POINTS = 1201
ZOOM_POINTS = 801
SYMLOG_RATIO = 1000.0  # largest |margin| / violation above which a panel's y axis is symlog
HEAT_POINTS = 161  # grid of the heat map per axis (41 when the body takes no arrays)


class PlotUnavailable(RuntimeError):
    """The figure cannot be drawn (matplotlib missing, or the margin cannot be evaluated)."""


@dataclass
class Line:
    """The margin along one variable through the counterexample."""

    var: str
    x0: float
    m0: float
    lo: float
    hi: float
    fixed: dict  # other variable -> float value held fixed
    domain: tuple  # (xs, margins) over [lo, hi]
    zoom: tuple | None = None  # (xs, margins) over a window around the violation
    extent: tuple | None = None  # (l, r): the interval of this line around x0 where floats say it fails
    notes: list = field(default_factory=list)
    y_scale: str = "linear"  # "symlog" when the violation is tiny next to the margin drawn
    linthresh: float | None = None


@dataclass
class HeatMap:
    """The sign of the margin over a grid of the plane of two variables through the counterexample."""

    xvar: str
    yvar: str
    xs: np.ndarray
    ys: np.ndarray
    margins: np.ndarray  # shape (len(ys), len(xs))
    x0: float
    y0: float
    window: str  # "whole ranges" or "zoom"

    @property
    def failing_fraction(self) -> float:
        return float(np.mean(_violated(self.margins, False, False)))


@dataclass
class Profile:
    claim: str
    part: int
    relation: str
    identity: bool
    strict: bool
    big: str  # "lhs" or "rhs"
    small: str
    lines: list
    skipped_vars: list = field(default_factory=list)
    heatmap: HeatMap | None = None

    @property
    def quantity(self) -> str:
        if self.identity:
            return "lhs - rhs"
        return f"{self.big} - {self.small}"

    @property
    def requirement(self) -> str:
        if self.identity:
            return "= 0"
        return "> 0" if self.strict else ">= 0"


def _violated(m: np.ndarray, identity: bool, strict: bool) -> np.ndarray:
    m = np.asarray(m, dtype=float)
    with np.errstate(invalid="ignore"):
        if identity:
            return np.isfinite(m) & (m != 0)
        if strict:
            return m <= 0
        return m < 0


def _margin_fn(claim, part: int, n_vars: int):
    """``f(columns) -> signed margins`` of leaf ``part`` (1-based) on float columns."""
    from .decide import leaf_enclosure

    def scalar(point):
        try:
            rel = claim.evaluate([float(v) for v in point])
            leaf = rel.leaves()[part - 1]
            return float(leaf_enclosure(leaf, 0.0))
        except Exception:
            return math.nan

    def f(columns):
        columns = [np.asarray(c, dtype=float) for c in columns]
        try:
            with np.errstate(all="ignore"):
                rel = claim.evaluate(columns)
                leaf = rel.leaves()[part - 1]
                out = np.asarray(leaf_enclosure(leaf, columns[0]), dtype=float)
            return np.broadcast_to(out, columns[0].shape).astype(float)
        except Exception:
            n = columns[0].shape[0]
            return np.array([scalar([c[k] for c in columns]) for k in range(n)], dtype=float)

    return f


def _extent(g, x0, lo, hi, identity, strict):
    """The interval around x0 on which the float margin along the line is violated (None if
    floats do not see a violation at x0). Found by doubling steps, then bisection."""
    if not _violated(g(np.array([x0])), identity, strict)[0]:
        return None
    ends = []
    for direction, bound in ((1.0, hi), (-1.0, lo)):
        if x0 == bound:
            ends.append(bound)
            continue
        scale = max(abs(x0), abs(bound - x0), 1e-300)
        h = scale * 2.0**-52
        inside = x0
        end = None
        while True:
            x = x0 + direction * h
            if (direction > 0 and x >= bound) or (direction < 0 and x <= bound):
                x = bound
            if _violated(g(np.array([x])), identity, strict)[0]:
                inside = x
                if x == bound:
                    end = bound
                    break
                h *= 2.0
                continue
            outside = x
            for _ in range(80):
                mid = inside / 2 + outside / 2
                if mid in (inside, outside):
                    break
                if _violated(g(np.array([mid])), identity, strict)[0]:
                    inside = mid
                else:
                    outside = mid
            end = inside
            break
        ends.append(end)
    return (ends[1], ends[0])


def choose_scale(margins, m0: float) -> tuple:
    """``("symlog", linthresh)`` when the violation ``|m0|`` is less than 1/SYMLOG_RATIO of the
    largest finite ``|margin|`` drawn, else ``("linear", None)`` (see the module docstring)."""
    ms = np.asarray(margins, dtype=float)
    ms = np.abs(ms[np.isfinite(ms)])
    v = abs(m0) if math.isfinite(m0) else 0.0
    if ms.size == 0 or v == 0.0 or not ms.max() > SYMLOG_RATIO * v:
        return "linear", None
    return "symlog", v / 4


def _heatmap(f, names, lo, hi, xstar, lines, identity, strict) -> HeatMap | None:
    varying = [i for i in range(len(names)) if hi[i] > lo[i]]
    if len(varying) < 2:
        return None
    i, j = varying[:2]
    n = HEAT_POINTS
    try:  # a body that takes no arrays (integral) is evaluated point by point: a coarser grid
        probe = f([np.full(2, float(x)) for x in xstar])
        if probe.shape != (2,):
            n = 41
    except Exception:
        n = 41

    def grid(ax, ay, bx, by):
        xs, ys = np.linspace(ax, bx, n), np.linspace(ay, by, n)
        gx, gy = np.meshgrid(xs, ys)
        cols = [np.full(gx.size, float(xstar[k])) for k in range(len(names))]
        cols[i], cols[j] = gx.ravel(), gy.ravel()
        return xs, ys, f(cols).reshape(gx.shape)

    xs, ys, ms = grid(float(lo[i]), float(lo[j]), float(hi[i]), float(hi[j]))
    window = "whole ranges"
    if not _violated(ms, identity, strict).any():
        zi = next((ln.zoom for ln in lines if ln.var == names[i] and ln.zoom is not None), None)
        zj = next((ln.zoom for ln in lines if ln.var == names[j] and ln.zoom is not None), None)
        if zi is not None or zj is not None:
            ax_, bx_ = (zi[0][0], zi[0][-1]) if zi is not None else (float(lo[i]), float(hi[i]))
            ay_, by_ = (zj[0][0], zj[0][-1]) if zj is not None else (float(lo[j]), float(hi[j]))
            xs, ys, ms = grid(ax_, ay_, bx_, by_)
            window = "zoom"
    return HeatMap(names[i], names[j], xs, ys, ms, float(xstar[i]), float(xstar[j]), window)


def margin_profile(claim, counterexample: dict, part: int = 1) -> Profile:
    """Float margins along one line per variable through ``counterexample`` (exact decimals)."""
    from .search import float_box

    names = list(claim.names)
    lo, hi = float_box(claim)
    xstar = []
    for i, n in enumerate(names):
        # the figure is drawn in floats: a counterexample beyond the float range, or one that
        # rounds out of the box (1e-600 -> 0.0), cannot be shown faithfully
        q = Fraction(counterexample[n])
        try:
            x = min(max(float(q), float(lo[i])), float(hi[i]))  # a bound such as "0.1" is no double
        except OverflowError:
            x = math.inf
        if not (math.isfinite(x) and abs(Fraction(x) - q) <= abs(q) * Fraction(1, 2**50)):
            raise PlotUnavailable(f"the counterexample {n} = {counterexample[n]} has no double inside the box "
                                  "near it (beyond the float range or below the smallest subnormal), and the "
                                  "figure is drawn in floats")
        xstar.append(x)
    with np.errstate(all="ignore"):
        probe = claim.evaluate([float(x) for x in xstar])  # some bodies (integral) take no arrays
    leaves = probe.leaves()
    if not 1 <= part <= len(leaves):
        part = 1
    leaf = leaves[part - 1]
    f = _margin_fn(claim, part, len(names))
    lines, skipped = [], []
    for i, name in enumerate(names):
        if not hi[i] > lo[i]:
            continue
        if len(lines) >= MAX_LINES:
            skipped.append(name)
            continue

        def g(xs, i=i):
            cols = [np.full(xs.shape, xstar[j]) if j != i else xs for j in range(len(names))]
            return f(cols)

        x0 = min(max(xstar[i], lo[i]), hi[i])
        xs = np.union1d(np.linspace(lo[i], hi[i], DOMAIN_POINTS), [x0])
        ms = g(xs)
        m0 = float(g(np.array([x0]))[0])
        line = Line(
            var=name,
            x0=x0,
            m0=m0,
            lo=float(lo[i]),
            hi=float(hi[i]),
            fixed={n: xstar[j] for j, n in enumerate(names) if j != i},
            domain=(xs, ms),
        )
        if not leaf.is_identity:
            ext = _extent(g, x0, float(lo[i]), float(hi[i]), leaf.is_identity, leaf.strict)
            width = float(hi[i] - lo[i])
            if ext is not None:  # float noise next to an end of the range: snap to the end
                a, b = ext
                a = float(lo[i]) if a - lo[i] <= 1e-9 * width else a
                b = float(hi[i]) if hi[i] - b <= 1e-9 * width else b
                ext = (a, b)
            line.extent = ext
            if ext is None:
                line.notes.append("floats do not resolve the violation here; only the certificate does")
                half = max(abs(x0) * 1e-9, width * 1e-9)
                a, b = x0 - half, x0 + half
            elif ext[1] - ext[0] < 0.2 * width:
                pad = max(ext[1] - ext[0], width * 1e-3 if ext[1] == ext[0] else 0.0)
                a, b = ext[0] - pad, ext[1] + pad
            else:
                a = b = None
            if a is not None:
                a, b = max(a, float(lo[i])), min(b, float(hi[i]))
                if b > a:
                    zx = np.union1d(np.linspace(a, b, ZOOM_POINTS), [x0])
                    line.zoom = (zx, g(zx))
        line.y_scale, line.linthresh = choose_scale(ms, m0)
        lines.append(line)
    heat = None
    if not leaf.is_identity:
        try:
            heat = _heatmap(f, names, lo, hi, xstar, lines, leaf.is_identity, leaf.strict)
        except Exception:  # the figure is a convenience: the line panels stay
            heat = None
    return Profile(
        claim=claim.name,
        part=part,
        relation=leaf.op,
        identity=leaf.is_identity,
        strict=leaf.strict,
        big="rhs" if leaf.op in ("<=", "<") else "lhs",
        small="lhs" if leaf.op in ("<=", "<") else "rhs",
        lines=lines,
        skipped_vars=skipped,
        heatmap=heat,
    )


def fmt(x: float, digits: int = 6) -> str:
    """A short, stable rendering of a float for captions and reports."""
    if x == 0:
        return "0"
    if not math.isfinite(x):
        return str(x)
    return f"{x:.{digits}g}"


def outward(text: str, up: bool, digits: int = 6) -> str:
    """A decimal string rounded outward to ``digits`` significant digits (down for a lower
    end, up for an upper end), so a shortened enclosure still encloses."""
    from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, localcontext

    with localcontext() as ctx:
        ctx.prec = digits
        ctx.rounding = ROUND_CEILING if up else ROUND_FLOOR
        d = +Decimal(text)
    return format(d, "g") if d != 0 else "0"


def render_png(profile: Profile, gap: list | None = None, title: str | None = None) -> bytes:
    """The PNG bytes of the figure (deterministic for given data and matplotlib version)."""
    fig = build_figure(profile, gap=gap, title=title)  # PlotUnavailable without matplotlib
    import matplotlib.style

    with matplotlib.style.context("default"):
        buf = io.BytesIO()
        fig.savefig(buf, format="png", metadata={"Software": None}, dpi=100)
    return buf.getvalue()


def build_figure(profile: Profile, gap: list | None = None, title: str | None = None):
    """The matplotlib Figure of :func:`render_png` (its axes can be inspected)."""
    try:
        import matplotlib
        import matplotlib.style
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.gridspec import GridSpec
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise PlotUnavailable("matplotlib is not installed (pip install 'theorycheck[plots]')") from exc
    if not profile.lines:
        raise PlotUnavailable("no variable with a non-degenerate range to draw")

    rows = len(profile.lines) + (1 if profile.heatmap is not None else 0)
    with matplotlib.style.context("default"):
        fig = Figure(figsize=(11, 0.8 + 3.0 * rows + (1.0 if profile.heatmap is not None else 0)), dpi=100,
                     layout="constrained")
        FigureCanvasAgg(fig)
        gs = GridSpec(rows, 2, figure=fig, height_ratios=[1] * len(profile.lines)
                      + ([1.35] if profile.heatmap is not None else []))
        ylabel = f"{profile.quantity} (must be {profile.requirement})"
        for r, line in enumerate(profile.lines):
            fixed = ", ".join(f"{k} = {fmt(v, 10)}" for k, v in line.fixed.items())
            panels = [("domain", line.domain)] + ([("zoom", line.zoom)] if line.zoom is not None else [])
            for c, (kind, (xs, ms)) in enumerate(panels):
                ax = fig.add_subplot(gs[r, c] if line.zoom is not None else gs[r, :])
                ms_plot = np.where(np.isfinite(ms), ms, np.nan)
                ax.plot(xs, ms_plot, color="tab:blue", lw=1.4, label=f"{profile.quantity} along {line.var}")
                ax.axhline(0.0, color="black", lw=0.8)
                bad = _violated(ms, profile.identity, profile.strict)
                if profile.identity:
                    pass  # the whole curve off zero is the violation; the zero line shows it
                else:
                    ax.fill_between(xs, ms_plot, 0.0, where=bad, color="tab:red", alpha=0.35,
                                    interpolate=True, lw=0, label=f"fails ({profile.quantity} {'<=' if profile.strict else '<'} 0)")
                if line.extent is not None and not profile.identity:
                    ax.axvspan(line.extent[0], line.extent[1], color="tab:red", alpha=0.08, lw=0)
                ax.axvline(line.x0, color="tab:red", lw=0.8, ls="--")
                ax.plot([line.x0], [line.m0 if math.isfinite(line.m0) else 0.0], "o", color="tab:red",
                        ms=6, zorder=5, label=f"counterexample {line.var} = {fmt(line.x0, 10)}")
                where = f"whole range of {line.var}" if kind == "domain" else f"zoom on the violation"
                ax.set_title(where + (f"  ({fixed})" if fixed else ""), fontsize=10)
                ax.set_xlabel(line.var)
                if c == 0:
                    ax.set_ylabel(ylabel, fontsize=9)
                finite = ms_plot[np.isfinite(ms_plot)]
                if finite.size and not np.any(finite):  # identically 0 along this line
                    ax.set_ylim(-1.0, 1.0)
                scale, thresh = choose_scale(ms, line.m0) if kind == "zoom" else (line.y_scale, line.linthresh)
                if scale == "symlog":
                    ax.set_yscale("symlog", linthresh=thresh)
                    ax.set_ylabel((ylabel if c == 0 else profile.quantity) + ", symlog", fontsize=9)
                ax.grid(True, alpha=0.3)
                ax.legend(loc="best", fontsize=8)
        if profile.heatmap is not None:
            _draw_heatmap(fig.add_subplot(gs[rows - 1, :]), profile)
        head = title or profile.claim
        sub = f"refuted: {profile.quantity} along each variable through the counterexample"
        if gap:
            sub += f"; certified gap there in [{outward(gap[0], False)}, {outward(gap[1], True)}]"
        fig.suptitle(head + "\n" + sub, fontsize=11)
    return fig


def _draw_heatmap(ax, profile: Profile) -> None:
    from matplotlib.colors import ListedColormap

    h = profile.heatmap
    bad = _violated(h.margins, profile.identity, profile.strict).astype(float)
    bad[~np.isfinite(h.margins)] = np.nan  # undefined in floats: left blank
    cmap = ListedColormap(["#dbe9f6", "#d62728"])
    ax.pcolormesh(h.xs, h.ys, bad, cmap=cmap, vmin=0, vmax=1, shading="nearest", rasterized=True)
    ax.plot([h.x0], [h.y0], marker="*", color="black", ms=12, ls="none",
            label=f"counterexample ({h.xvar}, {h.yvar}) = ({fmt(h.x0, 8)}, {fmt(h.y0, 8)})")
    from matplotlib.patches import Patch

    handles = [Patch(color="#d62728", label=f"fails ({profile.quantity} {'<=' if profile.strict else '<'} 0)"),
               Patch(color="#dbe9f6", label="holds")] + ax.get_legend_handles_labels()[0]
    ax.legend(handles=handles, loc="best", fontsize=8)
    ax.set_xlabel(h.xvar)
    ax.set_ylabel(h.yvar)
    others = [ln for ln in profile.lines if ln.var == h.xvar]
    fixed = ", ".join(f"{k} = {fmt(v, 10)}" for k, v in (others[0].fixed.items() if others else []) if k != h.yvar)
    where = "whole ranges" if h.window == "whole ranges" else "zoom on the violation"
    ax.set_title(f"where the claim fails in the ({h.xvar}, {h.yvar}) plane, {where}"
                 + (f"  ({fixed})" if fixed else "") + f"; {100 * h.failing_fraction:.3g} % of the grid fails",
                 fontsize=10)
