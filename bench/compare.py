"""Checks that rollcall, DuckDB and Polars agree on every pupil's first
national-threshold date, and prints the timings.

usage: compare.py DATA_DIR WORK_DIR

Reads from WORK_DIR: rollcall.csv (rollcall's decisions), duckdb.parquet and
polars.parquet (pupil, first_threshold), and the timings written by
timed.py (rollcall.json, duckdb.json, polars.json) and by the queries
themselves (duckdb.query.json, polars.query.json). Every pupil of
DATA_DIR/pupils.parquet is compared; a pupil with no date in any of the three
agrees. Exits 1 on any disagreement.
"""

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("POLARS_MAX_THREADS", "2")

import polars as pl  # noqa: E402

ENGINES = ("rollcall", "duckdb", "polars")


def load_json(path: Path) -> dict:
    with open(path) as f:
        return json.load(f)


def main() -> None:
    data, work = Path(sys.argv[1]), Path(sys.argv[2])
    marks = pl.scan_parquet(data / "marks.parquet").select(pl.len()).collect().item()
    pupils = pl.read_parquet(data / "pupils.parquet", columns=["pupil"])

    # rollcall: the first national_threshold decision per pupil, whatever
    # its action (notice, prosecution, manual review) or parent.
    rollcall = (
        pl.read_csv(work / "rollcall.csv", columns=["pupil", "date", "rule"], infer_schema=False)
        .filter(pl.col("rule") == "national_threshold")
        .group_by("pupil")
        .agg(pl.col("date").str.to_date("%Y-%m-%d").min().alias("rollcall"))
    )
    table = pupils.join(rollcall, on="pupil", how="left")
    for engine in ENGINES[1:]:
        frame = pl.read_parquet(work / f"{engine}.parquet").rename({"first_threshold": engine})
        table = table.join(frame, on="pupil", how="left")
    same = pl.col("rollcall").eq_missing(pl.col("duckdb")) & pl.col("rollcall").eq_missing(pl.col("polars"))
    differ = table.filter(~same).sort("pupil")
    total = table.height
    agree = total - differ.height

    print()
    print(f"first threshold date per pupil: {total} pupils compared, "
          f"{table['rollcall'].count()} reach a national_threshold decision in rollcall "
          f"(DuckDB {table['duckdb'].count()}, Polars {table['polars'].count()})")
    print(f"agreement: {agree} of {total} pupils ({100 * agree / max(total, 1):.4f}%); "
          f"{differ.height} mismatches")
    if differ.height:
        print("first 20 mismatches (null: no threshold decision):")
        with pl.Config(tbl_rows=20, tbl_hide_dataframe_shape=True, tbl_hide_column_data_types=True):
            print(differ.head(20))

    timings = {}
    for engine in ENGINES:
        run = load_json(work / f"{engine}.json")
        query_file = work / f"{engine}.query.json"
        query = load_json(query_file)["query_seconds"] if query_file.exists() else run["wall_seconds"]
        timings[engine] = {**run, "query_seconds": query}
    base = timings["rollcall"]
    print()
    print(f"timings on {marks:,} marks (2 threads each; measured by {base['measured_by']})")
    header = (f"{'engine':<9} {'time s':>9} {'process s':>10} {'marks/s':>10} {'CPU s':>8} "
              f"{'peak RSS MiB':>13} {'time / rollcall':>16} {'RSS / rollcall':>15}")
    print(header)
    print("-" * len(header))
    for engine in ENGINES:
        t = timings[engine]
        print(f"{engine:<9} {t['query_seconds']:>9.2f} {t['wall_seconds']:>10.2f} "
              f"{marks / t['query_seconds'] / 1e6:>9.2f}M {t['cpu_seconds']:>8.1f} "
              f"{t['max_rss_kib'] / 1024:>13,.0f} "
              f"{t['query_seconds'] / base['query_seconds']:>15.2f}x "
              f"{t['max_rss_kib'] / base['max_rss_kib']:>14.2f}x")
    duckdb_query = load_json(work / "duckdb.query.json") if (work / "duckdb.query.json").exists() else {}
    if duckdb_query.get("disabled_optimizers"):
        print(f"DuckDB optimizers turned off: {duckdb_query['disabled_optimizers']} (see threshold_duckdb.py)")
    print("time: rollcall eval end to end (process wall time); DuckDB and Polars: the query from the")
    print("Parquet files to the result file, timed inside the process (process s adds Python start-up")
    print("and imports). marks/s = marks / time. x > 1: the engine took longer / used more than rollcall.")
    sys.exit(0 if differ.height == 0 else 1)


if __name__ == "__main__":
    main()
