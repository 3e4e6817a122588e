//! The national attendance register codes and their categories: the 2024
//! codes, and the three of the earlier set they replaced.
//!
//! Codes are one or two characters (`C1`, `J1`, `Y1`…`Y7`); in memory each is
//! a one-byte [`Code`]. The table is national law, not policy: policies build
//! their own sets from these codes and categories.
//!
//! On 19 August 2024 (the Education (Pupil Registration) (England)
//! Regulations 2024, SI 2024/208) `H`, `J` and `Y` went out of use and
//! `C1`, `C2`, `J1`, `K`, `Q` and `Y1`–`Y7` came in; every other code is
//! in both sets with the same category. A mark's code must be in use on its
//! date ([`Code::in_use_on`]). The earlier codes keep their own meaning
//! rather than being mapped to a 2024 code: `J` (an interview) was an
//! approved activity, where `J1` is an authorised absence.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How a register code counts for attendance and enforcement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Present at the session (`/`, `\`, `L`).
    Present,
    /// Attending an approved educational activity (counted as present).
    ApprovedActivity,
    /// Authorised absence.
    Authorised,
    /// Unauthorised absence (`G`, `N`, `O`, `U`).
    Unauthorised,
    /// Not a possible session (`D`, `Q`, `X`, `Y`, `Y1`–`Y7`, `Z`, `#`): neither
    /// attendance nor absence. `D` and `Q` are here as the DfE's attendance
    /// statistics count them (outside both possible sessions and absence),
    /// not in the approved activities where the 2024 code table lists them.
    NotPossible,
}

macro_rules! codes {
    ($( $variant:ident => $text:literal, $category:ident, $meaning:literal; )*) => {
        /// One 2024 national register code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum Code {
            $( #[doc = $meaning] $variant, )*
        }

        impl Code {
            /// Every code, in table order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as written in a register (`"C1"`, `"/"`).
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $text,)* }
            }

            /// The code's category.
            pub fn category(self) -> Category {
                match self { $(Code::$variant => Category::$category,)* }
            }

            /// What the code means, in a few words.
            pub fn meaning(self) -> &'static str {
                match self { $(Code::$variant => $meaning,)* }
            }

            /// Parses a code as written (exact, case-sensitive).
            pub fn parse(text: &str) -> Option<Code> {
                match text { $($text => Some(Code::$variant),)* _ => None }
            }
        }
    };
}

codes! {
    PresentAm => "/", Present, "present (morning)";
    PresentPm => "\\", Present, "present (afternoon)";
    L => "L", Present, "late before the register closed";
    B => "B", ApprovedActivity, "educated off site";
    J => "J", ApprovedActivity, "at an interview (a code before 19 August 2024)";
    D => "D", NotPossible, "dual registered: the session is at the other school";
    K => "K", ApprovedActivity, "attending provision arranged by the local authority";
    P => "P", ApprovedActivity, "approved sporting activity";
    Q => "Q", NotPossible, "unable to attend for lack of local authority access arrangements";
    V => "V", ApprovedActivity, "educational visit or trip";
    W => "W", ApprovedActivity, "work experience";
    C => "C", Authorised, "leave for exceptional circumstances";
    C1 => "C1", Authorised, "leave for a regulated performance or employment abroad";
    C2 => "C2", Authorised, "leave for a part-time timetable";
    E => "E", Authorised, "suspended or excluded, no alternative provision";
    H => "H", Authorised, "agreed family holiday (a code before 19 August 2024)";
    I => "I", Authorised, "illness";
    J1 => "J1", Authorised, "leave for an interview";
    M => "M", Authorised, "medical or dental appointment";
    R => "R", Authorised, "religious observance";
    S => "S", Authorised, "study leave";
    T => "T", Authorised, "mobile child (Traveller) travelling";
    G => "G", Unauthorised, "holiday not agreed by the school";
    N => "N", Unauthorised, "reason not yet established";
    O => "O", Unauthorised, "other unauthorised absence";
    U => "U", Unauthorised, "arrived after the register closed";
    X => "X", NotPossible, "not of compulsory school age, not required to attend";
    Y => "Y", NotPossible, "unable to attend, exceptional circumstances (a code before 19 August 2024)";
    Y1 => "Y1", NotPossible, "unable to attend: transport not available";
    Y2 => "Y2", NotPossible, "unable to attend: widespread transport disruption";
    Y3 => "Y3", NotPossible, "unable to attend: part of the premises closed";
    Y4 => "Y4", NotPossible, "unable to attend: whole school site closed";
    Y5 => "Y5", NotPossible, "unable to attend: in criminal justice detention";
    Y6 => "Y6", NotPossible, "unable to attend: public health guidance or law";
    Y7 => "Y7", NotPossible, "unable to attend: any other unavoidable cause";
    Z => "Z", NotPossible, "not yet on roll";
    Closed => "#", NotPossible, "planned whole or partial school closure";
}

