"""Benchmark of the indicators engines (`make bench` runs it): N procurement records
(default 1,000,000) through the pure-Python path and the pandas path. Prints the
figures; asserts nothing (target: pandas under 5 s for 1,000,000 records).

    .venv/bin/python bench/bench_indicators.py [--rows N] [--by group,entity]
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gpp_core import indicators  # noqa: E402

GROUPS = [f"Group {i:02d}" for i in range(40)]
ENTITIES = [f"Entity {i:03d}" for i in range(300)]
STRATEGIES = [
    "technicalSpecifications",
    "selectionCriteria",
    "awardCriteria",
    "contractPerformanceConditions",
]


def dataset(rows: int, seed: int = 7) -> str:
    """A CSV of ``rows`` synthetic contracts in the template's columns (about 1 % bad)."""
    rng = random.Random(seed)
    header = [c.id for c in indicators.dictionary().columns]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    yes_no = ["yes", "no", ""]
    for i in range(rows):
        sustainable = rng.random() < 0.4
        amount = f"{rng.randrange(100, 5_000_000)}.{rng.randrange(100):02d}"
        if rng.random() < 0.01:
            amount = rng.choice(["n/a", "-5", "1,000.50"])
        writer.writerow(
            [
                f"C-{i}",
                rng.choice(ENTITIES),
                rng.choice(GROUPS),
                date(
                    rng.randrange(2019, 2026), rng.randrange(1, 13), rng.randrange(1, 29)
                ).isoformat(),
                amount,
                "PEN",
                "yes" if sustainable else "no",
                "environmental;social.smeInclusion" if sustainable and rng.random() < 0.5 else "",
                ";".join(rng.sample(STRATEGIES, rng.randrange(0, 3))) if sustainable else "",
                f"{rng.random() * 20:.2f}" if sustainable and rng.random() < 0.3 else "",
                rng.choice(yes_no),
                rng.choice(yes_no),
                rng.choice(yes_no),
                rng.choice(yes_no),
            ]
        )
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--by", default="group,entity")
    args = parser.parse_args()
    started = time.perf_counter()
    text = dataset(args.rows)
    data = text.encode("utf-8")
    print(
        f"indicators: {args.rows:,} records, {len(data) / 1e6:.0f} MB CSV "
        f"(generated in {time.perf_counter() - started:.1f} s), --by {args.by}"
    )
    indicators.compute(text[: text.index("\n", 300)], engine="pandas")  # imports, warm-up
    results = {}
    for engine in ("pandas", "python"):
        started, cpu = time.perf_counter(), time.process_time()
        results[engine] = indicators.compute(data, by=args.by, engine=engine)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        result = results[engine]
        print(
            f"  {engine:7s} {elapsed:6.2f} s wall, {cpu:6.2f} s CPU   "
            f"rows used {result['rows']['used']:,}, rejected {result['rows']['rejected']:,}, "
            f"groups {len(result['breakdown']):,}"
        )
    same = {k: v for k, v in results["pandas"].items() if k != "engine"} == {
        k: v for k, v in results["python"].items() if k != "engine"
    }
    print(f"  identical results: {'yes' if same else 'NO'} (target: pandas under 5 s)")
    print(
        "  (CPU time is this process's own; on a shared machine the wall time also counts the "
        "time spent waiting for a core. pandas and pyarrow are imported before timing.)"
    )


if __name__ == "__main__":
    main()
