"""The national threshold in Polars (lazy): the same computation as
threshold.sql, with week windows as exact joins on dense week numbers."""

import polars as pl

UNAUTHORISED = ["G", "N", "O", "U"]


def first_threshold(marks_path: str) -> pl.DataFrame:
    m = (
        pl.scan_parquet(marks_path)
        .filter(pl.col("code") != "#")
        .with_columns(pl.col("date").dt.truncate("1w").alias("monday"))
    )
    weeks = (
        m.select("pupil", "monday")
        .unique()
        .sort("pupil", "monday")
        .with_columns(pl.col("monday").rank("dense").over("pupil").cast(pl.Int64).alias("w"))
    )
    days = (
        m.join(weeks, on=["pupil", "monday"])
        .group_by("pupil", "date", "w")
        .agg(pl.col("code").is_in(UNAUTHORISED).sum().cast(pl.Int64).alias("n"))
    )
    # Cumulative unauthorised sessions up to the end of each school week.
    weekly = (
        days.group_by("pupil", "w")
        .agg(pl.col("n").sum().alias("t"))
        .join(weeks.select("pupil", "w"), on=["pupil", "w"], how="right")
        .with_columns(pl.col("t").fill_null(0))
        .sort("pupil", "w")
        .with_columns(pl.col("t").cum_sum().over("pupil").alias("through"))
        .select("pupil", "w", "through")
    )
    before = lambda k: weekly.with_columns((pl.col("w") + k).alias("w")).rename(
        {"through": f"through_{k}"}
    )
    counted = (
        days.sort("pupil", "w", "date")
        .with_columns(pl.col("n").cum_sum().over("pupil", "w").alias("this_week"))
        .join(before(1), on=["pupil", "w"], how="left")
        .join(before(10), on=["pupil", "w"], how="left")
        .with_columns(
            (
                pl.col("this_week")
                + pl.col("through_1").fill_null(0)
                - pl.col("through_10").fill_null(0)
            ).alias("unauthorised")
        )
    )
    return (
        counted.filter(pl.col("unauthorised") >= 10)
        .group_by("pupil")
        .agg(pl.col("date").min().alias("first_threshold"))
        .collect()
    )
