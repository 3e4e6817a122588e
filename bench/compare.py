"""Checks that rollcall, DuckDB and Polars agree on every pupil's first
national-threshold date, and prints the timings.

usage: compare.py DATA_DIR WORK_DIR [ENGINE...]

ENGINE names the runs to compare (default: rollcall duckdb polars); the
first is the base of the ratios. A run whose name starts with `rollcall`
is read from WORK_DIR/NAME.csv (rollcall's decisions), any other from
WORK_DIR/NAME.parquet (pupil, first_threshold); the timings are those
written by timed.py (NAME.json) and by the queries themselves
(NAME.query.json, where there is one). Every pupil of DATA_DIR's pupils
file (Parquet or CSV) is compared; a pupil with no date in any run
agrees. Exits 1 on any disagreement.
"""

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("POLARS_MAX_THREADS", "2")

import polars as pl  # noqa: E402

DEFAULT_ENGINES = ("rollcall", "duckdb", "polars")


def load_json(path: Path) -> dict:
    with open(path) as f:
        return json.load(f)


def first_thresholds(work: Path, engine: str) -> pl.DataFrame:
    """(pupil, ENGINE): the run's first national-threshold date per pupil."""
    if not engine.startswith("rollcall"):
        return pl.read_parquet(work / f"{engine}.parquet").rename({"first_threshold": engine})
    # rollcall: the first national_threshold decision per pupil, whatever
    # its action (notice, prosecution, manual review) or parent.
    return (
        pl.read_csv(work / f"{engine}.csv", columns=["pupil", "date", "rule"], infer_schema=False)
        .filter(pl.col("rule") == "national_threshold")
        .group_by("pupil")
        .agg(pl.col("date").str.to_date("%Y-%m-%d").min().alias(engine))
    )


def main() -> None:
    data, work = Path(sys.argv[1]), Path(sys.argv[2])
    engines = tuple(sys.argv[3:]) or DEFAULT_ENGINES
    if (data / "marks.parquet").exists():
        marks = pl.scan_parquet(data / "marks.parquet").select(pl.len()).collect().item()
        pupils = pl.read_parquet(data / "pupils.parquet", columns=["pupil"])
    else:
        marks = pl.scan_csv(data / "marks.csv", infer_schema=False).select(pl.len()).collect().item()
        pupils = pl.read_csv(data / "pupils.csv", columns=["pupil"], infer_schema=False)

    table = pupils
    for engine in engines:
        table = table.join(first_thresholds(work, engine), on="pupil", how="left")
    base_column = pl.col(engines[0])
    same = pl.lit(True)
    for engine in engines[1:]:
        same = same & base_column.eq_missing(pl.col(engine))
    differ = table.filter(~same).sort("pupil")
    total = table.height
    agree = total - differ.height

    print()
    others = ", ".join(f"{engine} {table[engine].count()}" for engine in engines[1:])
    print(f"first threshold date per pupil: {total} pupils compared, "
          f"{table[engines[0]].count()} reach a national_threshold decision in {engines[0]} "
          f"({others})")
    print(f"agreement: {agree} of {total} pupils ({100 * agree / max(total, 1):.4f}%); "
          f"{differ.height} mismatches")
    if differ.height:
        print("first 20 mismatches (null: no threshold decision):")
        with pl.Config(tbl_rows=20, tbl_hide_dataframe_shape=True, tbl_hide_column_data_types=True):
            print(differ.head(20))

    timings = {}
    for engine in engines:
        run = load_json(work / f"{engine}.json")
        query_file = work / f"{engine}.query.json"
        query = load_json(query_file)["query_seconds"] if query_file.exists() else run["wall_seconds"]
        timings[engine] = {**run, "query_seconds": query}
    base = timings[engines[0]]
    print()
    print(f"timings on {marks:,} marks (2 threads each; measured by {base['measured_by']})")
    width = max(9, *(len(engine) for engine in engines))
    header = (f"{'engine':<{width}} {'time s':>9} {'process s':>10} {'marks/s':>10} {'CPU s':>8} "
              f"{'peak RSS MiB':>13} {'time / ' + engines[0]:>16} {'RSS / ' + engines[0]:>15}")
    print(header)
    print("-" * len(header))
    for engine in engines:
        t = timings[engine]
        print(f"{engine:<{width}} {t['query_seconds']:>9.2f} {t['wall_seconds']:>10.2f} "
              f"{marks / t['query_seconds'] / 1e6:>9.2f}M {t['cpu_seconds']:>8.1f} "
              f"{t['max_rss_kib'] / 1024:>13,.0f} "
              f"{t['query_seconds'] / base['query_seconds']:>15.2f}x "
              f"{t['max_rss_kib'] / base['max_rss_kib']:>14.2f}x")
    duckdb_query = load_json(work / "duckdb.query.json") if (work / "duckdb.query.json").exists() else {}
    if duckdb_query.get("disabled_optimizers"):
        print(f"DuckDB optimizers turned off: {duckdb_query['disabled_optimizers']} (see threshold_duckdb.py)")
    print("time: rollcall eval end to end (process wall time); DuckDB and Polars: the query from the")
    print("data files to the result file, timed inside the process (process s adds Python start-up")
    print(f"and imports). marks/s = marks / time. x > 1: the engine took longer / used more than {engines[0]}.")
    sys.exit(0 if differ.height == 0 else 1)


if __name__ == "__main__":
    main()
