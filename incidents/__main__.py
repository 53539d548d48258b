"""Command line: `python -m incidents validate [DATA_DIR]` and `python -m incidents geocode ...`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from incidents import check_dataset
from incidents.contract.problems import has_errors

_USAGE = """usage: python -m incidents COMMAND [ARGS]

commands:
  validate [DATA_DIR]   check the dataset (default: data); one line per problem, exit 1 on errors
  geocode [DATA_DIR]    fill missing place coordinates (see: python -m incidents geocode --help)
"""


def validate(argv: Sequence[str]) -> int:
    """Print one line per problem; exit 1 when there are errors, 0 otherwise."""
    parser = argparse.ArgumentParser(prog="python -m incidents validate", description=validate.__doc__)
    parser.add_argument("data_dir", nargs="?", default="data", type=Path, help="dataset directory (default: data)")
    parser.add_argument("--quiet", action="store_true", help="print nothing when the data are valid")
    arguments = parser.parse_args(argv)
    if not arguments.data_dir.is_dir():
        print(f"{arguments.data_dir}: not a directory; give the folder that holds events.csv", file=sys.stderr)
        return 1
    problems = check_dataset(arguments.data_dir)
    for problem in problems:
        print(problem)
    errors = sum(problem.severity == "error" for problem in problems)
    warnings = len(problems) - errors
    if problems or not arguments.quiet:
        verdict = "invalid" if has_errors(problems) else "valid"
        print(f"{arguments.data_dir}: {verdict} ({errors} errors, {warnings} warnings)", file=sys.stderr)
    return 1 if errors else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch to a subcommand."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments or arguments[0] in ("-h", "--help"):
        print(_USAGE, end="")
        return 0 if arguments else 2
    command, rest = arguments[0], arguments[1:]
    if command == "validate":
        return validate(rest)
    if command == "geocode":
        # Imported here so validating never pays for loading geopy.
        from incidents.geocoding.cli import main as geocode_main

        return geocode_main(rest)
    print(f"unknown command {command!r}\n{_USAGE}", file=sys.stderr, end="")
    return 2


if __name__ == "__main__":
    sys.exit(main())
