"""The project stands on its own (issue 14).

- No tracked text file holds an absolute path of some machine (a folder work, home, Users, tmp ...
  at the root of the file system, or a Windows drive) or points at a folder "shared" beside the
  checkout: a user's checkout has neither.
- What the lemma files and experiment reports need of the Li et al. model is in the project, on the
  model page ``reports/MODEL.md``, linked from the indexes; the links of the hand-written pages
  resolve.
- ``theorycheck experiment NAME`` never loses finished work for want of matplotlib: matplotlib is a
  plain dependency, and an experiment checks that it can be imported before computing anything.

The patterns below are assembled from pieces, so this file does not match them itself.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SLASH, BACKSLASH = "/", "\\"

# (name, regex): what no tracked text file may contain
FORBIDDEN = [
    ("absolute Unix path",
     re.compile(r"(?<![\w.~\-])" + SLASH + r"(?:work|home|Users|tmp|root|mnt|private" + SLASH + r"var)" + SLASH)),
    ("absolute Windows path", re.compile(r"\b[A-Za-z]:" + BACKSLASH * 2 + r"\w")),
    ("a folder beside the checkout", re.compile(r"\.\." + SLASH + r"shared\b")),
    ("a folder beside the checkout",
     re.compile(r"""\.parents?(?:\[\d+\])?\s*/\s*["']shared["']""")),
]
# (path, name): a tracked file allowed one kind of match, with the reason. Empty: nothing needs it.
ALLOWED: dict[tuple[str, str], str] = {}

SKIPPED_DIRS = {"__pycache__", "build", "dist", "node_modules"}


def tracked_files(root: Path) -> list[Path]:
    """The files of the project: git's list in a git checkout, else a walk that leaves out hidden
    folders (``.git``, virtual environments such as ``.ci-venv``), build output and egg-info."""
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True, timeout=60)
        names = [n for n in out.stdout.decode("utf-8").split("\0") if n]
        if names:
            return [root / n for n in names if (root / n).is_file()]
    except (OSError, subprocess.SubprocessError):
        pass
    found = []
    for p in root.rglob("*"):
        rel = p.relative_to(root).parts
        if any(part.startswith(".") or part in SKIPPED_DIRS or part.endswith(".egg-info") for part in rel[:-1]):
            continue
        if p.is_file() and not (p.parent / "pyvenv.cfg").exists():
            found.append(p)
    return found


def text_of(path: Path) -> str | None:
    """The file's text, or None for a binary file (a NUL byte, or not UTF-8)."""
    data = path.read_bytes()
    if b"\0" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def forbidden_paths(root: Path, files) -> list[str]:
    """``path:line: kind: text`` for every forbidden match outside ALLOWED."""
    hits = []
    for path in files:
        text = text_of(path)
        if text is None:
            continue
        rel = path.relative_to(root).as_posix()
        for ln, line in enumerate(text.splitlines(), 1):
            for name, rx in FORBIDDEN:
                if rx.search(line) and (rel, name) not in ALLOWED:
                    hits.append(f"{rel}:{ln}: {name}: {line.strip()[:160]}")
    return hits


def test_no_absolute_path_and_nothing_beside_the_checkout():
    files = tracked_files(ROOT)
    assert len(files) > 50, "the scan found almost no files: is this a checkout of the project?"
    hits = forbidden_paths(ROOT, files)
    assert not hits, "paths that exist on one machine only:\n" + "\n".join(hits)


def test_the_scanner_finds_what_it_must_and_only_that(tmp_path):
    bad = {
        "a.md": "see `" + SLASH + "work" + SLASH + "shared" + SLASH + "reference" + SLASH + "x.md`",
        "b.py": "DATA = '" + SLASH + "home" + SLASH + "alice" + SLASH + "data.csv'",
        "c.md": "written to " + SLASH + "tmp" + SLASH + "pytest-of-bob" + SLASH + "report.md",
        "d.txt": "C:" + BACKSLASH + "Users" + BACKSLASH + "carol",
        "e.md": "as in .." + SLASH + "shared" + SLASH + "seeds",
        "f.py": "SHARED = Path(__file__).parents[2] " + SLASH + " 'shared'",
        "g.md": "macOS: " + SLASH + "Users" + SLASH + "dan" + SLASH + "x",
    }
    good = {
        "h.md": ("reports" + SLASH + "home" + SLASH + "page.md, https://example.org" + SLASH + "home" + SLASH + "x, lemmas"
                 + SLASH + "tmp" + SLASH + "x.py, ~" + SLASH + "tmp" + SLASH + "x, and a shared mean"),
        "i.py": "out = tmp_path / 'reports'  # a relative path: reports/experiments/li-fig2.md",
        "j.bin": "\0" + SLASH + "work" + SLASH,  # binary: not read
    }
    for name, text in {**bad, **good}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    hits = forbidden_paths(tmp_path, sorted(tmp_path.iterdir()))
    assert sorted({h.split(":")[0] for h in hits}) == sorted(bad)


