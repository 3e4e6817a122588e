"""Does the agreement check have teeth? Runs threshold.sql with one detail of
the semantics changed at a time and counts the pupils whose first threshold
date would then differ from rollcall's. Optional; not part of bench/run.

usage: sensitivity.py WORK_DIR
  WORK_DIR: a bench work directory after bench/run (parquet/ and rollcall.csv),
  e.g. target/bench/p100000-y1-s1
"""

import sys
from pathlib import Path

import duckdb

HERE = Path(__file__).resolve().parent
SQL = (HERE / "threshold.sql").read_text()

# (description, [(text in threshold.sql, replacement), ...])
AGE_FROM = 's."date" >= age.first_day'
AGE_TO = 's."date" <= age.june_30 - CAST((isodow(age.june_30) + 2) % 7 AS INTEGER)'
VARIANTS = [
    ("fires on every day the count is >= 10 (not only when it starts to hold)",
     [("WHERE holds AND NOT held", "WHERE holds")]),
    ("no compulsory school age", [(AGE_FROM, "true"), (AGE_TO, "true")]),
    ("compulsory school age from the 5th birthday",
     [(AGE_FROM, 's."date" >= (SELECT date_of_birth + INTERVAL 5 YEAR FROM pupils p WHERE p.pupil = s.pupil)')]),
    ("first day of compulsory school age excluded", [(AGE_FROM, AGE_FROM.replace(">=", ">"))]),
    ("last day of compulsory school age excluded", [(AGE_TO, AGE_TO.replace("<=", "<"))]),
    ("compulsory school age ends on 30 June", [(AGE_TO, 's."date" <= age.june_30')]),
    ("pupils without parents included (synth always gives parents)",
     [("WHERE age.parents <> ''", "WHERE true")]),
    ("calendar weeks (holidays not skipped)",
     [("row_number() OVER (PARTITION BY pupil ORDER BY week) AS w", "week AS w")]),
    ("D's whole week counted (sessions after D too)",
     [("ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW",
       "ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING")]),
    ("window of 9 school weeks", [("RANGE BETWEEN 9 PRECEDING", "RANGE BETWEEN 8 PRECEDING")]),
]


def main() -> None:
    work = Path(sys.argv[1])
    con = duckdb.connect()
    con.execute("SET threads = 2")
    for table in ("marks", "pupils"):
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{work / 'parquet' / table}.parquet')")
    con.execute(
        f"CREATE TABLE rollcall AS SELECT pupil, min(CAST(\"date\" AS DATE)) AS first_threshold "
        f"FROM read_csv('{work / 'rollcall.csv'}', all_varchar = true) "
        f"WHERE rule = 'national_threshold' GROUP BY pupil"
    )

    def differ(query: str) -> int:
        con.execute(f"CREATE OR REPLACE TABLE variant AS {query}")
        return con.execute(
            "SELECT count(*) FROM pupils LEFT JOIN rollcall r USING (pupil) LEFT JOIN variant v USING (pupil) "
            "WHERE r.first_threshold IS DISTINCT FROM v.first_threshold"
        ).fetchone()[0]

    pupils = con.execute("SELECT count(*) FROM pupils").fetchone()[0]
    print(f"{pupils} pupils; pupils whose first threshold date would differ from rollcall's:")
    print(f"{differ(SQL):>8}  threshold.sql as it is")
    for description, changes in VARIANTS:
        query = SQL
        for old, new in changes:
            if old not in query:
                sys.exit(f"threshold.sql no longer contains {old!r}")
            query = query.replace(old, new)
        print(f"{differ(query):>8}  {description}")


if __name__ == "__main__":
    main()
