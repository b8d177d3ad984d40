"""`python3 -m theorycheck ...` runs the command-line tool (the same as the `theorycheck` script)."""

from .cli import main

raise SystemExit(main())