def test_tracked_files_leave_out_virtual_environments(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "a.py").write_text("x = 1\n")
    venv = tmp_path / "venv"
    (venv / "lib").mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text("home = " + SLASH + "usr" + SLASH + "bin\n")
    (venv / "lib" / "b.py").write_text("y = 2\n")
    (tmp_path / ".ci-venv").mkdir()
    (tmp_path / ".ci-venv" / "c.py").write_text("z = 3\n")
    names = {p.relative_to(tmp_path).as_posix() for p in tracked_files(tmp_path)}
    assert "pkg/a.py" in names and ".ci-venv/c.py" not in names and "venv/pyvenv.cfg" not in names


# -- the model page --------------------------------------------------------------------------------

MODEL = ROOT / "reports" / "MODEL.md"
LINK = re.compile(r"\]\(([^)\s]+)\)")


def relative_links(page: Path) -> list[str]:
    return [t for t in LINK.findall(page.read_text(encoding="utf-8"))
            if not re.match(r"[a-z]+:", t) and not t.startswith("#")]


def test_the_model_page_is_there_and_linked():
    text = MODEL.read_text(encoding="utf-8")
    for needed in ("Rect(delta)", "opt(delta)", "Sep(gamma)", "B(C)", "Lemma 4.3", "Lemma 4.4", "Theorem 3.1",
                   "Lemma 4.2", "Lemma C.6", "not available"):
        assert needed in text, needed
    assert "MODEL.md" in (ROOT / "reports" / "FINDINGS.md").read_text(encoding="utf-8")
    assert "(MODEL.md)" in (ROOT / "reports" / "README.md").read_text(encoding="utf-8")
    assert "(../MODEL.md)" in (ROOT / "reports" / "experiments" / "README.md").read_text(encoding="utf-8")
    assert "reports/MODEL.md" in (ROOT / "lemmas" / "li2018_gradient_lemmas.py").read_text(encoding="utf-8")


@pytest.mark.parametrize("page", ["reports/MODEL.md", "reports/FINDINGS.md", "reports/experiments/li-fig2.md",
                                  "reports/experiments/li-thm31.md", "reports/experiments/li-lemma43.md",
                                  "tests/data/README.md"])
def test_links_of_the_hand_written_pages_resolve(page):
    path = ROOT / page
    links = relative_links(path)
    assert links or page.startswith("tests/"), f"{page} links to nothing"
    missing = [t for t in links if not (path.parent / t.split("#")[0]).exists()]
    assert not missing, f"{page}: links to missing files: {missing}"


def test_findings_give_six_significant_digits_in_the_text():
    """The full enclosures are on the linked pages; the text carries at most 6 significant digits."""
    text = (ROOT / "reports" / "FINDINGS.md").read_text(encoding="utf-8")
    text = LINK.sub("]()", text)  # link targets are file names, not numbers
    long = [m.group() for m in re.finditer(r"(?<![\w.])\d+\.\d+(?:e-?\d+)?", text)
            if len(m.group().split("e")[0].replace(".", "").lstrip("0")) > 6]
    assert not long, f"numbers with more than 6 significant digits in FINDINGS.md: {long}"


# -- experiments without matplotlib ----------------------------------------------------------------


def test_matplotlib_is_a_plain_dependency():
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(re.match(r"matplotlib\b", d) for d in project["dependencies"])
    assert "plots" in project["optional-dependencies"]  # the README's `.[plots]` still installs


def test_an_experiment_without_matplotlib_stops_before_computing(monkeypatch, tmp_path, capsys):
    from theorycheck import cli, experiments

    calls = []
    monkeypatch.setitem(experiments.EXPERIMENTS, "li-fig2", lambda *a, **k: calls.append(a) or "ran")
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # `import matplotlib` raises ImportError
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    out = tmp_path / "exp"
    status = cli.main(["experiment", "li-fig2", "--quick", "--quiet", "--out", str(out)])
    err = capsys.readouterr().err
    assert status == 2
    assert calls == [] and not out.exists()
    assert "matplotlib" in err and "pip install matplotlib" in err and "Nothing was computed" in err
    with pytest.raises(experiments.MatplotlibMissing):
        experiments.run_experiment("li-fig2", out=out, quick=True)
    assert calls == []


def test_an_experiment_with_matplotlib_runs(monkeypatch, tmp_path):
    """The control: the same call with matplotlib present reaches the experiment."""
    pytest.importorskip("matplotlib")
    from theorycheck import experiments

    calls = []
    monkeypatch.setitem(experiments.EXPERIMENTS, "li-fig2", lambda out, **k: calls.append(out) or "ran")
    res = experiments.run_experiment("li-fig2", out=tmp_path, quick=True)
    assert calls == [tmp_path] and res.summary == "ran"
