//! Rule graphs built by hand, as the compiler would lower the shipped
//! policies: the national frameworks of 2013 and 2024 and small variants.

use super::d;
use chrono::NaiveDate;
use rollcall_data::model::EventKind;
use rollcall_ir::codes::{builtin_set, Code, CodeSet};
use rollcall_ir::graph::*;

/// Builds one rule graph node by node (identical nodes are shared).
pub struct Builder {
    policy: PolicyInfo,
    nodes: Vec<Node>,
    versions: Vec<EffectiveVersion>,
}

/// A rule beyond `when … then …`.
pub struct RuleSpec {
    /// The rule's name.
    pub name: &'static str,
    /// Its predicate node.
    pub when: NodeId,
    /// Its action.
    pub then: Action,
    /// Alternatives (predicate node, action).
    pub instead: Vec<(NodeId, Action)>,
    /// Its limit.
    pub repeat: Repeat,
}

impl Builder {
    /// An empty graph for policy `id` of `kind`, versions by decision date.
    pub fn new(id: &str, kind: PolicyKind) -> Builder {
        Builder {
            policy: PolicyInfo {
                id: id.to_string(),
                title: id.to_string(),
                kind,
                file: format!("{id}.policy"),
                succeeds: None,
                selection: VersionSelection::DecisionDate,
                doc: None,
                source: None,
            },
            nodes: Vec::new(),
            versions: Vec::new(),
        }
    }

    /// Sets the predecessor.
    pub fn succeeds(mut self, predecessor: &str) -> Builder {
        self.policy.succeeds = Some(predecessor.to_string());
        self
    }

    /// Sets which date picks the version.
    pub fn selection(mut self, selection: VersionSelection) -> Builder {
        self.policy.selection = selection;
        self
    }

    /// Adds a node (or finds the identical one).
    pub fn add(&mut self, node: Node) -> NodeId {
        let index = match self.nodes.iter().position(|existing| *existing == node) {
            Some(index) => index,
            None => {
                self.nodes.push(node);
                self.nodes.len() - 1
            }
        };
        NodeId(index as u32)
    }

    /// A built-in code set by name.
    pub fn codes(&mut self, name: &str) -> NodeId {
        let codes = builtin_set(name).expect("a built-in set");
        self.named_codes(name, codes)
    }

    /// A named code set.
    pub fn named_codes(&mut self, name: &str, codes: CodeSet) -> NodeId {
        let input = self.add(Node::Input(Input::Marks));
        self.add(Node::Classify {
            name: Some(name.to_string()),
            codes,
            input,
        })
    }

    /// An inline code set.
    pub fn literal(&mut self, codes: &[Code]) -> NodeId {
        let input = self.add(Node::Input(Input::Marks));
        self.add(Node::Classify {
            name: None,
            codes: codes.iter().copied().collect(),
            input,
        })
    }

    /// The events input of one kind.
    pub fn events(&mut self, kind: EventKind) -> NodeId {
        self.add(Node::Input(Input::Events { kind }))
    }

    /// The firings input of a rule.
    pub fn firings(&mut self, rule: &str) -> NodeId {
        self.add(Node::Input(Input::Firings {
            rule: rule.to_string(),
        }))
    }

    /// An aggregate node.
    pub fn aggregate(&mut self, aggregate: Aggregate) -> NodeId {
        self.add(Node::Aggregate(aggregate))
    }

    /// `count CODES WINDOW`.
    pub fn count(&mut self, codes: NodeId, window: Window) -> NodeId {
        self.aggregate(Aggregate::Count {
            codes,
            window,
            counts_from: None,
        })
    }

    /// `AGGREGATE OP CONSTANT`.
    pub fn compare(&mut self, aggregate: NodeId, op: CompareOp, constant: Quantity) -> NodeId {
        self.add(Node::Predicate(Predicate::Compare {
            left: Operand::Node(aggregate),
            op,
            right: Operand::Constant(constant),
        }))
    }

    /// A predicate node.
    pub fn predicate(&mut self, predicate: Predicate) -> NodeId {
        self.add(Node::Predicate(predicate))
    }

