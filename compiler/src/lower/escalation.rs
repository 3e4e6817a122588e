//! Lowers the merged `penalty_notices` and `cross_border` settings into the
//! escalation node of an effective version.

use super::settings::belongs;
use super::units::{check_positive, Place};
use super::SegmentLowerer;
use crate::diagnostic::{Diagnostic, FileText};
use crate::diagnostic_kind::DiagnosticKind;
use crate::library::date;
use crate::scope::SettingLine;
use rollcall_grammar::ast::{self, Setting, Spanned, Unit};
use rollcall_ir::graph::{self, Escalation, Node, NodeId, NoticeSchedule, Payment, SettingSource};

/// `case open for N UNIT`: how long a prosecution keeps a case open.
const CASE_OPEN: Place = Place {
    what: "how long a case stays open",
    units: &[
        (Unit::Years, "1 year"),
        (Unit::Weeks, "26 weeks"),
        (Unit::Days, "182 days"),
    ],
    hint: Some("for academic years write `1 academic_year`"),
};

/// `case open for N academic_years`.
const CASE_OPEN_ACADEMIC: Place = Place {
    what: "how long a case stays open",
    units: &[(Unit::Years, "1 academic_year")],
    hint: None,
};

/// `limit N notices …`.
const LIMIT_NOTICES: Place = Place {
    what: "a notice limit",
    units: &[(Unit::Notices, "2 notices")],
    hint: None,
};

/// `limit … within N UNIT`.
const LIMIT_PERIOD: Place = Place {
    what: "the period of a notice limit",
    units: &[(Unit::Years, "3 years"), (Unit::Months, "12 months")],
    hint: None,
};

/// `pays £N …`.
const PAYMENT: Place = Place {
    what: "a payment",
    units: &[(Unit::Money, "£80 within 21 days")],
    hint: None,
};

/// `pays … within N days`.
const PAYMENT_PERIOD: Place = Place {
    what: "a payment period",
    units: &[(Unit::Days, "21 days")],
    hint: None,
};