impl Code {
    /// Whether the session is a possible session (counts in attendance figures).
    #[inline]
    pub fn is_possible(self) -> bool {
        self.category() != Category::NotPossible
    }

    /// Whether the pupil attended (present or approved educational activity).
    #[inline]
    pub fn is_attending(self) -> bool {
        matches!(
            self.category(),
            Category::Present | Category::ApprovedActivity
        )
    }

    /// Whether the code is in use on `date`: a code of only the earlier
    /// set before [`CODES_OF_2024`], a code of only the 2024 set from it,
    /// any other code on any date.
    pub fn in_use_on(self, date: NaiveDate) -> bool {
        match self.set() {
            CodeSet2024::Both => true,
            CodeSet2024::EarlierOnly => date < CODES_OF_2024,
            CodeSet2024::NewIn2024 => date >= CODES_OF_2024,
        }
    }

    /// Whether the code is in both the earlier code set and the 2024 one,
    /// so in use on every date.
    pub fn in_both_sets(self) -> bool {
        self.set() == CodeSet2024::Both
    }

    /// Why a mark of this code dated `date` cannot be, if it cannot (see
    /// [`in_use_on`](Code::in_use_on)).
    pub fn not_in_use_on(self, date: NaiveDate) -> Option<String> {
        match self.set() {
            _ if self.in_use_on(date) => None,
            CodeSet2024::EarlierOnly => Some(format!(
                "code `{self}` went out of use on {CODES_OF_2024} (this mark is dated {date}); \
                 the 2024 codes apply from then"
            )),
            _ => Some(format!(
                "code `{self}` is a 2024 code, in use from {CODES_OF_2024} (this mark is dated \
                 {date}); before then the earlier codes apply"
            )),
        }
    }

    /// Which of the two code sets the code is in.
    fn set(self) -> CodeSet2024 {
        match self {
            Code::H | Code::J | Code::Y => CodeSet2024::EarlierOnly,
            Code::C1
            | Code::C2
            | Code::J1
            | Code::K
            | Code::Q
            | Code::Y1
            | Code::Y2
            | Code::Y3
            | Code::Y4
            | Code::Y5
            | Code::Y6
            | Code::Y7 => CodeSet2024::NewIn2024,
            _ => CodeSet2024::Both,
        }
    }

    /// Whether the session is a school session: any mark other than `#`.
    pub fn is_school_session(self) -> bool {
        self != Code::Closed
    }

    /// The code's position in [`Code::ALL`], for bit sets.
    pub const fn index(self) -> u8 {
        self as u8
    }
}

/// The first day of the 2024 register codes: 19 August 2024.
pub const CODES_OF_2024: NaiveDate = match NaiveDate::from_ymd_opt(2024, 8, 19) {
    Some(date) => date,
    None => panic!("19 August 2024 is a date"),
};

/// Which register code sets a code is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CodeSet2024 {
    /// Both the earlier set and the 2024 one.
    Both,
    /// Only the set in use before 19 August 2024.
    EarlierOnly,
    /// Only the 2024 set.
    NewIn2024,
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Code::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown register code `{text}`")))
    }
}

/// A set of register codes, as a bit set over [`Code::ALL`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CodeSet(u64);

impl CodeSet {
    /// The empty set.
    pub const EMPTY: CodeSet = CodeSet(0);

    /// Every code of one category.
    pub fn of_category(category: Category) -> CodeSet {
        Code::ALL
            .iter()
            .filter(|code| code.category() == category)
            .copied()
            .collect()
    }

