//! A small builder of rule graphs for tests: nodes are appended in call
//! order, so two builders called in different orders number nodes differently.

use chrono::NaiveDate;
use rollcall_ir::codes::{Code, CodeSet};
use rollcall_ir::graph::{
    Action, Aggregate, CompareOp, EffectiveVersion, Escalation, Input, Location, Node, NodeId,
    NoticeLimit, NoticeSchedule, Operand, Payment, PolicyInfo, PolicyKind, Predicate, Quantity,
    Repeat, Rule, RuleGraph, SettingSource, UnknownPrevious, VersionSelection, Window, FORMAT,
};

/// A version to build: from, until, rule nodes, escalation node.
pub type VersionSpec<'a> = (Option<&'a str>, Option<&'a str>, Vec<NodeId>, NodeId);

/// Builds one graph.
pub struct Builder {
    policy: String,
    nodes: Vec<Node>,
}

/// The 2024 unauthorised codes.
pub const UNAUTHORISED: &[Code] = &[Code::G, Code::N, Code::O, Code::U];

impl Builder {
    /// An empty graph for `policy`.
    pub fn new(policy: &str) -> Builder {
        Builder {
            policy: policy.to_string(),
            nodes: Vec::new(),
        }
    }

    /// Appends `node`.
    pub fn add(&mut self, node: Node) -> NodeId {
        self.nodes.push(node);
        NodeId(self.nodes.len() as u32 - 1)
    }

    /// A classifier of `codes` named `name`.
    pub fn codes(&mut self, name: Option<&str>, codes: &[Code]) -> NodeId {
        let input = self.add(Node::Input(Input::Marks));
        self.add(Node::Classify {
            name: name.map(str::to_string),
            codes: codes.iter().copied().collect::<CodeSet>(),
            input,
        })
    }

    /// `count CODES within WEEKS school weeks >= SESSIONS sessions`.
    pub fn count_at_least(&mut self, codes: NodeId, weeks: u32, sessions: u32) -> NodeId {
        let count = self.add(Node::Aggregate(Aggregate::Count {
            codes,
            window: Window::SchoolWeeks {
                school_weeks: weeks,
            },
            counts_from: None,
        }));
        self.compare(
            count,
            CompareOp::GreaterOrEqual,
            Quantity::Sessions(sessions),
        )
    }

    /// `NODE op CONSTANT`.
    pub fn compare(&mut self, left: NodeId, op: CompareOp, constant: Quantity) -> NodeId {
        self.add(Node::Predicate(Predicate::Compare {
            left: Operand::Node(left),
            op,
            right: Operand::Constant(constant),
        }))
    }

    /// A rule taking `action` when `when`, written on `line`.
    pub fn rule(&mut self, name: &str, when: NodeId, action: Action, line: u32) -> NodeId {
        let then = self.add(Node::Action(action));
        self.add(Node::Rule(Rule {
            episode: None,
            precedence: Vec::new(),
            preconditions: Vec::new(),
            name: name.to_string(),
            doc: Some(format!("The {name} rule.")),
            source: Some("tests".to_string()),
            location: self.location(line),
            when,
            then,
            also: Vec::new(),
            instead: Vec::new(),
            repeat: Repeat::Unlimited,
            limited_by: Vec::new(),
        }))
    }

    /// The rule node `id`, to edit.
    pub fn rule_mut(&mut self, id: NodeId) -> &mut Rule {
        match &mut self.nodes[id.index()] {
            Node::Rule(rule) => rule,
            _ => panic!("node {} is not a rule", id.0),
        }
    }

    /// An escalation with `schedules` (number, [(days, pence)]) and the
    /// 2024 limit if `limited`, its lines written from line 40 on.
    pub fn escalation(&mut self, schedules: &[(u32, &[(u32, u64)])], limited: bool) -> NodeId {
        let limit = match limited {
            true => {
                let then = self.add(Node::Action(Action::Prosecution));
                Some(NoticeLimit { notices: 2, then })
            }
            false => None,
        };
        let mut sources: Vec<SettingSource> = schedules
            .iter()
            .enumerate()
            .map(|(index, (number, _))| SettingSource {
                setting: format!("notice {number}"),
                location: self.location(40 + index as u32),
                source: None,
            })
            .collect();
        if limited {
            sources.push(SettingSource {
                setting: "limit".to_string(),
                location: self.location(50),
                source: None,
            });
        }
        self.add(Node::Escalation(Escalation {
            case_open: None,
            notice_open: None,
            schedules: schedules
                .iter()
                .map(|(number, payments)| NoticeSchedule {
                    number: *number,
                    payments: payments
                        .iter()
                        .map(|(within_days, amount_pence)| Payment {
                            within_days: *within_days,
                            amount_pence: *amount_pence,
                        })
                        .collect(),
                })
                .collect(),
            limit,
            counting_years: limited.then_some(3),
            counting_months: None,
            counting_from: None,
            exclusion_payments: vec![
                Payment {
                    within_days: 21,
                    amount_pence: 6000,
                },
                Payment {
                    within_days: 28,
                    amount_pence: 12000,
                },
            ],
            other_authorities_count: true,
            unknown_previous: UnknownPrevious::AssumeNone,
            sources,
        }))
    }

    /// A location in this policy's file.
    pub fn location(&self, line: u32) -> Location {
        Location {
            policy: self.policy.clone(),
            file: format!("policies/{}.policy", self.policy),
            line,
        }
    }

    /// The graph with `versions`.
    pub fn finish(self, versions: Vec<VersionSpec<'_>>) -> RuleGraph {
        let date = |text: Option<&str>| text.map(|t| t.parse::<NaiveDate>().expect("test date"));
        RuleGraph {
            format: FORMAT,
            policy: PolicyInfo {
                id: self.policy.clone(),
                title: format!("Policy {}", self.policy),
                kind: PolicyKind::National,
                file: format!("policies/{}.policy", self.policy),
                succeeds: None,
                selection: VersionSelection::DecisionDate,
                doc: None,
                source: None,
            },
            nodes: self.nodes,
            versions: versions
                .into_iter()
                .map(|(from, until, rules, escalation)| EffectiveVersion {
                    from: date(from),
                    until: date(until),
                    origins: Vec::new(),
                    rules,
                    escalation,
                })
                .collect(),
            events: Vec::new(),
        }
    }
}

/// £80 within 21 days, £160 within 28 days.
pub const NOTICE_2024: &[(u32, u64)] = &[(21, 8000), (28, 16000)];
/// £60 within 21 days, £120 within 28 days.
pub const NOTICE_2013: &[(u32, u64)] = &[(21, 6000), (28, 12000)];
/// £160 within 28 days.
pub const SECOND_2024: &[(u32, u64)] = &[(28, 16000)];

/// A one-version graph with the national threshold at `sessions` within
/// `weeks` and the 2024 amounts.
pub fn threshold_policy(policy: &str, weeks: u32, sessions: u32) -> RuleGraph {
    let mut b = Builder::new(policy);
    let codes = b.codes(Some("unauthorised"), UNAUTHORISED);
    let when = b.count_at_least(codes, weeks, sessions);
    let rule = b.rule("national_threshold", when, Action::PenaltyNotice, 10);
    let escalation = b.escalation(&[(1, NOTICE_2024), (2, SECOND_2024)], true);
    b.finish(vec![(Some("2024-08-19"), None, vec![rule], escalation)])
}