    /// `public_place in first N school days of exclusion`.
    pub fn sighting(&mut self, first_school_days: u32) -> NodeId {
        let exclusions = self.events(EventKind::Exclusion);
        let sightings = self.events(EventKind::PublicPlace);
        self.predicate(Predicate::ExclusionSighting {
            exclusions,
            sightings,
            first_school_days,
        })
    }

    /// A rule `when … then …` with no limit.
    pub fn rule(&mut self, name: &'static str, when: NodeId, then: Action) -> NodeId {
        self.rule_spec(RuleSpec {
            name,
            when,
            then,
            instead: Vec::new(),
            repeat: Repeat::Unlimited,
        })
    }

    /// A rule in full.
    pub fn rule_spec(&mut self, spec: RuleSpec) -> NodeId {
        self.episode_rule(spec, None)
    }

    /// `episode length` of `CODES` school days.
    pub fn episode(&mut self, codes: NodeId) -> NodeId {
        self.aggregate(Aggregate::Episode {
            codes,
            counts_from: None,
        })
    }

    /// A rule in full, deciding once per episode of `episode` (an
    /// [`Aggregate::Episode`] node) if given: at its end or at once.
    pub fn episode_rule(&mut self, spec: RuleSpec, episode: Option<(NodeId, bool)>) -> NodeId {
        let then = self.add(Node::Action(spec.then));
        let instead = spec
            .instead
            .into_iter()
            .map(|(when, action)| Alternative {
                when,
                then: self.add(Node::Action(action)),
                also: Vec::new(),
            })
            .collect();
        self.add(Node::Rule(Rule {
            episode: episode.map(|(aggregate, at_end)| EpisodeRule { aggregate, at_end }),
            precedence: Vec::new(),
            preconditions: Vec::new(),
            name: spec.name.to_string(),
            doc: None,
            source: None,
            location: Location {
                policy: self.policy.id.clone(),
                file: self.policy.file.clone(),
                line: 1,
            },
            when: spec.when,
            then,
            also: Vec::new(),
            instead,
            repeat: spec.repeat,
            limited_by: Vec::new(),
        }))
    }

    /// The rule node `id`, to give it further actions or shared limits.
    pub fn rule_mut(&mut self, id: NodeId) -> &mut Rule {
        match &mut self.nodes[id.index()] {
            Node::Rule(rule) => rule,
            _ => panic!("node {} is not a rule", id.0),
        }
    }

    /// A shared limit `NAME = at most N per PERIOD per WHOM`.
    pub fn shared_limit(
        &mut self,
        name: &str,
        at_most: u32,
        per: Period,
        whom: LimitWhom,
    ) -> NodeId {
        let location = Location {
            policy: self.policy.id.clone(),
            file: self.policy.file.clone(),
            line: 1,
        };
        self.add(Node::Limit(SharedLimit {
            name: name.to_string(),
            at_most,
            per,
            whom,
            doc: None,
            source: None,
            location,
        }))
    }

    /// An escalation node.
    pub fn escalation(&mut self, escalation: Escalation) -> NodeId {
        self.add(Node::Escalation(escalation))
    }

    /// Adds a version.
    pub fn version(
        &mut self,
        from: Option<NaiveDate>,
        until: Option<NaiveDate>,
        rules: Vec<NodeId>,
        escalation: NodeId,
    ) {
        self.versions.push(EffectiveVersion {
            from,
            until,
            origins: Vec::new(),
            rules,
            escalation,
        });
    }

    /// The graph.
    pub fn build(self) -> RuleGraph {
        RuleGraph {
            format: FORMAT,
            policy: self.policy,
            nodes: self.nodes,
            versions: self.versions,
            events: Vec::new(),
        }
    }

    /// `count unauthorised within 10 school weeks >= 10 sessions`.
    pub fn national_threshold(&mut self) -> NodeId {
        let codes = self.codes("unauthorised");
        self.threshold(codes, 10, 10)
    }

    /// `count CODES within WEEKS school weeks >= SESSIONS sessions`.
    pub fn threshold(&mut self, codes: NodeId, weeks: u32, sessions: u32) -> NodeId {
        let count = self.count(
            codes,
            Window::SchoolWeeks {
                school_weeks: weeks,
            },
        );
        self.compare(
            count,
            CompareOp::GreaterOrEqual,
            Quantity::Sessions(sessions),
        )
    }
}

