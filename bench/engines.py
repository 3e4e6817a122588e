"""Runs one engine's national-threshold query on a Parquet data directory
and writes each pupil's first threshold date to a Parquet file.

usage: engines.py duckdb|polars DATA_DIR OUT_FILE
"""

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run_duckdb(data: Path, out: Path) -> None:
    import duckdb

    con = duckdb.connect()
    con.execute("SET threads = 2")
    con.execute(f"CREATE VIEW marks AS SELECT * FROM read_parquet('{data / 'marks.parquet'}')")
    query = (HERE / "threshold.sql").read_text()
    con.execute(f"COPY ({query}) TO '{out}' (FORMAT parquet)")


def run_polars(data: Path, out: Path) -> None:
    sys.path.insert(0, str(HERE))
    from threshold_polars import first_threshold

    first_threshold(str(data / "marks.parquet")).write_parquet(out)


if __name__ == "__main__":
    engine, data, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    os.environ.setdefault("POLARS_MAX_THREADS", "2")
    {"duckdb": run_duckdb, "polars": run_polars}[engine](data, out)
