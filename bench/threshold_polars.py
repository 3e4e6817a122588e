"""Each pupil's first national-threshold decision date in Polars (lazy API):
the same computation as threshold.sql, step for step.

usage: threshold_polars.py DATA_DIR OUT_FILE [TIMING_JSON]

Reads DATA_DIR/marks.parquet and DATA_DIR/pupils.parquet, writes one row per
pupil who reaches a decision (pupil, first_threshold) to OUT_FILE (Parquet),
and the query's own wall time to TIMING_JSON. Threads: POLARS_MAX_THREADS
(bench/run sets it to 2).
"""

import json
import os
import sys
import time

os.environ.setdefault("POLARS_MAX_THREADS", "2")

import polars as pl  # noqa: E402  (after the thread count is set)

UNAUTHORISED = ["G", "N", "O", "U"]
# 1970-01-05, a Monday, is day 4 of the epoch: (days - 4) // 7 numbers
# Monday-Sunday weeks.
MONDAY_EPOCH_DAY = 4


def week(column: str) -> pl.Expr:
    return (pl.col(column).cast(pl.Int32) - MONDAY_EPOCH_DAY) // 7


def first_threshold(data_dir: str) -> pl.LazyFrame:
    marks = pl.scan_parquet(os.path.join(data_dir, "marks.parquet")).select("pupil", "date", "code")
    pupils = pl.scan_parquet(os.path.join(data_dir, "pupils.parquet"))

    dob = pl.col("date_of_birth")
    june_30 = pl.date(dob.dt.year() + pl.when(dob.dt.month() >= 9).then(17).otherwise(16), 6, 30)
    age = pupils.select(
        "pupil",
        "parents",
        pl.date(
            dob.dt.year() + 5,
            pl.when(dob.dt.month() <= 3).then(3).when(dob.dt.month() <= 8).then(8).otherwise(12),
            31,
        ).alias("age_from"),
        # last Friday of June: back from 30 June by (ISO weekday + 2) mod 7 days
        (june_30 - pl.duration(days=(june_30.dt.weekday() + 2) % 7)).alias("age_to"),
    )

    # School weeks: weeks with a mark other than '#', numbered 1, 2, 3... per
    # pupil, with their first school day.
    weeks = (
        marks.filter(pl.col("code") != "#")
        .group_by("pupil", week("date").alias("week"))
        .agg(pl.col("date").min().alias("first_day"))
        .sort("pupil", "week")
        .with_columns(pl.int_range(1, pl.len() + 1).over("pupil").alias("w"))
    )
    # Unauthorised sessions from compulsory school age on (sessions before
    # it are never counted).
    unauthorised = (
        marks.filter(pl.col("code").is_in(UNAUTHORISED))
        .join(age.select("pupil", "age_from"), on="pupil")
        .filter(pl.col("date") >= pl.col("age_from"))
        .group_by("pupil", "date")
        .agg(pl.len().cast(pl.Int64).alias("n"))
        .with_columns(week("date").alias("week"))
    )
    # The days on which the count can change: first school day of each
    # school week, and days with unauthorised sessions.
    checks = (
        pl.concat(
            [
                weeks.select("pupil", pl.col("first_day").alias("date"), "w", pl.lit(0, pl.Int64).alias("n")),
                unauthorised.join(weeks.select("pupil", "week", "w"), on=["pupil", "week"]).select(
                    "pupil", "date", "w", "n"
                ),
            ]
        )
        .group_by("pupil", "date", "w")
        .agg(pl.col("n").sum())
        .sort("pupil", "date")
    )
    # Count on a day = (cumulative through the day) - (cumulative through the
    # end of school week w - 10).
    checks = checks.with_columns(pl.col("n").cum_sum().over("pupil").alias("through"))
    week_ends = (
        checks.group_by("pupil", "w")
        .agg(pl.col("through").max().alias("through_week"))
        .with_columns((pl.col("w") + 10).alias("w"))
    )
    counted = (
        checks.join(week_ends, on=["pupil", "w"], how="left")
        .sort("pupil", "date")
        .with_columns(
            (pl.col("through") - pl.col("through_week").fill_null(0)).alias("unauthorised")
        )
    )
    holds = pl.col("unauthorised") >= 10
    starts = counted.filter(
        holds & ~holds.shift(1, fill_value=False).over("pupil")
    ).select("pupil", "date")

    return (
        starts.join(age, on="pupil")
        .filter(
            (pl.col("parents") != "")
            & (pl.col("date") >= pl.col("age_from"))
            & (pl.col("date") <= pl.col("age_to"))
        )
        .group_by("pupil")
        .agg(pl.col("date").min().alias("first_threshold"))
    )


def main() -> None:
    data_dir, out = sys.argv[1], sys.argv[2]
    started = time.perf_counter()
    # The streaming engine (Polars 2's default for collect()), named so that
    # a change of default does not change the benchmark. The in-memory
    # engine took 4x as long and 5x the memory on 100,000 pupils.
    first_threshold(data_dir).collect(engine="streaming").write_parquet(out)
    seconds = time.perf_counter() - started
    if len(sys.argv) > 3:
        with open(sys.argv[3], "w") as f:
            json.dump({"query_seconds": seconds, "threads": pl.thread_pool_size()}, f)


if __name__ == "__main__":
    main()
