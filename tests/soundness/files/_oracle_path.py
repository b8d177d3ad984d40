"""Lets the files here import tests/soundness/_oracle.py (their parent directory's module)."""

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location("soundness_oracle", Path(__file__).resolve().parents[1] / "_oracle.py")
oracle = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(oracle)
