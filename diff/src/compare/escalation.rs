//! Notice amounts, limits and cross-border settings, setting by setting.
//! Notices are compared by number: the n-th notice of each side is priced
//! by that side's schedule for n, whichever line it was written on.

use crate::report::{Aspect, Change};
use crate::words::{action_words, case_open_words, notice_open_words, payments_words};
use rollcall_ir::graph::{Location, UnknownPrevious};
use rollcall_ir::view::{CountingPeriod, EscalationView};
use rollcall_ir::words::plural;

/// One setting of an escalation, in words.
struct Setting<'g> {
    subject: String,
    aspect: Aspect,
    words: String,
    location: Option<&'g Location>,
}

/// The changes between two escalations; a missing side lists the other
/// side's settings as added or removed.
pub fn escalation_changes(
    old: Option<&EscalationView<'_>>,
    new: Option<&EscalationView<'_>>,
) -> Vec<Change> {
    let notices = [old, new]
        .iter()
        .flatten()
        .map(|escalation| escalation.last_number())
        .max()
        .unwrap_or(0);
    let old_settings = old.map(|e| settings(e, notices)).unwrap_or_default();
    let new_settings = new.map(|e| settings(e, notices)).unwrap_or_default();
    let mut changes = Vec::new();
    for old_setting in &old_settings {
        match new_settings
            .iter()
            .find(|s| s.subject == old_setting.subject)
        {
            Some(new_setting) if new_setting.words != old_setting.words => changes.push(
                Change::changed(
                    old_setting.subject.clone(),
                    vec![old_setting.aspect],
                    old_setting.words.clone(),
                    new_setting.words.clone(),
                )
                .at(old_setting.location, new_setting.location),
            ),
            Some(_) => {}
            None => changes.push(
                Change::removed(
                    old_setting.subject.clone(),
                    old_setting.aspect,
                    old_setting.words.clone(),
                )
                .at(old_setting.location, None),
            ),
        }
    }
    for new_setting in &new_settings {
        if !old_settings
            .iter()
            .any(|s| s.subject == new_setting.subject)
        {
            changes.push(
                Change::added(
                    new_setting.subject.clone(),
                    new_setting.aspect,
                    new_setting.words.clone(),
                )
                .at(None, new_setting.location),
            );
        }
    }
    changes
}

/// The settings of `escalation`, with notices 1 to `notices` priced.
fn settings<'g>(escalation: &EscalationView<'g>, notices: u32) -> Vec<Setting<'g>> {
    let mut settings = Vec::new();
    for number in 1..=notices {
        let schedule = escalation.schedule(number);
        settings.push(Setting {
            subject: format!("notice {number}"),
            aspect: Aspect::NoticePayments,
            words: payments_words(schedule.map_or(&[], |s| s.payments.as_slice())),
            location: schedule.and_then(|s| escalation.location(&format!("notice {}", s.number))),
        });
    }
    let limit = match &escalation.limit {
        Some((notices, action)) => format!(
            "{} then {}",
            plural(*notices, "notice", "notices"),
            action_words(action)
        ),
        None => "no limit".to_string(),
    };
    // In whole years where it is one, so that `within 36 months` and
    // `within 3 years` are the same meaning.
    let counting_years = match escalation.counting.map(CountingPeriod::months) {
        Some(months) if months % 12 == 0 => {
            format!(
                "notices issued within {}",
                CountingPeriod::Years(months / 12)
            )
        }
        Some(months) => format!("notices issued within {}", CountingPeriod::Months(months)),
        None => "every earlier notice".to_string(),
    };
    let counting_from = match escalation.counting_from {
        Some(date) => format!("notices issued from {date}"),
        None => "notices issued on any date".to_string(),
    };
    let other_authorities = match escalation.other_authorities_count {
        true => "count",
        false => "are ignored",
    };
    let unknown_previous = match escalation.unknown_previous {
        UnknownPrevious::AssumeNone => "assume none",
        UnknownPrevious::ManualReview => "manual_review",
    };
    let rest = [
        ("notice limit", Aspect::NoticeLimit, limit, "limit"),
        (
            "notices counted",
            Aspect::CountingYears,
            counting_years,
            "limit",
        ),
        (
            "notices counted from",
            Aspect::CountingFrom,
            counting_from,
            "count notices issued from",
        ),
        (
            "exclusion notice",
            Aspect::ExclusionPayments,
            payments_words(escalation.exclusion_payments),
            "exclusion notice pays",
        ),
        (
            "earlier notices from other authorities",
            Aspect::OtherAuthorities,
            other_authorities.to_string(),
            "earlier notices from other authorities",
        ),
        (
            "previous authority unknown",
            Aspect::UnknownPrevious,
            unknown_previous.to_string(),
            "previous authority unknown",
        ),
    ];
    for (subject, aspect, words, setting) in rest {
        settings.push(Setting {
            subject: subject.to_string(),
            aspect,
            words,
            location: escalation.location(setting),
        });
    }
    // Only when set, so that versions without it list nothing new.
    if let Some(case) = &escalation.case_open {
        settings.push(Setting {
            subject: "case open".to_string(),
            aspect: Aspect::CaseOpen,
            words: case_open_words(case),
            location: escalation.location("case open"),
        });
    }
    if let Some(open) = &escalation.notice_open {
        settings.push(Setting {
            subject: "notice open".to_string(),
            aspect: Aspect::NoticeOpen,
            words: notice_open_words(open),
            location: escalation.location("notice open"),
        });
    }
    settings
}
