"""Fallback CSV -> Parquet conversion with DuckDB, for when `rollcall
convert` is not available. Writes the data contract's Parquet schema
(README.md, "Data contract"), rows in the same order:

- schools.parquet: school, name, authority (Utf8)
- pupils.parquet:  pupil (Utf8), date_of_birth (Date32), parents (Utf8, '' when none)
- marks.parquet:   pupil, school (Utf8), date (Date32), session, code (Utf8)
- events.parquet:  pupil (Utf8), parent (Utf8, null), kind (Utf8), start (Date32),
                   end (Date32, null), detail (Utf8, null)

usage: convert_duckdb.py FROM_DIR TO_DIR
"""

import os
import sys
from pathlib import Path

import duckdb

TABLES = {
    "schools": ({"school": "VARCHAR", "name": "VARCHAR", "authority": "VARCHAR"}, "*"),
    "pupils": (
        {"pupil": "VARCHAR", "date_of_birth": "DATE", "parents": "VARCHAR"},
        "pupil, date_of_birth, coalesce(parents, '') AS parents",
    ),
    "marks": (
        {"pupil": "VARCHAR", "school": "VARCHAR", "date": "DATE", "session": "VARCHAR", "code": "VARCHAR"},
        "*",
    ),
    "events": (
        {"pupil": "VARCHAR", "parent": "VARCHAR", "kind": "VARCHAR", "start": "DATE", "end": "DATE",
         "detail": "VARCHAR"},
        "*",
    ),
}


def quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def main() -> None:
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    target.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute(f"SET threads = {int(os.environ.get('DUCKDB_THREADS', '2'))}")
    con.execute("SET preserve_insertion_order = true")
    for table, (columns, select) in TABLES.items():
        csv = source / f"{table}.csv"
        if not csv.exists():
            continue
        types = "{" + ", ".join(f"'{name}': '{kind}'" for name, kind in columns.items()) + "}"
        con.execute(
            f"COPY (SELECT {select} FROM read_csv({quoted(csv)}, header = true, auto_detect = false, "
            f"columns = {types}, dateformat = '%Y-%m-%d', quote = '\"', escape = '\"')) "
            f"TO {quoted(target / (table + '.parquet'))} (FORMAT parquet)"
        )
        rows = con.execute(f"SELECT count(*) FROM read_parquet({quoted(target / (table + '.parquet'))})").fetchone()[0]
        print(f"convert_duckdb: {table}.parquet: {rows} rows", file=sys.stderr)


if __name__ == "__main__":
    main()
