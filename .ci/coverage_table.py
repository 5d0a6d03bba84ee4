"""Print line coverage per package from the `.coverage` file pytest-cov wrote (CI log).

Usage: .venv/bin/python .ci/coverage_table.py [--min PERCENT]
Top-level packages, and app/ and ui/ one level deeper, then the ten least covered modules.
With --min, exits 1 when the total falls below PERCENT.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import coverage

ROOT = Path(__file__).resolve().parent.parent
DEEPER = {"app", "ui", "store"}


def package_of(rel: Path) -> str:
    parts = rel.parts
    if parts[0] in DEEPER and len(parts) > 2:
        return f"{parts[0]}/{parts[1]}"
    return parts[0]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--min", type=float, default=None)
    args = parser.parse_args()
    cov = coverage.Coverage(data_file=str(ROOT / ".coverage"))
    cov.load()
    per_package: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    per_module: list[tuple[float, str, int, int]] = []
    for name in cov.get_data().measured_files():
        path = Path(name)
        try:
            rel = path.resolve().relative_to(ROOT)
        except ValueError:
            continue
        _, statements, _, missing, _ = cov.analysis2(name)
        if not statements:
            continue
        per_package[package_of(rel)][0] += len(statements)
        per_package[package_of(rel)][1] += len(missing)
        covered = 100.0 * (len(statements) - len(missing)) / len(statements)
        per_module.append((covered, str(rel), len(statements), len(missing)))
    if not per_package:
        print("coverage: no data in .coverage", file=sys.stderr)
        return 2
    print(f"{'package':<22}{'lines':>8}{'missed':>8}{'cover':>8}")
    total = [0, 0]
    for package in sorted(per_package):
        lines, missed = per_package[package]
        total[0] += lines
        total[1] += missed
        print(f"{package:<22}{lines:>8}{missed:>8}{100 * (lines - missed) / lines:>7.1f}%")
    percent = 100 * (total[0] - total[1]) / total[0]
    print(f"{'TOTAL':<22}{total[0]:>8}{total[1]:>8}{percent:>7.1f}%")
    print("\nleast covered modules (with 20+ lines):")
    for covered, rel, lines, missed in sorted(m for m in per_module if m[2] >= 20)[:10]:
        print(f"  {covered:5.1f}%  {rel} ({missed} of {lines} lines not run)")
    if args.min is not None and percent < args.min:
        print(f"coverage {percent:.1f}% is below the floor of {args.min:.1f}%", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
