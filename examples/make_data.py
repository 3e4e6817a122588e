#!/usr/bin/env python3
"""Writes the example data directory examples/data/ (schools.csv, pupils.csv,
marks.csv, events.csv) from the pupils' stories below.

    python3 examples/make_data.py

Plain Python 3, no third-party packages, no randomness: the same script
always writes the same bytes, so the data can be reviewed here and
regenerated at will. examples/README.md tells each pupil's story and the
decisions it should lead to; keep the two in step.

Every pupil is present (`/` in the morning, `\\` in the afternoon) on every
school day they are on a school's roll, except for the sessions their story
overrides. All schools share one English calendar: terms, half-terms and
holidays have no marks, INSET days are marked `#`, bank holidays have no
marks.
"""

import csv
import datetime as dt
import pathlib

DATA = pathlib.Path(__file__).resolve().parent / "data"


def day(text):
    return dt.date.fromisoformat(text)


# Terms (first and last day, inclusive) from 2022/23 to the first half of
# the autumn term 2025/26.
TERMS = [
    # 2022/23
    ("2022-09-01", "2022-10-21"),
    ("2022-10-31", "2022-12-20"),
    ("2023-01-03", "2023-02-17"),
    ("2023-02-27", "2023-03-31"),
    ("2023-04-17", "2023-05-26"),
    ("2023-06-05", "2023-07-21"),
    # 2023/24
    ("2023-09-04", "2023-10-20"),
    ("2023-10-30", "2023-12-20"),
    ("2024-01-04", "2024-02-09"),
    ("2024-02-19", "2024-03-28"),
    ("2024-04-15", "2024-05-24"),
    ("2024-06-03", "2024-07-19"),
    # 2024/25
    ("2024-09-02", "2024-10-25"),
    ("2024-11-04", "2024-12-20"),
    ("2025-01-06", "2025-02-14"),
    ("2025-02-24", "2025-04-04"),
    ("2025-04-22", "2025-05-23"),
    ("2025-06-02", "2025-07-21"),
    # 2025/26, first half-term
    ("2025-09-01", "2025-10-24"),
]

# Staff training days: the school is closed to pupils (`#`).
INSET_DAYS = {
    day(text)
    for text in [
        "2022-09-01", "2022-09-02", "2023-01-03", "2023-06-05",
        "2023-09-04", "2024-01-04",
        "2024-09-02", "2024-09-03", "2025-01-06", "2025-07-21",
        "2025-09-01", "2025-09-02",
    ]
}

# Bank holidays that fall in term time: no marks at all.
BANK_HOLIDAYS = {
    day(text)
    for text in [
        "2022-09-19",  # state funeral of Queen Elizabeth II
        "2023-05-01",
        "2023-05-08",  # coronation of King Charles III
        "2024-05-06",
        "2025-05-05",
    ]
}


def school_days(first, last):
    """The school days (INSET days included) from `first` to `last`."""
    first, last = day(first), day(last)
    for term_start, term_end in TERMS:
        current = max(first, day(term_start))
        end = min(last, day(term_end))
        while current <= end:
            if current.weekday() < 5 and current not in BANK_HOLIDAYS:
                yield current
            current += dt.timedelta(days=1)


SCHOOLS = [
    ("carlisle-academy", "Carlisle Academy", "cumbria"),
    ("corby-primary", "Corby Primary School", "north-northamptonshire"),
    ("godmanchester-bridge", "Godmanchester Bridge Academy", "cambridgeshire"),
    ("kendal-primary", "Kendal Primary School", "westmorland-and-furness"),
    ("luton-primary", "Luton Primary School", "luton"),
]

AUTUMN_2024 = "2024-09-02"
END_OF_2024_25 = "2025-07-21"


class Pupil:
    """A pupil: who they are, where they were on roll, and what differed
    from full attendance."""

    def __init__(self, pupil, born, parents, rolls):
        self.id = pupil
        self.born = born
        self.parents = parents
        self.rolls = rolls  # [(school, first day, last day)]
        self.codes = {}  # (date, session) -> code

    def mark(self, code, first, last=None, sessions=("AM", "PM")):
        """Marks `sessions` of every school day from `first` to `last`."""
        for date in school_days(first, last or first):
            for session in sessions:
                self.codes[(date, session)] = code
        return self

    def marks(self):
        for school, first, last in self.rolls:
            for date in school_days(first, last):
                for session, present in (("AM", "/"), ("PM", "\\")):
                    if date in INSET_DAYS:
                        code = "#"
                    else:
                        code = self.codes.get((date, session), present)
                    yield (self.id, school, date.isoformat(), session, code)


def whole_year(school):
    return [(school, AUTUMN_2024, END_OF_2024_25)]


