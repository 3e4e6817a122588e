-- Each pupil's first national-threshold decision date, as rollcall decides
-- it with only the national frameworks loaded (see README.md, "The
-- computation compared"). Reads two views: `marks` (marks.parquet) and
-- `pupils` (pupils.parquet). One row per pupil who reaches a decision.
--
-- Weeks are numbered by their Monday: (date - 1970-01-05) // 7, where
-- 1970-01-05 is a Monday, so two dates share a number exactly when they
-- share a Monday-Sunday week.
WITH
-- Compulsory school age (runtime/src/calendar.rs): from the first of
-- 31 March, 31 August and 31 December on or after the 5th birthday, to
-- the last Friday of June of the academic year of the 16th birthday.
-- A 29 February birthday moves to 1 March, which changes neither.
age AS (
    SELECT pupil,
           make_date(year(date_of_birth) + 5,
                     CASE WHEN month(date_of_birth) <= 3 THEN 3
                          WHEN month(date_of_birth) <= 8 THEN 8
                          ELSE 12 END,
                     31) AS first_day,
           make_date(year(date_of_birth) + CASE WHEN month(date_of_birth) >= 9 THEN 17 ELSE 16 END,
                     6, 30) AS june_30,
           parents
    FROM pupils
),
-- The pupil's school weeks: Monday-Sunday weeks with a mark other than '#',
-- numbered 1, 2, 3... in date order (weeks without one are skipped), each
-- with its first school day (the day the window moves on to it).
weeks AS (
    SELECT pupil, week, first_day,
           row_number() OVER (PARTITION BY pupil ORDER BY week) AS w
    FROM (
        SELECT pupil, ("date" - DATE '1970-01-05') // 7 AS week, min("date") AS first_day
        FROM marks
        WHERE code <> '#'
        GROUP BY ALL
    )
),
-- Unauthorised sessions per pupil and day, from compulsory school age on
-- (sessions before it are never counted).
unauthorised AS (
    SELECT pupil, "date", ("date" - DATE '1970-01-05') // 7 AS week, count(*) AS n
    FROM marks JOIN age USING (pupil)
    WHERE code IN ('G', 'N', 'O', 'U') AND "date" >= age.first_day
    GROUP BY ALL
),
-- The school days on which the count can change: the first school day of
-- each school week (older weeks leave the window) and the days with
-- unauthorised sessions (the count rises). On every other school day the
-- count is that of the school day before, so these rows are enough for
-- both today's count and the previous school day's.
checks AS (
    SELECT pupil, "date", w, sum(n) AS n
    FROM (
        SELECT pupil, first_day AS "date", w, 0 AS n FROM weeks
        UNION ALL
        SELECT u.pupil, u."date", weeks.w, u.n
        FROM unauthorised AS u JOIN weeks USING (pupil, week)
    )
    GROUP BY ALL
),
-- The count on each of those days: unauthorised sessions dated on or before
-- the day, in its school week and the 9 school weeks before it.
counted AS (
    SELECT pupil, "date",
           coalesce(sum(n) OVER (PARTITION BY pupil ORDER BY w
                                 RANGE BETWEEN 9 PRECEDING AND 1 PRECEDING), 0)
         + sum(n) OVER (PARTITION BY pupil, w ORDER BY "date"
                        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS unauthorised
    FROM checks
),
-- The rule fires when the condition starts to hold: it holds today and did
-- not on the previous school day. A firing outside compulsory school age
-- (or for a pupil with no parents) decides nothing, but the condition still
-- held, so it does not fire again until the count has dropped below 10.
starts AS (
    SELECT pupil, "date"
    FROM (
        SELECT pupil, "date", unauthorised >= 10 AS holds,
               lag(unauthorised >= 10, 1, false) OVER (PARTITION BY pupil ORDER BY "date") AS held
        FROM counted
    )
    WHERE holds AND NOT held
)
SELECT s.pupil, min(s."date") AS first_threshold
FROM starts AS s JOIN age USING (pupil)
WHERE age.parents <> ''
  AND s."date" >= age.first_day
  -- the last Friday of June: back from 30 June by (ISO weekday + 2) mod 7 days
  AND s."date" <= age.june_30 - CAST((isodow(age.june_30) + 2) % 7 AS INTEGER)
GROUP BY s.pupil
