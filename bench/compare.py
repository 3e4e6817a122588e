"""Times rollcall, DuckDB and Polars on the same Parquet cohort and checks
that they agree on every compared pupil's first national-threshold date.

usage: compare.py ROLLCALL POLICIES DATA_DIR WORK_DIR START_YEAR
"""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import polars as pl

HERE = Path(__file__).resolve().parent


def timed(command: list[str], env: dict | None = None) -> tuple[float, int]:
    """Wall seconds and peak RSS (MiB) of a command, via /usr/bin/time."""
    result = subprocess.run(
        ["/usr/bin/time", "-f", "%e %M", *command],
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=True,
    )
    seconds, kib = result.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kib) // 1024


def main() -> None:
    rollcall, policies, data, work, start_year = sys.argv[1:6]
    data, work, start_year = Path(data), Path(work), int(start_year)
    marks = pl.scan_parquet(data / "marks.parquet").select(pl.len()).collect().item()
    results = {}
    decisions = work / "rollcall.csv"
    runs = {
        "rollcall": [rollcall, "eval", "--policies", policies, "--data", str(data),
                     "--format", "csv", "--output", str(decisions)],
        "duckdb": [sys.executable, str(HERE / "engines.py"), "duckdb", str(data), str(work / "duckdb.parquet")],
        "polars": [sys.executable, str(HERE / "engines.py"), "polars", str(data), str(work / "polars.parquet")],
    }
    for name, command in runs.items():
        results[name] = timed(command, {"POLARS_MAX_THREADS": "2"})
        print(f"{name:9} {results[name][0]:8.2f} s  {marks / results[name][0] / 1e6:8.1f}M marks/s  "
              f"peak {results[name][1]:6d} MiB", flush=True)

    # Pupils of compulsory school age over the whole academic year: the SQL
    # and Polars queries leave the age rule out, so they are compared there.
    first = dt.date(start_year - 15, 9, 1)
    last = dt.date(start_year - 5, 8, 31)
    pupils = (
        pl.read_parquet(data / "pupils.parquet", columns=["pupil", "date_of_birth"])
        .filter(pl.col("date_of_birth").is_between(first, last))
        .select("pupil")
    )
    ours = (
        pl.read_csv(decisions, columns=["pupil", "date", "rule"], try_parse_dates=True)
        .filter(pl.col("rule") == "national_threshold")
        .group_by("pupil")
        .agg(pl.col("date").min().alias("rollcall"))
    )
    table = pupils
    for name, frame in [
        ("rollcall", ours),
        ("duckdb", pl.read_parquet(work / "duckdb.parquet").rename({"first_threshold": "duckdb"})),
        ("polars", pl.read_parquet(work / "polars.parquet").rename({"first_threshold": "polars"})),
    ]:
        table = table.join(frame, on="pupil", how="left")
    differ = table.filter(
        ~(pl.col("rollcall").eq_missing(pl.col("duckdb")) & pl.col("rollcall").eq_missing(pl.col("polars")))
    )
    compared = table.height
    agree = compared - differ.height
    reached = table.filter(pl.col("rollcall").is_not_null()).height
    print(f"compared {compared} pupils (of compulsory school age all year; {reached} reach the threshold): "
          f"{agree} agree ({100 * agree / max(compared, 1):.3f}%)")
    if differ.height:
        print(differ.head(20))
    for other in ("duckdb", "polars"):
        print(f"rollcall is {results[other][0] / results['rollcall'][0]:.2f}x the speed of {other}")
    sys.exit(0 if differ.height == 0 else 1)


if __name__ == "__main__":
    main()