PUPILS = [
    # A week's holiday in October 2024, another in June 2025.
    Pupil("p01", "2016-03-14", ["p01-mum"], whole_year("kendal-primary"))
    .mark("G", "2024-10-07", "2024-10-11")
    .mark("G", "2025-06-09", "2025-06-13"),
    # Moved from Lancashire in January 2025 with two notices already.
    Pupil("p02", "2015-07-02", ["p02-dad", "p02-mum"],
          [("kendal-primary", "2025-01-06", END_OF_2024_25)])
    .mark("N", "2025-02-24", "2025-02-25")
    .mark("O", "2025-02-26", "2025-02-28"),
    # A five-day suspension, seen in town on its third day.
    Pupil("p03", "2014-01-30", ["p03-mum", "p03-dad"], whole_year("corby-primary"))
    .mark("E", "2024-11-11", "2024-11-15"),
    # Two siblings with the same two parents, on holiday together.
    Pupil("p04", "2015-10-09", ["p04-p05-mum", "p04-p05-dad"], whole_year("luton-primary"))
    .mark("G", "2025-03-10", "2025-03-14"),
    Pupil("p05", "2017-04-22", ["p04-p05-mum", "p04-p05-dad"], whole_year("luton-primary"))
    .mark("G", "2025-03-10", "2025-03-14"),
    # Moves from Luton to Corby over Christmas 2024.
    Pupil("p06", "2016-11-03", ["p06-mum"],
          [("luton-primary", AUTUMN_2024, "2024-12-20"),
           ("corby-primary", "2025-01-06", END_OF_2024_25)])
    .mark("U", "2024-12-10", "2024-12-12", sessions=["AM"])
    .mark("O", "2025-01-27", "2025-01-29")
    .mark("G", "2025-02-03", sessions=["AM"]),
    # Arrived in Corby in January 2025; earlier authority not known.
    Pupil("p07", "2015-02-17", ["p07-dad"], [("corby-primary", "2025-01-06", END_OF_2024_25)])
    .mark("O", "2025-03-03", sessions=["AM"])
    .mark("O", "2025-03-04")
    .mark("O", "2025-03-06", sessions=["PM"])
    .mark("O", "2025-03-07")
    .mark("O", "2025-03-11", sessions=["AM"])
    .mark("O", "2025-03-12", "2025-03-13", sessions=["AM"])
    .mark("O", "2025-03-14", sessions=["PM"]),
    # Carlisle until the end of March 2023, Kendal from the summer term.
    Pupil("p08", "2012-05-20", ["p08-mum"],
          [("carlisle-academy", "2022-09-01", "2023-03-31"),
           ("kendal-primary", "2023-04-17", "2024-07-19")])
    .mark("G", "2022-10-03", "2022-10-07")
    .mark("U", "2023-03-06", "2023-03-10", sessions=["AM"])
    .mark("U", "2023-03-13", sessions=["AM"])
    .mark("O", "2023-04-24", "2023-04-25"),
    # Four years old in autumn 2024 (reception class).
    Pupil("p09", "2020-06-15", ["p09-mum"], whole_year("luton-primary"))
    .mark("G", "2024-11-18", "2024-11-22"),
    # Four sessions of holiday and six late arrivals.
    Pupil("p10", "2016-08-08", ["p10-mum"], whole_year("godmanchester-bridge"))
    .mark("G", "2025-01-13", "2025-01-14")
    .mark("U", "2025-01-20", sessions=["AM"])
    .mark("U", "2025-01-22", sessions=["AM"])
    .mark("U", "2025-01-27", sessions=["AM"])
    .mark("U", "2025-01-29", sessions=["AM"])
    .mark("U", "2025-02-03", sessions=["AM"])
    .mark("U", "2025-02-05", sessions=["AM"]),
    # Late twice in July 2025, then a holiday in September 2025.
    Pupil("p11", "2014-12-01", ["p11-gran"],
          [("kendal-primary", AUTUMN_2024, "2025-10-24")])
    .mark("U", "2025-07-14", "2025-07-15", sessions=["AM"])
    .mark("G", "2025-09-08", "2025-09-11"),
    # Attends well: a day of illness, a dental appointment, a few lates.
    Pupil("p12", "2017-09-12", ["p12-mum", "p12-dad"], whole_year("godmanchester-bridge"))
    .mark("I", "2024-11-21")
    .mark("M", "2025-03-12", sessions=["AM"])
    .mark("L", "2024-10-01", sessions=["AM"])
    .mark("L", "2025-01-28", sessions=["AM"])
    .mark("L", "2025-06-17", sessions=["AM"])
    .mark("U", "2025-05-14", sessions=["AM"]),
    # Stopped on a truancy sweep, then late after registration closed.
    Pupil("p13", "2013-06-25", ["p13-mum"], whole_year("corby-primary"))
    .mark("U", "2025-01-15", sessions=["AM"])
    .mark("U", "2025-01-21", sessions=["AM"])
    .mark("U", "2025-02-04", sessions=["AM"])
    .mark("U", "2025-02-26", sessions=["AM"])
    .mark("U", "2025-03-05", sessions=["AM"]),
]

