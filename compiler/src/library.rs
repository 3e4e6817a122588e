//! The set of policy files compiled together: identifiers, inheritance,
//! version dates, and the time segments of each policy's effective rules.

use crate::diagnostic::{closest, Diagnostic, FileText};
use crate::diagnostic_kind::DiagnosticKind;
use chrono::NaiveDate;
use rollcall_grammar::ast::{DateLit, PolicyFile, PolicyKind, Spanned, VersionBlock};
use std::collections::BTreeMap;

/// One parsed file of the library.
pub(crate) struct Policy {
    pub file: FileText,
    pub ast: PolicyFile,
    /// Checked version ranges, parallel to `ast.versions`.
    pub ranges: Vec<Range>,
    /// Whether the header and versions checked clean (children depend on it).
    pub sound: bool,
}

/// An inclusive date range; `None` bounds are open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Range {
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl Range {
    const ALWAYS: Range = Range {
        from: None,
        until: None,
    };

    fn intersect(self, other: Range) -> Option<Range> {
        let from = self.from.max(other.from);
        let until = match (self.until, other.until) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        match (from, until) {
            (Some(f), Some(u)) if f > u => None,
            _ => Some(Range { from, until }),
        }
    }
}

/// A span of dates over which a fixed stack of version blocks is in force.
#[derive(Clone, Debug)]
pub(crate) struct Segment {
    pub range: Range,
    /// The version blocks in force, root ancestor first.
    pub layers: Vec<SegmentLayer>,
}

/// One policy's part of a segment: a version block, or a whole file without
/// versions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SegmentLayer {
    /// The policy's index in the library.
    pub policy: usize,
    /// The version's index in the policy, or `None` for a file without versions.
    pub version: Option<usize>,
}

/// The policy files compiled together, indexed by policy id.
pub(crate) struct PolicyLibrary {
    pub policies: Vec<Policy>,
    pub by_id: BTreeMap<String, usize>,
}

