//! The schools of a synthetic cohort and their authorities: the seeded
//! authorities that have policy files, Cumbria and its successors around
//! 1 April 2023, and generic authorities without one; about one school per
//! 250 pupils, primary and secondary, each with its term dates and INSET days.

use super::calendar::{YearCalendar, INSET_DAYS};
use super::rng::{Rng, Stream};
use super::rows::push_school;
use super::terms::{school_days, ymd, TermVariation};
use chrono::NaiveDate;

/// Pupils per school, on average.
const PUPILS_PER_SCHOOL: u64 = 250;
/// Pupils per generic authority, on average (England: about 60,000).
const PUPILS_PER_AUTHORITY: u64 = 60_000;
/// Positions (school number within its authority, modulo 12) of secondary schools.
const SECONDARY_SLOTS: [usize; 5] = [1, 3, 5, 8, 10];

/// The day Cumbria's schools passed to Westmorland and Furness and to Cumberland.
pub fn succession_date() -> NaiveDate {
    ymd(2023, 4, 1)
}

/// A school's phase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Reception to year 6 (ages 4–11).
    Primary = 0,
    /// Years 7 to 11, and a sixth form (ages 11–17).
    Secondary = 1,
}

/// A local authority.
#[derive(Clone, Debug)]
pub struct Authority {
    /// The identifier a policy declares.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its school calendar for each academic year of the cohort.
    pub calendars: Vec<YearCalendar>,
}

/// A school.
#[derive(Clone, Debug)]
pub struct School {
    /// School identifier.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Index of its authority.
    pub authority: usize,
    /// Index of the authority whose term dates it keeps.
    pub term_dates_of: usize,
    /// Primary or secondary.
    pub phase: Phase,
    /// The first day it is open, if it opened during the cohort.
    pub open_from: Option<NaiveDate>,
    /// The last day it is open, if it closed during the cohort.
    pub open_until: Option<NaiveDate>,
    /// The school that carries on its pupils once it closes.
    pub successor: Option<usize>,
    /// Its INSET days for each academic year, as indices into the calendar.
    pub inset: Vec<[u16; INSET_DAYS]>,
    /// The first of the last five school days of the cohort (when an `N`
    /// may still be unresolved).
    pub recent_from: NaiveDate,
}

/// All authorities and schools, with lists to pick schools from.
#[derive(Clone, Debug)]
pub struct Geography {
    /// The authorities.
    pub authorities: Vec<Authority>,
    /// The schools.
    pub schools: Vec<School>,
    all: Vec<usize>,
    by_authority_phase: Vec<[Vec<usize>; 2]>,
}

impl Geography {
    /// The authorities and schools for `pupils` pupils over `years`
    /// academic years from September `start_year`.
    pub fn build(pupils: u64, start_year: i32, years: u16, seed: u64) -> Geography {
        let last_year = start_year + i32::from(years) - 1;
        let with_cumbria = start_year <= 2022;
        let with_successors = with_cumbria && last_year >= 2022;
        let generic = (pupils / PUPILS_PER_AUTHORITY).clamp(2, 150);
        let mut names: Vec<(String, String)> = vec![
            (
                "north-northamptonshire".into(),
                "North Northamptonshire".into(),
            ),
            ("cambridgeshire".into(), "Cambridgeshire".into()),
            if with_cumbria {
                ("cumbria".into(), "Cumbria".into())
            } else {
                (
                    "westmorland-and-furness".into(),
                    "Westmorland and Furness".into(),
                )
            },
        ];
        names.extend(
            (1..=generic).map(|n| (format!("authority-{n:03}"), format!("Authority {n:03}"))),
        );
        let regular = names.len();
        if with_successors {
            names.push((
                "westmorland-and-furness".into(),
                "Westmorland and Furness".into(),
            ));
            names.push(("cumberland".into(), "Cumberland".into()));
        }
        let authorities: Vec<Authority> = names
            .into_iter()
            .enumerate()
            .map(|(index, (id, name))| {
                let mut rng = Rng::new(seed, Stream::Authority, index as u64);
                let calendars = (start_year..=last_year)
                    .map(|year| {
                        YearCalendar::new(&school_days(year, TermVariation::draw(&mut rng, year)))
                    })
                    .collect();
                Authority {
                    id,
                    name,
                    calendars,
                }
            })
            .collect();
        let count = pupils.div_ceil(PUPILS_PER_SCHOOL).max(2 * regular as u64) as usize;
        let mut geography = Geography {
            authorities,
            schools: Vec::with_capacity(count + count / regular),
            all: Vec::new(),
            by_authority_phase: Vec::new(),
        };
        for index in 0..count {
            let (authority, slot) = (index % regular, index / regular);
            let phase = if SECONDARY_SLOTS.contains(&(slot % 12)) {
                Phase::Secondary
            } else {
                Phase::Primary
            };
            geography.add_school(authority, phase, seed);
        }
        if with_cumbria {
            geography.close_cumbria(with_successors);
        }
        geography.index();
        geography
    }

