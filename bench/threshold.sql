-- The national threshold in SQL: for each pupil, the first school day on
-- which the unauthorised sessions (G, N, O, U) dated on or before it, in
-- its school week and the 9 school weeks before, number at least 10.
-- A pupil's school weeks are the Monday-Sunday weeks in which they have a
-- mark other than '#', numbered 1, 2, 3... in date order, so weeks without
-- one (holidays) are skipped. `marks` is a view over marks.parquet.
WITH m AS (
    SELECT pupil, "date", code, date_trunc('week', "date") AS monday
    FROM marks
    WHERE code <> '#'
),
weeks AS (
    SELECT pupil, monday,
           row_number() OVER (PARTITION BY pupil ORDER BY monday) AS w
    FROM (SELECT DISTINCT pupil, monday FROM m)
),
days AS (
    SELECT m.pupil, m."date", weeks.w,
           count(*) FILTER (WHERE m.code IN ('G', 'N', 'O', 'U')) AS n
    FROM m JOIN weeks USING (pupil, monday)
    GROUP BY m.pupil, m."date", weeks.w
),
counted AS (
    SELECT pupil, "date",
           coalesce(sum(n) OVER (PARTITION BY pupil ORDER BY w
                                 RANGE BETWEEN 9 PRECEDING AND 1 PRECEDING), 0)
         + sum(n) OVER (PARTITION BY pupil, w ORDER BY "date"
                        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS unauthorised
    FROM days
)
SELECT pupil, min("date") AS first_threshold
FROM counted
WHERE unauthorised >= 10
GROUP BY pupil