impl PolicyLibrary {
    /// Indexes parsed files and checks headers, parents and version dates.
    pub fn new(
        parsed: Vec<(FileText, PolicyFile)>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> PolicyLibrary {
        let mut library = PolicyLibrary {
            policies: Vec::new(),
            by_id: BTreeMap::new(),
        };
        for (file, ast) in parsed {
            let id = ast.header.id.clone();
            if let Some(&first) = library.by_id.get(&id.value) {
                let other = &library.policies[first].file.path;
                diagnostics.push(
                    Diagnostic::new(
                        DiagnosticKind::DuplicatePolicy,
                        &file,
                        id.span,
                        format!("policy `{}` is declared twice", id.value),
                    )
                    .label("second declaration")
                    .help(format!(
                        "`{other}` declares it too; policy identifiers must be unique"
                    )),
                );
                continue;
            }
            let ranges = check_versions(&file, &ast.versions, diagnostics);
            let sound = ranges.len() == ast.versions.len();
            library.by_id.insert(id.value, library.policies.len());
            library.policies.push(Policy {
                file,
                ast,
                ranges,
                sound,
            });
        }
        for index in 0..library.policies.len() {
            let sound = library.check_header(index, diagnostics);
            library.policies[index].sound &= sound;
        }
        library
    }

    fn parent_names(&self, index: usize) -> Vec<Spanned<String>> {
        let ast = &self.policies[index].ast;
        let mut parents: Vec<Spanned<String>> = ast.header.extends.iter().cloned().collect();
        parents.extend(ast.versions.iter().filter_map(|v| v.extends.clone()));
        parents
    }

    fn check_header(&self, index: usize, diagnostics: &mut Vec<Diagnostic>) -> bool {
        let policy = &self.policies[index];
        let header = &policy.ast.header;
        let mut sound = true;
        for parent in self.parent_names(index) {
            let Some(&parent_index) = self.by_id.get(&parent.value) else {
                let mut diagnostic = Diagnostic::new(
                    DiagnosticKind::MissingParent,
                    &policy.file,
                    parent.span,
                    format!(
                        "`{}` extends `{}`, which is not in the library",
                        header.id.value, parent.value
                    ),
                )
                .label("no policy with this identifier");
                diagnostic = match closest(&parent.value, self.by_id.keys().map(String::as_str)) {
                    Some(near) => diagnostic.help(format!("did you mean `{near}`?")),
                    None => diagnostic
                        .help("check the identifier, or pass the parent's file or directory too"),
                };
                diagnostics.push(diagnostic);
                sound = false;
                continue;
            };
            let parent_kind = self.policies[parent_index].ast.header.kind.value;
            let allowed = match header.kind.value {
                PolicyKind::National => false,
                PolicyKind::Authority => parent_kind != PolicyKind::School,
                PolicyKind::School => parent_kind == PolicyKind::Authority,
            };
            if !allowed {
                let want = match header.kind.value {
                    PolicyKind::National => "a national framework extends nothing",
                    PolicyKind::Authority => {
                        "an authority extends a national framework or another authority"
                    }
                    PolicyKind::School => "a school extends its authority",
                };
                diagnostics.push(
                    Diagnostic::new(
                        DiagnosticKind::InvalidParent,
                        &policy.file,
                        parent.span,
                        format!("`{}` cannot extend `{}`", header.id.value, parent.value),
                    )
                    .label("not a possible parent")
                    .help(want),
                );
                sound = false;
            }
            if let Some(cycle) = self.cycle_from(index) {
                diagnostics.push(
                    Diagnostic::new(
                        DiagnosticKind::InheritanceCycle,
                        &policy.file,
                        parent.span,
                        format!("inheritance cycle: {}", cycle.join(" → ")),
                    )
                    .label("this parent leads back to the policy itself")
                    .help("a policy cannot be its own ancestor; remove one `extends`"),
                );
                return false;
            }
        }
        if let Some(succeeds) = &header.succeeds {
            let known = self
                .by_id
                .get(&succeeds.value)
                .map(|&i| self.policies[i].ast.header.kind.value == PolicyKind::Authority);
            if known != Some(true) {
                diagnostics.push(
                    Diagnostic::new(
                        DiagnosticKind::MissingParent,
                        &policy.file,
                        succeeds.span,
                        format!(
                            "`{}` succeeds `{}`, which is not an authority in the library",
                            header.id.value, succeeds.value
                        ),
                    )
                    .label("no authority policy with this identifier"),
                );
                sound = false;
            }
        }
        sound
    }

    /// The cycle through `start`, if its ancestry loops back to it.
    fn cycle_from(&self, start: usize) -> Option<Vec<String>> {
        let mut path = vec![start];
        let mut stack = vec![(start, 0usize)];
        while let Some((node, next)) = stack.pop() {
            let parents: Vec<usize> = self
                .parent_names(node)
                .iter()
                .filter_map(|p| self.by_id.get(&p.value).copied())
                .collect();
            if next < parents.len() {
                stack.push((node, next + 1));
                let parent = parents[next];
                if parent == start {
                    let mut names: Vec<String> =
                        path.iter().map(|&i| self.id(i).to_string()).collect();
                    names.push(self.id(start).to_string());
                    return Some(names);
                }
                if !path.contains(&parent) {
                    path.push(parent);
                    stack.push((parent, 0));
                }
            } else {
                path.pop();
            }
        }
        None
    }

    /// The policy's identifier.
    pub fn id(&self, index: usize) -> &str {
        &self.policies[index].ast.header.id.value
    }

    /// Whether the policy and all its ancestors checked clean.
    pub fn chain_sound(&self, index: usize) -> bool {
        let mut seen = vec![index];
        let mut todo = vec![index];
        while let Some(i) = todo.pop() {
            if !self.policies[i].sound {
                return false;
            }
            for parent in self.parent_names(i) {
                match self.by_id.get(&parent.value) {
                    Some(&p) if !seen.contains(&p) => {
                        seen.push(p);
                        todo.push(p);
                    }
                    Some(_) => {}
                    None => return false,
                }
            }
        }
        true
    }

    /// The time segments of a policy's effective rules (its chain must be sound).
    pub fn segments(&self, index: usize, diagnostics: &mut Vec<Diagnostic>) -> Vec<Segment> {
        let policy = &self.policies[index];
        let header = &policy.ast.header;
        if policy.ast.versions.is_empty() {
            return match &header.extends {
                Some(parent) => self
                    .segments(self.by_id[&parent.value], diagnostics)
                    .into_iter()
                    .map(|mut s| {
                        s.layers.push(SegmentLayer {
                            policy: index,
                            version: None,
                        });
                        s
                    })
                    .collect(),
                None => vec![Segment {
                    range: Range::ALWAYS,
                    layers: vec![SegmentLayer {
                        policy: index,
                        version: None,
                    }],
                }],
            };
        }
        let mut segments = Vec::new();
        for (v, version) in policy.ast.versions.iter().enumerate() {
            let range = policy.ranges[v];
            let Some(parent) = version.extends.as_ref().or(header.extends.as_ref()) else {
                segments.push(Segment {
                    range,
                    layers: vec![SegmentLayer {
                        policy: index,
                        version: Some(v),
                    }],
                });
                continue;
            };
            let parent_segments: Vec<Segment> = self
                .segments(self.by_id[&parent.value], diagnostics)
                .into_iter()
                .filter_map(|s| {
                    s.range.intersect(range).map(|r| Segment {
                        range: r,
                        layers: s.layers,
                    })
                })
                .collect();
            if let Some(gap) = uncovered(range, &parent_segments) {
                diagnostics.push(
                    Diagnostic::new(
                        DiagnosticKind::ParentNotInForce,
                        &policy.file,
                        version.span,
                        format!(
                            "`{}` is not in force {gap}, but this version extends it",
                            parent.value
                        ),
                    )
                    .label("this version needs its parent in force throughout")
                    .also(parent.span, "the parent")
                    .help(format!("start this version when `{}` is in force, or extend a policy that covers these dates", parent.value)),
                );
            }
            segments.extend(parent_segments.into_iter().map(|mut s| {
                s.layers.push(SegmentLayer {
                    policy: index,
                    version: Some(v),
                });
                s
            }));
        }
        segments
    }
}

/// The first part of `range` no segment covers, described in words.
fn uncovered(range: Range, segments: &[Segment]) -> Option<String> {
    let mut cursor = range.from;
    let mut sorted: Vec<&Segment> = segments.iter().collect();
    sorted.sort_by_key(|s| s.range.from);
    for segment in sorted {
        if segment.range.from > cursor {
            return Some(describe_gap(
                cursor,
                segment.range.from.and_then(|d| d.pred_opt()),
            ));
        }
        match segment.range.until {
            None => return None,
            Some(until) => cursor = until.succ_opt(),
        }
    }
    match (cursor, range.until) {
        (Some(c), Some(u)) if c > u => None,
        (c, u) => Some(describe_gap(c, u)),
    }
}

fn describe_gap(from: Option<NaiveDate>, until: Option<NaiveDate>) -> String {
    match (from, until) {
        (Some(f), Some(u)) => format!("from {f} to {u}"),
        (Some(f), None) => format!("from {f} onwards"),
        (None, Some(u)) => format!("before {}", u.succ_opt().unwrap_or(u)),
        (None, None) => "at any date".to_string(),
    }
}

/// Validates a date literal, reporting an impossible date.
pub(crate) fn date(
    file: &FileText,
    lit: &Spanned<DateLit>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<NaiveDate> {
    let DateLit { year, month, day } = lit.value;
    let date = NaiveDate::from_ymd_opt(year, month, day);
    if date.is_none() {
        let why = if !(1..=12).contains(&month) {
            format!("there is no month {month}")
        } else {
            format!("month {month} of {year} has no day {day}")
        };
        diagnostics.push(
            Diagnostic::new(
                DiagnosticKind::InvalidDate,
                file,
                lit.span,
                format!("`{year:04}-{month:02}-{day:02}` is not a date: {why}"),
            )
            .label("not a calendar date")
            .help("dates are written YYYY-MM-DD, e.g. `2024-08-19`"),
        );
    }
    date
}

/// Checks each version's dates and that versions neither overlap nor leave
/// gaps; returns the ranges, or fewer than the versions on error.
fn check_versions(
    file: &FileText,
    versions: &[VersionBlock],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Range> {
    let mut ranges = Vec::new();
    for version in versions {
        let from = date(file, &version.from, diagnostics);
        let until = version
            .until
            .as_ref()
            .map(|u| (u, date(file, u, diagnostics)));
        let (Some(from), until) = (from, until) else {
            continue;
        };
        let until = match until {
            Some((_, None)) => continue,
            Some((lit, Some(u))) => {
                if u < from {
                    diagnostics.push(
                        Diagnostic::new(
                            DiagnosticKind::EmptyVersion,
                            file,
                            lit.span,
                            format!("this version ends on {u}, before it begins on {from}"),
                        )
                        .label("`until` is before `from`")
                        .also(version.from.span, "begins here")
                        .help(
                            "a version's `until` is its last day in force, on or after its `from`",
                        ),
                    );
                    continue;
                }
                Some(u)
            }
            None => None,
        };
        ranges.push(Range {
            from: Some(from),
            until,
        });
    }
    if ranges.len() != versions.len() {
        return ranges;
    }
    let mut order: Vec<usize> = (0..versions.len()).collect();
    order.sort_by_key(|&i| ranges[i].from);
    let before = diagnostics.len();
    for pair in order.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let (first, second) = (ranges[a], ranges[b]);
        let next_day = first.until.and_then(|u| u.succ_opt());
        match next_day {
            Some(next) if next == second.from.unwrap_or(next) => {}
            Some(next) if second.from > Some(next) => diagnostics.push(
                Diagnostic::new(
                    DiagnosticKind::VersionGap,
                    file,
                    versions[b].from.span,
                    format!(
                        "no version is in force from {} to {}",
                        next,
                        second.from.and_then(|d| d.pred_opt()).unwrap_or(next)
                    ),
                )
                .label("this version starts after a gap")
                .also(versions[a].span, "the previous version ends earlier")
                .help(format!(
                    "start this version on {next}, or end the previous one the day before this one"
                )),
            ),
            _ => diagnostics.push(
                Diagnostic::new(
                    DiagnosticKind::OverlappingVersions,
                    file,
                    versions[b].from.span,
                    "two versions are in force on the same days".to_string(),
                )
                .label("this version starts before the previous one ends")
                .also(versions[a].span, "the previous version")
                .help("end the earlier version the day before the later one begins"),
            ),
        }
    }
    if diagnostics.len() > before {
        ranges.pop();
    }
    ranges
}
