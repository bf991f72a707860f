"""Runs every benchmark module and writes bench/results.json and BENCHMARKS.md."""

from __future__ import annotations

import argparse
import sys


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="small sizes, under a minute")
    parser.parse_args()
    print("no benchmarks yet", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