/// How long a prosecution keeps a case open, checked: years, weeks (as
/// days) or days, or whole academic years.
fn case_length(
    file: &FileText,
    length: &Spanned<ast::CaseLength>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<graph::CaseLength> {
    match length.value {
        ast::CaseLength::AcademicYears(years) => {
            let amount = Spanned {
                value: ast::Amount {
                    value: years,
                    unit: Some(Unit::Years),
                },
                span: length.span,
            };
            check_positive(file, &amount, &CASE_OPEN_ACADEMIC, diagnostics)
                .map(|(years, _)| graph::CaseLength::AcademicYears(years))
        }
        ast::CaseLength::Amount(amount) => {
            let spanned = Spanned {
                value: amount,
                span: length.span,
            };
            let (value, unit) = check_positive(file, &spanned, &CASE_OPEN, diagnostics)?;
            Some(match unit {
                Unit::Days => graph::CaseLength::Days(value),
                Unit::Weeks => graph::CaseLength::Days(value.checked_mul(7)?),
                _ => graph::CaseLength::Years(value),
            })
        }
    }
}

/// The highest amount any regime has set for a penalty notice, in pence.
const STATUTORY_MAXIMUM_PENCE: i64 = 16_000;

impl SegmentLowerer<'_, '_> {
    /// The escalation node of the scope's settings.
    pub fn escalation(&mut self) -> NodeId {
        let mut escalation = Escalation {
            case_open: None,
            notice_open: None,
            schedules: Vec::new(),
            limit: None,
            counting_years: None,
            counting_months: None,
            counting_from: None,
            exclusion_payments: Vec::new(),
            other_authorities_count: true,
            unknown_previous: graph::UnknownPrevious::AssumeNone,
            sources: Vec::new(),
        };
        for (key, line) in &self.scope.settings {
            let file = &self.library.policies[line.policy].file;
            if !belongs(line.block.kind.value, &line.line.value) {
                self.diagnostics.push(
                    Diagnostic::new(DiagnosticKind::MisplacedSetting, file, line.line.span, format!("`{key}` does not belong in this block"))
                        .label("misplaced setting")
                        .also(line.block.kind.span, "this block")
                        .help("amounts and limits go in `penalty_notices`, authority rules in `cross_border`, improvement periods in `notice_to_improve`"),
                );
                continue;
            }
            escalation.sources.push(SettingSource {
                setting: key.to_string(),
                location: graph::Location {
                    policy: self.library.id(line.policy).to_string(),
                    file: file.path.clone(),
                    line: file.line_of(line.line.span.start),
                },
                source: line.block.docs.source.as_ref().map(|s| s.value.clone()),
            });
            self.setting(line, &mut escalation);
        }
        escalation.schedules.sort_by_key(|s| s.number);
        self.improvement_period();
        self.arena.intern(Node::Escalation(escalation))
    }

    fn setting(&mut self, line: &SettingLine<'_>, escalation: &mut Escalation) {
        let file = &self.library.policies[line.policy].file;
        match &line.line.value {
            Setting::NoticePays { number, payments } => {
                if number.value < 1 || number.value > 100 {
                    self.diagnostics.push(
                        Diagnostic::new(
                            DiagnosticKind::OutOfRange,
                            file,
                            number.span,
                            format!("there is no notice number {}", number.value),
                        )
                        .label("notices are numbered from 1")
                        .help("number notices from 1 (the first) up to 100"),
                    );
                    return;
                }
                if let Some(payments) = self.payments(line.policy, payments) {
                    escalation.schedules.push(NoticeSchedule {
                        number: number.value as u32,
                        payments,
                    });
                }
            }
            Setting::ExclusionPays { payments } => {
                if let Some(payments) = self.payments(line.policy, payments) {
                    escalation.exclusion_payments = payments;
                }
            }
            Setting::Limit {
                notices,
                within,
                then,
            } => {
                let count = check_positive(file, notices, &LIMIT_NOTICES, self.diagnostics);
                // A period in years or months (`within 12 months`).
                let period = check_positive(file, within, &LIMIT_PERIOD, self.diagnostics);
                let then = self.action(&then.value);
                if let (Some((notices, _)), Some((period, unit))) = (count, period) {
                    escalation.limit = Some(graph::NoticeLimit { notices, then });
                    if unit == Unit::Months {
                        escalation.counting_months = Some(period);
                    } else {
                        escalation.counting_years = Some(period);
                    }
                }
            }
            Setting::CountFrom(lit) => escalation.counting_from = date(file, lit, self.diagnostics),
            Setting::LeadSchoolAuthority => {}
            Setting::OtherAuthoritiesCount(count) => escalation.other_authorities_count = *count,
            Setting::UnknownPrevious(assume) => {
                escalation.unknown_previous = match assume {
                    ast::UnknownPrevious::AssumeNone => graph::UnknownPrevious::AssumeNone,
                    ast::UnknownPrevious::ManualReview => graph::UnknownPrevious::ManualReview,
                }
            }
            Setting::Lasts(_) | Setting::ExtendableBy(_) | Setting::AtMost(_) => {}
            Setting::CaseOpen {
                lasts,
                until_closed,
            } => {
                let lasts = match lasts {
                    None => None,
                    Some(length) => match case_length(file, length, self.diagnostics) {
                        Some(length) => Some(length),
                        None => return,
                    },
                };
                escalation.case_open = Some(graph::CaseOpen {
                    lasts,
                    until_case_closed: *until_closed,
                });
            }
            Setting::NoticeOpen { until_closed } => {
                escalation.notice_open = Some(graph::NoticeOpen {
                    until_case_closed: *until_closed,
                });
            }
        }
    }

    fn payments(&mut self, policy: usize, payments: &[ast::Payment]) -> Option<Vec<Payment>> {
        let file = &self.library.policies[policy].file;
        let mut lowered = Vec::new();
        let mut sound = true;
        for payment in payments {
            let amount = check_positive(file, &payment.amount, &PAYMENT, self.diagnostics)
                .map(|(pence, _)| pence);
            let days = check_positive(file, &payment.within, &PAYMENT_PERIOD, self.diagnostics)
                .map(|(days, _)| days);
            if let Some(pence) = amount {
                if i64::from(pence) > STATUTORY_MAXIMUM_PENCE {
                    self.diagnostics.push(
                        Diagnostic::new(
                            DiagnosticKind::AmountOverMaximum,
                            file,
                            payment.amount.span,
                            format!("£{}.{:02} is more than the £160 any regulations have set", pence / 100, pence % 100),
                        )
                        .label("over the statutory maximum")
                        .help("check the amount against the Education (Penalty Notices) (England) Regulations"),
                    );
                }
            }
            match (amount, days) {
                (Some(pence), Some(days)) => lowered.push((
                    payment,
                    Payment {
                        within_days: days,
                        amount_pence: u64::from(pence),
                    },
                )),
                _ => sound = false,
            }
        }
        if !sound {
            return None;
        }
        lowered.sort_by_key(|(_, p)| p.within_days);
        for pair in lowered.windows(2) {
            let ((_, early), (later_ast, later)) = (&pair[0], &pair[1]);
            if later.amount_pence <= early.amount_pence || later.within_days == early.within_days {
                self.diagnostics.push(
                    Diagnostic::new(
                        DiagnosticKind::AmountsNotRising,
                        file,
                        later_ast.amount.span,
                        "a later payment period must cost more than an earlier one".to_string(),
                    )
                    .label(format!("within {} days costs no more than within {} days", later.within_days, early.within_days))
                    .help("list the reduced amount for the shorter period first, e.g. `£80 within 21 days, £160 within 28 days`"),
                );
                return None;
            }
        }
        Some(lowered.into_iter().map(|(_, p)| p).collect())
    }
}
