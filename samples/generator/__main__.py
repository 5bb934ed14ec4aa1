"""`python -m samples.generator --out samples/corpus`: (re)generate the sample corpus from its seed."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from samples.generator.corpus import DEFAULT_SEED, generate, plan
from samples.generator.office import NeedsOffice


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("samples/corpus"))
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--only", nargs="*", help="names of entries to build (default: all)")
    args = parser.parse_args(argv)
    entries = [e for e in plan() if not args.only or e.name in args.only]
    if not entries:
        print("no matching entry", file=sys.stderr)
        return 2
    for entry in entries:
        try:
            path = generate(entry, args.out, args.seed)
        except NeedsOffice as missing:
            print(f"skipped {missing}", file=sys.stderr)
            continue
        print(path, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
