//! The Notice to Improve settings, and which block each setting belongs in.

use super::SegmentLowerer;
use crate::diagnostic::Diagnostic;
use crate::diagnostic_kind::DiagnosticKind;
use crate::scope::{SettingKey, SettingLine, SettingName};
use rollcall_grammar::ast::{Setting, SettingsKind, Unit};

/// A Notice to Improve's improvement period, checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct ImprovementPeriod {
    /// How long it lasts, in days.
    pub lasts_days: u32,
    /// How long it can last with every extension, in days.
    pub at_most_days: u32,
}

impl<'a> SegmentLowerer<'a, '_> {
    /// Checks the `notice_to_improve` settings in force; returns the period
    /// and its longest extension in days, if set and sound.
    pub(super) fn improvement_period(&mut self) -> Option<ImprovementPeriod> {
        let settings = &self.scope.settings;
        let line = |name| settings.get(&SettingKey::notice_to_improve(name));
        let lasts = line(SettingName::Lasts)?;
        let (extendable, at_most) = (line(SettingName::ExtendableBy), line(SettingName::AtMost));
        let lasts_weeks = self.setting_weeks(lasts)?;
        let extendable_weeks = match extendable {
            Some(line) => self.setting_weeks(line)?,
            None => 0,
        };
        let at_most_weeks = match at_most {
            Some(line) => self.setting_weeks(line)?,
            None => lasts_weeks + extendable_weeks,
        };
        if lasts_weeks + extendable_weeks > at_most_weeks {
            let line = at_most.unwrap_or(lasts);
            self.diagnostics.push(
                Diagnostic::new(
                    DiagnosticKind::NoticeToImprovePeriod,
                    self.file(line.policy),
                    line.line.span,
                    format!("{lasts_weeks} weeks extended by {extendable_weeks} is longer than the most allowed, {at_most_weeks} weeks"),
                )
                .label("the longest improvement period")
                .help("make `at most` at least `lasts` plus `extendable by`"),
            );
            return None;
        }
        if lasts_weeks < 3 || at_most_weeks > 6 {
            self.diagnostics.push(
                Diagnostic::new(
                    DiagnosticKind::NoticeToImproveRange,
                    self.file(lasts.policy),
                    lasts.line.span,
                    format!("an improvement period of {lasts_weeks} to {at_most_weeks} weeks is outside the 3 to 6 weeks the national guidance allows"),
                )
                .label("unusual improvement period")
                .help("the DfE expects a Notice to Improve to give between 3 and 6 weeks"),
            );
        }
        Some(ImprovementPeriod {
            lasts_days: lasts_weeks * 7,
            at_most_days: at_most_weeks * 7,
        })
    }

    /// The weeks a Notice to Improve line sets, checked.
    pub(super) fn setting_weeks(&mut self, line: &SettingLine<'a>) -> Option<u32> {
        let amount = match &line.line.value {
            Setting::Lasts(a) | Setting::ExtendableBy(a) | Setting::AtMost(a) => a,
            _ => return None,
        };
        if amount.value.value == 0 && matches!(line.line.value, Setting::ExtendableBy(_)) {
            return Some(0);
        }
        self.positive(
            line.policy,
            amount,
            Unit::Weeks,
            "an improvement period",
            "4 weeks",
        )
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
