//! The kinds of event a pupil's history holds (`events.csv`), which
//! policies name as anchors, windows and preconditions.
//!
//! Seven kinds are built in; a policy may declare more (`event
//! warning_letter "..."`, docs/language.md § "Declared events"). A
//! declared kind is its name, interned once per distinct name so that an
//! [`EventKind`] stays `Copy` and as cheap to compare as before.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeSet;
use std::fmt;
use std::sync::{Mutex, OnceLock};

/// The kinds of event in `events.csv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventKind {
    /// An exclusion from `start` to `end` inclusive.
    Exclusion,
    /// An excluded pupil seen in a public place on `start`.
    PublicPlace,
    /// The pupil was stopped in a truancy sweep on `start`.
    TruancySweep,
    /// A penalty notice issued earlier to `parent` on `start` by the
    /// authority in `detail`; withdrawn on `end` if set.
    PenaltyNotice,
    /// A Notice to Improve issued on `start` (to `parent`, or all parents).
    NoticeToImprove,
    /// The pupil moved and earlier notices cannot be established.
    PreviousAuthorityUnknown,
    /// A prosecution or notice case closed on `start` (convicted,
    /// withdrawn, paid…: `detail`), for `parent` or, without one, for
    /// every parent.
    CaseClosed,
    /// A kind a policy declares (a warning letter, a refused leave
    /// request…), dated `start`, for `parent` or, without one, for every
    /// parent.
    Declared(DeclaredKind),
}

/// The name of a policy-declared event kind (`warning_letter`): snake
/// case, never a built-in kind's name. Interned: each distinct name is
/// stored once for the life of the process.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeclaredKind(&'static str);

impl DeclaredKind {
    /// The name as written.
    pub fn as_str(self) -> &'static str {
        self.0
    }
}

impl EventKind {
    /// Every built-in kind, in table order.
    pub const ALL: &'static [EventKind] = &[
        EventKind::Exclusion,
        EventKind::PublicPlace,
        EventKind::TruancySweep,
        EventKind::PenaltyNotice,
        EventKind::NoticeToImprove,
        EventKind::PreviousAuthorityUnknown,
        EventKind::CaseClosed,
    ];

    /// The kind as written in `events.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Exclusion => "exclusion",
            EventKind::PublicPlace => "public_place",
            EventKind::TruancySweep => "truancy_sweep",
            EventKind::PenaltyNotice => "penalty_notice",
            EventKind::NoticeToImprove => "notice_to_improve",
            EventKind::PreviousAuthorityUnknown => "previous_authority_unknown",
            EventKind::CaseClosed => "case_closed",
            EventKind::Declared(kind) => kind.as_str(),
        }
    }

    /// Parses a built-in kind as written in `events.csv` or a policy.
    pub fn parse(text: &str) -> Option<EventKind> {
        EventKind::ALL
            .iter()
            .copied()
            .find(|kind| kind.as_str() == text)
    }

    /// Parses a kind that is built in or one of `declared`, without
    /// interning anything (a data row cannot add a kind).
    pub fn parse_known(text: &str, declared: &[EventKind]) -> Option<EventKind> {
        EventKind::parse(text)
            .or_else(|| declared.iter().copied().find(|kind| kind.as_str() == text))
    }

    /// The declared kind named `name`, interned; `None` if `name` is a
    /// built-in kind or not a snake-case name (`warning_letter`).
    pub fn declared(name: &str) -> Option<EventKind> {
        if EventKind::parse(name).is_some() || !is_kind_name(name) {
            return None;
        }
        static NAMES: OnceLock<Mutex<BTreeSet<&'static str>>> = OnceLock::new();
        let mut names = NAMES
            .get_or_init(Mutex::default)
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let interned = match names.get(name) {
            Some(&interned) => interned,
            None => {
                let leaked: &'static str = Box::leak(name.to_owned().into_boxed_str());
                names.insert(leaked);
                leaked
            }
        };
        Some(EventKind::Declared(DeclaredKind(interned)))
    }

    /// Whether this kind is built in (not declared by a policy).
    pub fn is_built_in(self) -> bool {
        !matches!(self, EventKind::Declared(_))
    }
}

/// Whether `name` is a lower-case snake-case name, as a policy writes one.
fn is_kind_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Written as its name (`"notice_to_improve"`, `"warning_letter"`).
impl Serialize for EventKind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for EventKind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        EventKind::parse(&name)
            .or_else(|| EventKind::declared(&name))
            .ok_or_else(|| serde::de::Error::custom(format!("`{name}` is not an event kind name")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_kinds_are_interned_and_never_built_in() {
        let first = EventKind::declared("warning_letter").unwrap();
        let second = EventKind::declared(&String::from("warning_letter")).unwrap();
        assert_eq!(first, second);
        assert_eq!(first.as_str(), "warning_letter");
        assert!(!first.is_built_in());
        assert_eq!(EventKind::declared("exclusion"), None);
        assert_eq!(EventKind::declared("Warning letter"), None);
        assert_eq!(EventKind::parse("warning_letter"), None);
        assert_eq!(
            EventKind::parse_known("warning_letter", &[first]),
            Some(first)
        );
        assert_eq!(EventKind::parse_known("leave_refused", &[first]), None);
    }

    #[test]
    fn kinds_serialise_as_their_names_and_read_back() {
        let kinds = vec![
            EventKind::NoticeToImprove,
            EventKind::declared("warning_letter").unwrap(),
        ];
        let json = serde_json::to_string(&kinds).unwrap();
        assert_eq!(json, r#"["notice_to_improve","warning_letter"]"#);
        let back: Vec<EventKind> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, kinds);
        assert!(serde_json::from_str::<EventKind>(r#""Not a name""#).is_err());
    }
}