    fn add_school(&mut self, authority: usize, phase: Phase, seed: u64) {
        let index = self.schools.len();
        let mut rng = Rng::new(seed, Stream::School, index as u64);
        let calendars = &self.authorities[authority].calendars;
        let inset: Vec<_> = calendars
            .iter()
            .map(|calendar| calendar.pick_inset(&mut rng))
            .collect();
        let recent_from = match (calendars.last(), inset.last()) {
            (Some(calendar), Some(inset)) => calendar.last_days_from(inset, 5),
            _ => None,
        };
        let authority_name = &self.authorities[authority].name;
        let (id, name) = if self.authorities[authority].id == "cambridgeshire"
            && !self
                .schools
                .iter()
                .any(|school| school.authority == authority)
        {
            (
                "godmanchester-bridge".to_owned(),
                "Godmanchester Bridge Academy".to_owned(),
            )
        } else {
            let phase_name = match phase {
                Phase::Primary => "Primary",
                Phase::Secondary => "Secondary",
            };
            (
                format!("school-{:04}", index + 1),
                format!("{authority_name} {phase_name} School {}", index + 1),
            )
        };
        self.schools.push(School {
            id,
            name,
            authority,
            term_dates_of: authority,
            phase,
            open_from: None,
            open_until: None,
            successor: None,
            inset,
            recent_from: recent_from.unwrap_or(NaiveDate::MAX),
        });
    }

    /// Cumbria's schools close on 31 March 2023; with `successors`, each
    /// carries on under Westmorland and Furness or Cumberland, with the same
    /// name, term dates and INSET days.
    fn close_cumbria(&mut self, successors: bool) {
        let authority_index = |id: &str| {
            self.authorities
                .iter()
                .position(|authority| authority.id == id)
        };
        let (Some(cumbria), westmorland, cumberland) = (
            authority_index("cumbria"),
            authority_index("westmorland-and-furness"),
            authority_index("cumberland"),
        ) else {
            return;
        };
        let closing: Vec<usize> = (0..self.schools.len())
            .filter(|&index| self.schools[index].authority == cumbria)
            .collect();
        for (number, &index) in closing.iter().enumerate() {
            self.schools[index].open_until = succession_date().pred_opt();
            let (Some(westmorland), Some(cumberland), true) = (westmorland, cumberland, successors)
            else {
                continue;
            };
            let successor = self.schools.len();
            let mut school = self.schools[index].clone();
            school.id = format!("school-{:04}", successor + 1);
            school.authority = if (number / 2) % 2 == 0 {
                westmorland
            } else {
                cumberland
            };
            school.open_from = Some(succession_date());
            school.open_until = None;
            self.schools.push(school);
            self.schools[index].successor = Some(successor);
        }
    }

    fn index(&mut self) {
        self.all = (0..self.schools.len()).collect();
        self.by_authority_phase = vec![[Vec::new(), Vec::new()]; self.authorities.len()];
        for (index, school) in self.schools.iter().enumerate() {
            self.by_authority_phase[school.authority][school.phase as usize].push(index);
        }
    }

    /// The calendar `school` keeps in the cohort's academic year `year`.
    pub fn calendar(&self, school: usize, year: usize) -> &YearCalendar {
        &self.authorities[self.schools[school].term_dates_of].calendars[year]
    }

    /// Whether `school` is open on `date`.
    pub fn is_open(&self, school: usize, date: NaiveDate) -> bool {
        let school = &self.schools[school];
        school.open_from.is_none_or(|from| from <= date)
            && school.open_until.is_none_or(|until| date <= until)
    }

    /// A random school open on `date`, other than `except`: of `phase` if
    /// given, in `authority` if given and it has one, else anywhere.
    pub fn pick(
        &self,
        rng: &mut Rng,
        phase: Option<Phase>,
        authority: Option<usize>,
        date: NaiveDate,
        except: Option<usize>,
    ) -> Option<usize> {
        let fits = |&school: &usize| {
            Some(school) != except
                && self.is_open(school, date)
                && phase.is_none_or(|phase| self.schools[school].phase == phase)
        };
        let lists: Vec<&[usize]> = match (authority, phase) {
            (Some(authority), Some(phase)) => vec![
                &self.by_authority_phase[authority][phase as usize],
                &self.all,
            ],
            _ => vec![&self.all],
        };
        for list in lists.into_iter().filter(|list| !list.is_empty()) {
            for _ in 0..32 {
                let school = list[rng.below(list.len() as u64) as usize];
                if fits(&school) {
                    return Some(school);
                }
            }
            let open: Vec<usize> = list.iter().copied().filter(fits).collect();
            if !open.is_empty() {
                return Some(open[rng.below(open.len() as u64) as usize]);
            }
        }
        None
    }

    /// The rows of `schools.csv`, one per school.
    pub fn schools_rows(&self) -> Vec<u8> {
        let mut buffer = Vec::new();
        for school in &self.schools {
            push_school(
                &mut buffer,
                &school.id,
                &school.name,
                &self.authorities[school.authority].id,
            );
        }
        buffer
    }
}
