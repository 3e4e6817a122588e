"""Each pupil's first national-threshold decision date in DuckDB: runs
threshold.sql over the data files, Parquet (marks.parquet, pupils.parquet)
or, where there is no Parquet, CSV (marks.csv, pupils.csv; the columns
typed as the data contract says, dates as DATE).

usage: threshold_duckdb.py DATA_DIR OUT_FILE [TIMING_JSON]

Writes one row per pupil who reaches a decision (pupil, first_threshold) to
OUT_FILE (Parquet) and the query's own wall time to TIMING_JSON. Threads:
DUCKDB_THREADS (bench/run sets it to 2). Optimizers turned off:
DUCKDB_DISABLED_OPTIMIZERS (default partitioned_execution, see below).
"""

import json
import os
import sys
import time
from pathlib import Path

import duckdb

HERE = Path(__file__).resolve().parent

# The data contract's columns, typed as threshold.sql reads them.
CSV_COLUMNS = {
    "marks": "{'pupil': 'VARCHAR', 'school': 'VARCHAR', 'date': 'DATE', 'session': 'VARCHAR', 'code': 'VARCHAR'}",
    "pupils": "{'pupil': 'VARCHAR', 'date_of_birth': 'DATE', 'parents': 'VARCHAR'}",
}


def quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def main() -> None:
    data, out = Path(sys.argv[1]), Path(sys.argv[2])
    threads = int(os.environ.get("DUCKDB_THREADS", "2"))
    query = (HERE / "threshold.sql").read_text()
    started = time.perf_counter()
    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    # Spill to the work directory rather than /tmp if memory runs short.
    con.execute(f"SET temp_directory = {quoted(out.parent / 'duckdb.tmp')}")
    con.execute("SET preserve_insertion_order = false")
    # DuckDB 2.0's `partitioned_execution` optimizer splits this query into
    # pupil ranges and reads marks.parquet once per range, every row group
    # each time (28 full scans for 1,000,000 pupils): 114 s instead of 43 s,
    # same result. It is off unless DUCKDB_DISABLED_OPTIMIZERS says otherwise
    # (DUCKDB_DISABLED_OPTIMIZERS= runs DuckDB's defaults).
    disabled = os.environ.get("DUCKDB_DISABLED_OPTIMIZERS", "partitioned_execution")
    if disabled:
        try:
            con.execute(f"SET disabled_optimizers = '{disabled}'")
        except duckdb.Error as error:
            print(f"threshold_duckdb: cannot disable {disabled}: {error}", file=sys.stderr)
            disabled = ""
    for table in ("marks", "pupils"):
        parquet = data / (table + ".parquet")
        if parquet.exists():
            source = f"read_parquet({quoted(parquet)})"
        else:
            source = f"read_csv({quoted(data / (table + '.csv'))}, header = true, columns = {CSV_COLUMNS[table]})"
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM {source}")
    con.execute(f"COPY ({query}) TO {quoted(out)} (FORMAT parquet)")
    seconds = time.perf_counter() - started
    if len(sys.argv) > 3:
        with open(sys.argv[3], "w") as f:
            json.dump({"query_seconds": seconds, "threads": threads, "disabled_optimizers": disabled}, f)


if __name__ == "__main__":
    main()
