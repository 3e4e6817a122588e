//! Shared by the differential tests: random policy text and histories, both
//! engines run on them, and shrinking of a case that tells them apart.
#![allow(dead_code)]

pub mod generate;
pub mod rng;

use chrono::NaiveDate;
use rollcall_compiler::{compile, SourceFile};
use rollcall_data::model::{Event, Mark, Pupil, School};
use rollcall_data::read::DataSet;
use rollcall_ir::graph::RuleGraph;
use rollcall_runtime::decision::Decision;
use rollcall_runtime::engine::{evaluate, EvalOptions, PolicySet};
use serde::{Deserialize, Serialize};

/// One differential case: a policy's text and a data set's rows.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Case {
    /// The policy file's text (one national policy).
    pub policy: String,
    /// An authority policy extending it, for every school, if any: then
    /// the one both engines evaluate, as the compiler flattens it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub child: Option<String>,
    /// Schools.
    pub schools: Vec<School>,
    /// Pupils.
    pub pupils: Vec<Pupil>,
    /// Marks, each with its pupil's position in `pupils`.
    pub marks: Vec<(u32, Mark)>,
    /// Events.
    pub events: Vec<Event>,
}

/// The decisions of both engines on a case.
pub struct Outcome {
    /// The engine's, without reasons.
    pub engine: Vec<Decision>,
    /// The reference's.
    pub reference: Vec<Decision>,
}

impl Case {
    /// The compiled policy; panics with the compiler's messages on a
    /// generator bug.
    pub fn graph(&self) -> RuleGraph {
        let mut sources = vec![SourceFile {
            path: "generated.policy".into(),
            text: self.policy.clone(),
        }];
        sources.extend(self.child.iter().map(|text| SourceFile {
            path: "luton.policy".into(),
            text: text.clone(),
        }));
        let compilation = compile(&sources);
        assert!(
            !compilation.has_errors(),
            "generated policy does not compile: {:#?}\n{}\n{}",
            compilation.diagnostics,
            self.policy,
            self.child.as_deref().unwrap_or_default()
        );
        let id = if self.child.is_some() {
            "luton"
        } else {
            "generated"
        };
        compilation.graph(id).cloned().expect("the generated graph")
    }

    /// The policy text, and the child's if any: what a construct is looked
    /// for in.
    pub fn text(&self) -> String {
        format!(
            "{}{}",
            self.policy,
            self.child.as_deref().unwrap_or_default()
        )
    }

    /// The data set.
    pub fn data(&self) -> DataSet {
        DataSet::new(
            self.schools.clone(),
            self.pupils.clone(),
            self.marks.clone(),
            self.events.clone(),
        )
    }

    /// Both engines' decisions, in a canonical order. The reference does not
    /// word reasons, so the engine's are blanked.
    pub fn run(&self) -> Outcome {
        let graph = self.graph();
        let data = self.data();
        let set = PolicySet::new(vec![graph.clone()]).expect("a valid policy set");
        let mut engine = evaluate(&set, &data, &EvalOptions::default());
        for decision in &mut engine {
            decision.reason.clear();
        }
        let mut reference = rollcall_reference::evaluate(&graph, &data)
            .unwrap_or_else(|unsupported| panic!("{unsupported}\n{}", self.policy));
        sort(&mut engine);
        sort(&mut reference);
        Outcome { engine, reference }
    }

    /// Whether the two engines disagree on this case.
    pub fn differs(&self) -> bool {
        let outcome = self.run();
        outcome.engine != outcome.reference
    }

    /// A smaller case that still tells the engines apart: pupils, events,
    /// marks and rules dropped while the difference stays.
    pub fn shrink(mut self) -> Case {
        loop {
            let before = (self.pupils.len(), self.events.len(), self.marks.len());
            for index in (0..self.pupils.len()).rev() {
                let candidate = self.without_pupil(index);
                if candidate.differs() {
                    self = candidate;
                }
            }
            for index in (0..self.events.len()).rev() {
                let mut candidate = self.clone();
                candidate.events.remove(index);
                if candidate.differs() {
                    self = candidate;
                }
            }
            let mut chunk = self.marks.len() / 2;
            while chunk > 0 {
                let mut start = 0;
                while start < self.marks.len() {
                    let mut candidate = self.clone();
                    let end = (start + chunk).min(candidate.marks.len());
                    candidate.marks.drain(start..end);
                    if candidate.differs() {
                        self = candidate;
                    } else {
                        start += chunk;
                    }
                }
                chunk /= 2;
            }
            if before == (self.pupils.len(), self.events.len(), self.marks.len()) {
                return self;
            }
        }
    }

    fn without_pupil(&self, index: usize) -> Case {
        let mut case = self.clone();
        let id = case.pupils.remove(index).id;
        case.events.retain(|event| event.pupil != id);
        case.marks.retain(|(pupil, _)| *pupil as usize != index);
        for (pupil, _) in &mut case.marks {
            if *pupil as usize > index {
                *pupil -= 1;
            }
        }
        case
    }
}

fn sort(decisions: &mut [Decision]) {
    decisions.sort_by(|a, b| {
        (&a.pupil, a.date, &a.rule, &a.parent).cmp(&(&b.pupil, b.date, &b.rule, &b.parent))
    });
}

/// A date written `YYYY-MM-DD`.
pub fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a valid date")
}
