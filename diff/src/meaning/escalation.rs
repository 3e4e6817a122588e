//! Notice amounts, limits and cross-border settings of a version, read by
//! meaning: the n-th notice is priced by the last schedule line at or
//! before n, whether or not a line is written for n.

use super::{GraphError, Reader};
use chrono::NaiveDate;
use rollcall_ir::graph::{
    Action, Location, Node, NodeId, NoticeSchedule, Payment, SettingSource, UnknownPrevious,
};

/// The escalation node of a version, with its limit's action followed.
#[derive(Clone, Debug)]
pub struct EscalationMeaning<'g> {
    /// Payment schedules by notice number, ascending.
    pub schedules: &'g [NoticeSchedule],
    /// The notice limit and the action taken at it.
    pub limit: Option<(u32, Action)>,
    /// Earlier notices count only within this many years.
    pub counting_years: Option<u32>,
    /// Notices issued before this date are not counted.
    pub counting_from: Option<NaiveDate>,
    /// Payment options of an exclusion notice.
    pub exclusion_payments: &'g [Payment],
    /// Whether notices from other authorities count.
    pub other_authorities_count: bool,
    /// What to do when the previous authority is unknown.
    pub unknown_previous: UnknownPrevious,
    /// How long a prosecution keeps a parent's case open.
    pub case_open: Option<rollcall_ir::graph::CaseOpen>,
    /// Where each setting was written.
    sources: &'g [SettingSource],
}

impl<'g> EscalationMeaning<'g> {
    /// The schedule line that prices the `number`-th notice: the last line
    /// numbered `number` or lower (the first line if all are higher).
    pub fn schedule(&self, number: u32) -> Option<&'g NoticeSchedule> {
        self.schedules
            .iter()
            .rev()
            .find(|schedule| schedule.number <= number)
            .or(self.schedules.first())
    }

    /// The highest notice number with a line of its own (0 without lines).
    pub fn last_number(&self) -> u32 {
        self.schedules.iter().map(|s| s.number).max().unwrap_or(0)
    }

    /// Where the setting called `setting` (`notice 1`, `limit`…) was
    /// written, if the compiler recorded it (under its name, or its name
    /// after its block's: `penalty_notices: limit`).
    pub fn location(&self, setting: &str) -> Option<&'g Location> {
        let in_block = format!(": {setting}");
        self.sources
            .iter()
            .find(|source| source.setting == setting || source.setting.ends_with(&in_block))
            .map(|source| &source.location)
    }
}

impl<'g> Reader<'g> {
    /// The escalation node `id`.
    pub fn escalation(&self, id: NodeId) -> Result<EscalationMeaning<'g>, GraphError> {
        let Node::Escalation(escalation) = self.node(id)? else {
            return Err(self.wrong_kind(id, "an escalation"));
        };
        let limit = match &escalation.limit {
            Some(limit) => Some((limit.notices, self.action(limit.then)?)),
            None => None,
        };
        Ok(EscalationMeaning {
            schedules: &escalation.schedules,
            limit,
            counting_years: escalation.counting_years,
            counting_from: escalation.counting_from,
            exclusion_payments: &escalation.exclusion_payments,
            other_authorities_count: escalation.other_authorities_count,
            unknown_previous: escalation.unknown_previous,
            case_open: escalation.case_open,
            sources: &escalation.sources,
        })
    }
}