/// A payment of `pounds` within `days`.
pub fn pay(pounds: u64, days: u32) -> Payment {
    Payment {
        within_days: days,
        amount_pence: pounds * 100,
    }
}

/// The 2024 national framework's settings.
pub fn escalation_2024(prosecution: NodeId) -> Escalation {
    Escalation {
        case_open: None,
        notice_open: None,
        schedules: vec![
            NoticeSchedule {
                number: 1,
                payments: vec![pay(80, 21), pay(160, 28)],
            },
            NoticeSchedule {
                number: 2,
                payments: vec![pay(160, 28)],
            },
        ],
        limit: Some(NoticeLimit {
            notices: 2,
            then: prosecution,
        }),
        counting_years: Some(3),
        counting_months: None,
        counting_from: Some(d("2024-08-19")),
        exclusion_payments: vec![pay(60, 21), pay(120, 28)],
        other_authorities_count: true,
        unknown_previous: UnknownPrevious::AssumeNone,
        sources: Vec::new(),
    }
}

/// The 2013 regime's settings: £60/£120, no limit.
pub fn escalation_2013() -> Escalation {
    Escalation {
        case_open: None,
        notice_open: None,
        schedules: vec![NoticeSchedule {
            number: 1,
            payments: vec![pay(60, 21), pay(120, 28)],
        }],
        limit: None,
        counting_years: None,
        counting_months: None,
        counting_from: None,
        exclusion_payments: vec![pay(60, 21), pay(120, 28)],
        other_authorities_count: true,
        unknown_previous: UnknownPrevious::AssumeNone,
        sources: Vec::new(),
    }
}

/// `national-2024` with its settings changed by `adjust`.
pub fn national_2024_with(adjust: impl FnOnce(&mut Escalation)) -> RuleGraph {
    let mut builder = Builder::new("national-2024", PolicyKind::National);
    let rules = national_2024_rules(&mut builder);
    let prosecution = builder.add(Node::Action(Action::Prosecution));
    let mut escalation = escalation_2024(prosecution);
    adjust(&mut escalation);
    let escalation = builder.escalation(escalation);
    builder.version(Some(d("2024-08-19")), None, rules, escalation);
    builder.build()
}

/// The national framework from 2024-08-19: the threshold and exclusion rules.
pub fn national_2024() -> RuleGraph {
    national_2024_with(|_| {})
}

/// The national threshold and exclusion sighting rules of 2024.
pub fn national_2024_rules(builder: &mut Builder) -> Vec<NodeId> {
    let threshold = builder.national_threshold();
    let sighting = builder.sighting(5);
    vec![
        builder.rule("national_threshold", threshold, Action::PenaltyNotice),
        builder.rule("exclusion_sighting", sighting, Action::ExclusionNotice),
    ]
}

/// The 2013 regime, 2013-09-01 to 2024-08-18, with the fallback threshold.
pub fn national_2013() -> RuleGraph {
    let mut builder = Builder::new("national-2013", PolicyKind::National);
    let threshold = builder.national_threshold();
    let sighting = builder.sighting(5);
    let rules = vec![
        builder.rule("fallback_threshold", threshold, Action::PenaltyNotice),
        builder.rule("exclusion_sighting", sighting, Action::ExclusionNotice),
    ];
    let escalation = builder.escalation(escalation_2013());
    builder.version(
        Some(d("2013-09-01")),
        Some(d("2024-08-18")),
        rules,
        escalation,
    );
    builder.build()
}

/// An authority policy `id` from 2024-08-19 whose only rule is
/// `count CODES within 10 school weeks >= 10 sessions` (national settings).
pub fn authority_threshold(id: &str, codes: CodeSet) -> RuleGraph {
    let mut builder = Builder::new(id, PolicyKind::Authority);
    let codes = builder.named_codes("counted", codes);
    let threshold = builder.threshold(codes, 10, 10);
    let rule = builder.rule("national_threshold", threshold, Action::PenaltyNotice);
    let prosecution = builder.add(Node::Action(Action::Prosecution));
    let escalation = builder.escalation(escalation_2024(prosecution));
    builder.version(Some(d("2024-08-19")), None, vec![rule], escalation);
    builder.build()
}

