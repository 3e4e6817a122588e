//! The Notice to Improve settings, and which block each setting belongs in.

use super::units::Place;
use super::SegmentLowerer;
use crate::diagnostic::Diagnostic;
use crate::diagnostic_kind::DiagnosticKind;
use crate::scope::{SettingKey, SettingLine, SettingName};
use rollcall_grammar::ast::{Setting, SettingsKind, Unit};
use rollcall_ir::view::ImprovementUnit;

/// A Notice to Improve's improvement period, checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct ImprovementPeriod {
    /// How long it lasts, in `unit`.
    pub lasts: u32,
    /// How long it can last with every extension, in `unit`.
    pub at_most: u32,
    /// Calendar days (written in weeks), school weeks or school days.
    pub unit: ImprovementUnit,
}

impl<'a> SegmentLowerer<'a, '_> {
    /// Checks the `notice_to_improve` settings in force; returns the period
    /// and its longest extension in days, if set and sound.
    pub(super) fn improvement_period(&mut self) -> Option<ImprovementPeriod> {
        let settings = &self.scope.settings;
        let line = |name| settings.get(&SettingKey::notice_to_improve(name));
        let lasts = line(SettingName::Lasts)?;
        let (extendable, at_most) = (line(SettingName::ExtendableBy), line(SettingName::AtMost));
        let (lasts_weeks, unit) = self.setting_weeks(lasts, None)?;
        let extendable_weeks = match extendable {
            Some(line) => self.setting_weeks(line, Some(unit))?.0,
            None => 0,
        };
        let at_most_weeks = match at_most {
            Some(line) => self.setting_weeks(line, Some(unit))?.0,
            None => lasts_weeks + extendable_weeks,
        };
        let weeks = match unit {
            ImprovementUnit::Days => "weeks",
            ImprovementUnit::SchoolWeeks => "school weeks",
            ImprovementUnit::SchoolDays => "school days",
        };
        if lasts_weeks + extendable_weeks > at_most_weeks {
            let line = at_most.unwrap_or(lasts);
            self.diagnostics.push(
                Diagnostic::new(
                    DiagnosticKind::NoticeToImprovePeriod,
                    self.file(line.policy),
                    line.line.span,
                    format!("{lasts_weeks} {weeks} extended by {extendable_weeks} is longer than the most allowed, {at_most_weeks} {weeks}"),
                )
                .label("the longest improvement period")
                .help("make `at most` at least `lasts` plus `extendable by`"),
            );
            return None;
        }
        // The guidance's 3 to 6 weeks, as school days five to a week.
        let (fewest, most, guidance) = match unit {
            ImprovementUnit::SchoolDays => (15, 30, "3 to 6 weeks (15 to 30 school days)"),
            ImprovementUnit::Days | ImprovementUnit::SchoolWeeks => (3, 6, "3 to 6 weeks"),
        };
        if lasts_weeks < fewest || at_most_weeks > most {
            self.diagnostics.push(
                Diagnostic::new(
                    DiagnosticKind::NoticeToImproveRange,
                    self.file(lasts.policy),
                    lasts.line.span,
                    format!("an improvement period of {lasts_weeks} to {at_most_weeks} {weeks} is outside the {guidance} the national guidance allows"),
                )
                .label("unusual improvement period")
                .help("the DfE expects a Notice to Improve to give between 3 and 6 weeks"),
            );
        }
        let length = |weeks: u32| match unit {
            ImprovementUnit::Days => weeks * 7,
            ImprovementUnit::SchoolWeeks | ImprovementUnit::SchoolDays => weeks,
        };
        Some(ImprovementPeriod {
            lasts: length(lasts_weeks),
            at_most: length(at_most_weeks),
            unit,
        })
    }

    /// The weeks (calendar or school) or school days a Notice to Improve line sets,
    /// checked; every line after the first (`lasts`) in the unit it set.
    pub(super) fn setting_weeks(
        &mut self,
        line: &SettingLine<'a>,
        first: Option<ImprovementUnit>,
    ) -> Option<(u32, ImprovementUnit)> {
        let amount = match &line.line.value {
            Setting::Lasts(a) | Setting::ExtendableBy(a) | Setting::AtMost(a) => a,
            _ => return None,
        };
        if let (Some(unit), Setting::ExtendableBy(_)) = (first, &line.line.value) {
            if amount.value.value == 0 {
                return Some((0, unit));
            }
        }
        let later = first.map(|unit| [written_as(unit)]);
        let place = match &later {
            None => IMPROVEMENT,
            Some(units) => Place {
                what: "this line, like the period's `lasts`,",
                units,
                hint: None,
            },
        };
        let (weeks, unit) = self.positive(line.policy, amount, &place)?;
        Some((weeks, improvement_unit(unit)))
    }
}

/// The units an improvement period's `lasts` may be written in.
const IMPROVEMENT: Place = Place {
    what: "an improvement period",
    units: &[
        (Unit::Weeks, "4 weeks"),
        (Unit::SchoolWeeks, "6 school weeks"),
        (Unit::SchoolDays, "15 school days"),
    ],
    hint: None,
};

/// The unit an improvement period is written in, with an example.
fn written_as(unit: ImprovementUnit) -> (Unit, &'static str) {
    match unit {
        ImprovementUnit::Days => (Unit::Weeks, "4 weeks"),
        ImprovementUnit::SchoolWeeks => (Unit::SchoolWeeks, "6 school weeks"),
        ImprovementUnit::SchoolDays => (Unit::SchoolDays, "15 school days"),
    }
}

/// What an improvement period written in `unit` (one [`IMPROVEMENT`]
/// allows) is counted in.
fn improvement_unit(unit: Unit) -> ImprovementUnit {
    match unit {
        Unit::SchoolWeeks => ImprovementUnit::SchoolWeeks,
        Unit::SchoolDays => ImprovementUnit::SchoolDays,
        _ => ImprovementUnit::Days,
    }
}

/// Whether a setting line belongs in a block of this kind.
pub(super) fn belongs(kind: SettingsKind, setting: &Setting) -> bool {
    let expected = match setting {
        Setting::NoticePays { .. }
        | Setting::ExclusionPays { .. }
        | Setting::Limit { .. }
        | Setting::CountFrom(_)
        | Setting::CaseOpen { .. }
        | Setting::NoticeOpen { .. } => SettingsKind::PenaltyNotices,
        Setting::LeadSchoolAuthority
        | Setting::OtherAuthoritiesCount(_)
        | Setting::UnknownPrevious(_) => SettingsKind::CrossBorder,
        Setting::Lasts(_) | Setting::ExtendableBy(_) | Setting::AtMost(_) => {
            SettingsKind::NoticeToImprove
        }
    };
    expected == kind
}
