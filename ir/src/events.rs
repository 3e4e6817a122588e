//! The kinds of event a pupil's history holds (`events.csv`), which
//! policies name as anchors and windows.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The kinds of event in `events.csv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
}

impl EventKind {
    /// Every kind, in table order.
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
        }
    }

    /// Parses a kind as written in `events.csv` or a policy.
    pub fn parse(text: &str) -> Option<EventKind> {
        EventKind::ALL
            .iter()
            .copied()
            .find(|kind| kind.as_str() == text)
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