/// A policy `id` of `kind` with one version from 2013 and one rule built by
/// `rule` on the builder; national 2024 settings.
pub fn single_rule(
    id: &str,
    kind: PolicyKind,
    rule: impl FnOnce(&mut Builder) -> NodeId,
) -> RuleGraph {
    with_rules(id, kind, |builder| vec![rule(builder)])
}

/// A policy `id` of `kind` with one version from 2013 and the rules built
/// by `rules`, in that order; national 2024 settings.
pub fn with_rules(
    id: &str,
    kind: PolicyKind,
    rules: impl FnOnce(&mut Builder) -> Vec<NodeId>,
) -> RuleGraph {
    let mut builder = Builder::new(id, kind);
    let rules = rules(&mut builder);
    let prosecution = builder.add(Node::Action(Action::Prosecution));
    let escalation = builder.escalation(escalation_2024(prosecution));
    builder.version(Some(d("2013-09-01")), None, rules, escalation);
    builder.build()
}

/// Cumbria until 2023-03-31 (2013 amounts), with its own rule name.
pub fn cumbria() -> RuleGraph {
    let mut builder = Builder::new("cumbria", PolicyKind::Authority);
    let threshold = builder.national_threshold();
    let rule = builder.rule("cumbria_threshold", threshold, Action::PenaltyNotice);
    let escalation = builder.escalation(escalation_2013());
    builder.version(
        Some(d("2013-09-01")),
        Some(d("2023-03-31")),
        vec![rule],
        escalation,
    );
    builder.build()
}

/// Westmorland and Furness: succeeds Cumbria; 2013 regime, then national.
pub fn westmorland_and_furness() -> RuleGraph {
    let mut builder =
        Builder::new("westmorland-and-furness", PolicyKind::Authority).succeeds("cumbria");
    let threshold = builder.national_threshold();
    let fallback = builder.rule("fallback_threshold", threshold, Action::PenaltyNotice);
    let old = builder.escalation(escalation_2013());
    builder.version(
        Some(d("2023-04-01")),
        Some(d("2024-08-18")),
        vec![fallback],
        old,
    );
    let rules = national_2024_rules(&mut builder);
    let prosecution = builder.add(Node::Action(Action::Prosecution));
    let new = builder.escalation(escalation_2024(prosecution));
    builder.version(Some(d("2024-08-19")), None, rules, new);
    builder.build()
}

/// North Northamptonshire's threshold as an episode rule, from 2024-08-19:
/// `count unauthorised within 10 school weeks >= 10 sessions`, a penalty
/// notice, instead prosecution when `episode length > 15 school days`;
/// once per episode of unauthorised school days, at its end (`at_end`) or
/// at once.
pub fn north_northamptonshire_episodes(at_end: bool) -> RuleGraph {
    let mut builder = Builder::new("north-northamptonshire", PolicyKind::Authority);
    let codes = builder.codes("unauthorised");
    let threshold = builder.threshold(codes, 10, 10);
    let episode = builder.episode(codes);
    let long = builder.compare(episode, CompareOp::Greater, Quantity::SchoolDays(15));
    let rule = builder.episode_rule(
        RuleSpec {
            name: "national_threshold",
            when: threshold,
            then: Action::PenaltyNotice,
            instead: vec![(long, Action::Prosecution)],
            repeat: Repeat::Unlimited,
        },
        Some((episode, at_end)),
    );
    let prosecution = builder.add(Node::Action(Action::Prosecution));
    let escalation = builder.escalation(escalation_2024(prosecution));
    builder.version(Some(d("2024-08-19")), None, vec![rule], escalation);
    builder.build()
}

/// The national frameworks, Cumbria, Westmorland and Furness, and North
/// Northamptonshire (the national threshold from 2024-08-19).
pub fn library() -> Vec<RuleGraph> {
    vec![
        national_2013(),
        national_2024(),
        cumbria(),
        westmorland_and_furness(),
        authority_threshold(
            "north-northamptonshire",
            builtin_set("unauthorised").expect("built-in"),
        ),
    ]
}