EVENTS = [
    ("p02", "p02-dad", "penalty_notice", "2023-05-19", "", "lancashire", ""),
    ("p02", "p02-dad", "penalty_notice", "2024-09-27", "", "lancashire", ""),
    ("p02", "p02-dad", "penalty_notice", "2024-12-06", "", "lancashire", ""),
    ("p03", "", "exclusion", "2024-11-11", "2024-11-15", "suspension for five school days", ""),
    ("p03", "", "public_place", "2024-11-13", "", "seen in Corby town centre at 11:00", ""),
    ("p06", "p06-mum", "penalty_notice", "2024-09-13", "", "luton", ""),
    ("p07", "", "previous_authority_unknown", "2025-01-06", "", "arrived from abroad", ""),
    ("p13", "", "truancy_sweep", "2025-01-15", "", "stopped in Corby town centre at 09:45", ""),
    # How the 2024/25 notices were resolved (the DfE return's columns);
    # each is dated after its notice and changes no decision.
    ("p01", "p01-mum", "case_closed", "2024-10-25", "", "paid £80", ""),
    ("p01", "p01-mum", "case_closed", "2025-07-08", "", "paid", ""),
    ("p02", "p02-mum", "case_closed", "2025-03-31", "", "paid", ""),
    ("p04", "", "case_closed", "2025-04-20", "", "withdrawn: leave authorised on appeal", ""),
    ("p05", "p04-p05-dad", "case_closed", "2025-05-12", "", "prosecuted for non-payment", ""),
    ("p06", "p06-mum", "case_closed", "2025-02-10", "", "Withdrawn", ""),
    ("p07", "p07-dad", "case_closed", "2025-04-01", "", "moved away", ""),
    ("p10", "p10-mum", "case_closed", "2025-02-26", "", "PAID", ""),
]


def attendance_dips(pupil, below_percent, first, last):
    """Days from `first` to `last` at the end of which the pupil's attendance
    this academic year (present or approved activity, over possible
    sessions) is below `below_percent`."""
    attending = {"/", "\\", "L", "B", "D", "K", "P", "Q", "V", "W"}
    not_possible = {"X", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7", "Z", "#"}
    year = present = possible = 0
    dips = []
    for _, _, date, session, code in pupil.marks():
        date_year = int(date[:4]) - (date[5:7] < "09")
        if date_year != year:
            year, present, possible = date_year, 0, 0
        if code not in not_possible:
            possible += 1
            present += code in attending
        if session == "PM" and first <= date <= last and present * 100 < below_percent * possible:
            dips.append(date)
    return dips


def check_stories():
    """The facts examples/README.md relies on that are not plain from the
    marks: which days attendance falls below a school's thresholds."""
    by_id = {pupil.id: pupil for pupil in PUPILS}
    # Cumbria: attendance this year below 90% with a holiday in it, first on
    # the Wednesday of the October 2022 holiday.
    dips = attendance_dips(by_id["p08"], 90, "2022-09-01", "2023-03-31")
    assert dips[0] == "2022-10-05", dips
    assert all(date < "2022-12-01" for date in dips), dips
    # Godmanchester Bridge's letters: attendance never below 92%.
    for pupil in ("p10", "p12"):
        assert not attendance_dips(by_id[pupil], 92, AUTUMN_2024, END_OF_2024_25), pupil
    # Late letter (10 of L or U in 6 school weeks): neither comes close.
    for pupil in ("p10", "p12"):
        lates = [code for (_, _, _, _, code) in by_id[pupil].marks() if code in ("L", "U")]
        assert len(lates) < 10, pupil


def write(name, header, rows):
    with open(DATA / name, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main():
    check_stories()
    DATA.mkdir(exist_ok=True)
    write("schools.csv", ["school", "name", "authority"], SCHOOLS)
    write(
        "pupils.csv",
        ["pupil", "date_of_birth", "parents"],
        [(pupil.id, pupil.born, ";".join(pupil.parents)) for pupil in PUPILS],
    )
    write(
        "marks.csv",
        ["pupil", "school", "date", "session", "code"],
        [mark for pupil in PUPILS for mark in pupil.marks()],
    )
    write(
        "events.csv",
        ["pupil", "parent", "kind", "start", "end", "detail", "start_session"],
        # In pupil order, as an export sorted by pupil is.
        sorted(EVENTS, key=lambda event: event[0]),
    )


if __name__ == "__main__":
    main()