    /// Whether `code` is in the set.
    pub fn contains(self, code: Code) -> bool {
        self.0 & (1 << code.index()) != 0
    }

    /// The set with `code` added.
    pub const fn with(self, code: Code) -> CodeSet {
        CodeSet(self.0 | (1 << code.index()))
    }

    /// Codes in either set.
    pub fn union(self, other: CodeSet) -> CodeSet {
        CodeSet(self.0 | other.0)
    }

    /// Codes in `self` but not in `other`.
    pub fn difference(self, other: CodeSet) -> CodeSet {
        CodeSet(self.0 & !other.0)
    }

    /// Whether the two sets have a code in common.
    pub fn meets(self, other: CodeSet) -> bool {
        self.0 & other.0 != 0
    }

    /// Whether the set has no codes.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The codes in table order.
    pub fn iter(self) -> impl Iterator<Item = Code> {
        Code::ALL
            .iter()
            .copied()
            .filter(move |code| self.contains(*code))
    }
}

impl FromIterator<Code> for CodeSet {
    fn from_iter<I: IntoIterator<Item = Code>>(iter: I) -> Self {
        iter.into_iter().fold(CodeSet::EMPTY, CodeSet::with)
    }
}

impl Serialize for CodeSet {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for CodeSet {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Vec::<Code>::deserialize(deserializer)?
            .into_iter()
            .collect())
    }
}

/// The code sets every policy can name without declaring them.
pub const BUILTIN_SETS: &[&str] = &[
    "present",
    "approved_activity",
    "attending",
    "authorised",
    "unauthorised",
    "not_possible",
    "possible",
];

/// The built-in code set of that name, if any.
pub fn builtin_set(name: &str) -> Option<CodeSet> {
    let set = match name {
        "present" => CodeSet::of_category(Category::Present),
        "approved_activity" => CodeSet::of_category(Category::ApprovedActivity),
        "attending" => CodeSet::of_category(Category::Present)
            .union(CodeSet::of_category(Category::ApprovedActivity)),
        "authorised" => CodeSet::of_category(Category::Authorised),
        "unauthorised" => CodeSet::of_category(Category::Unauthorised),
        "not_possible" => CodeSet::of_category(Category::NotPossible),
        "possible" => Code::ALL
            .iter()
            .copied()
            .filter(|c| c.is_possible())
            .collect(),
        _ => return None,
    };
    Some(set)
}

#[cfg(test)]
mod tests {
    use super::{Code, CODES_OF_2024};

    #[test]
    fn a_code_is_in_use_on_the_dates_of_its_set() {
        let last_day_before = CODES_OF_2024.pred_opt().expect("a day before");
        let in_use = |code: Code| {
            (
                code.in_use_on(last_day_before),
                code.in_use_on(CODES_OF_2024),
            )
        };
        for code in [Code::H, Code::J, Code::Y] {
            assert_eq!(in_use(code), (true, false), "{code}");
            let why = code.not_in_use_on(CODES_OF_2024).expect("refused");
            assert!(why.contains("went out of use on 2024-08-19"), "{why}");
        }
        for code in [
            Code::C1,
            Code::C2,
            Code::J1,
            Code::K,
            Code::Q,
            Code::Y1,
            Code::Y7,
        ] {
            assert_eq!(in_use(code), (false, true), "{code}");
            let why = code.not_in_use_on(last_day_before).expect("refused");
            assert!(why.contains("is a 2024 code"), "{why}");
            assert!(why.contains("dated 2024-08-18"), "{why}");
        }
        for code in [Code::PresentAm, Code::G, Code::D, Code::X, Code::Closed] {
            assert_eq!(in_use(code), (true, true), "{code}");
            assert_eq!(code.not_in_use_on(last_day_before), None);
        }
    }

    #[test]
    fn the_earlier_codes_keep_their_own_categories() {
        use super::Category::*;
        assert_eq!(Code::H.category(), Authorised);
        assert_eq!(Code::J.category(), ApprovedActivity);
        assert_eq!(Code::J1.category(), Authorised);
        assert_eq!(Code::Y.category(), NotPossible);
        assert_eq!(Code::parse("J"), Some(Code::J));
    }
}
