//! Diagnostics: every error or warning the compiler reports, as data that
//! miette renders (code, severity, message, labelled spans, help).

use crate::diagnostic_kind::DiagnosticKind;
use crate::excerpt::{bounded, Excerpt};
use miette::{LabeledSpan, NamedSource, Severity, SourceSpan};
use rollcall_grammar::ast::Span;
use rollcall_grammar::suggest::edit_distance;
use std::fmt;
use std::sync::{Arc, OnceLock};

/// A labelled span of a diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// The byte range in the diagnostic's file.
    pub span: Span,
    /// The text shown under it.
    pub text: String,
}

/// One error or warning about a policy file.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// What the diagnostic is about; its stable code is [`Diagnostic::code`].
    pub kind: DiagnosticKind,
    /// Error or warning (the kind's severity).
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The primary label first, then secondary ones.
    pub labels: Vec<Label>,
    /// A hint towards the fix.
    pub help: Option<String>,
    /// The file the spans point into.
    pub path: String,
    source: Arc<String>,
    named: Arc<NamedSource<String>>,
    /// The source as shown when the file has long lines, made when first shown.
    excerpt: OnceLock<Option<Excerpt>>,
}

impl Diagnostic {
    /// A diagnostic of `kind` in `file`, with a primary label at `span`.
    pub(crate) fn new(kind: DiagnosticKind, file: &FileText, span: Span, message: String) -> Self {
        Diagnostic {
            kind,
            severity: kind.severity(),
            message: bounded(message),
            labels: vec![Label {
                span,
                text: String::new(),
            }],
            help: None,
            path: file.path.clone(),
            source: file.text.clone(),
            named: file.named.clone(),
            excerpt: OnceLock::new(),
        }
    }

    /// Sets the primary label's text.
    pub(crate) fn label(mut self, text: impl Into<String>) -> Self {
        self.labels[0].text = bounded(text.into());
        self
    }

    /// Adds a secondary label.
    pub(crate) fn also(mut self, span: Span, text: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            text: bounded(text.into()),
        });
        self
    }

    /// Sets the help line.
    pub(crate) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(bounded(help.into()));
        self
    }

    /// The stable code, e.g. `rollcall::unknown_code`.
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// Whether this is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// 1-based line and column of the primary label.
    pub fn line_column(&self) -> (usize, usize) {
        let start = (self.labels[0].span.start as usize).min(self.source.len());
        let before = &self.source[..start];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, column)
    }

    /// The file cut for showing, if it has long lines.
    fn excerpt(&self) -> Option<&Excerpt> {
        self.excerpt
            .get_or_init(|| {
                let starts: Vec<usize> = self
                    .labels
                    .iter()
                    .map(|label| label.span.start as usize)
                    .collect();
                Excerpt::new(&self.path, &self.source, &starts)
            })
            .as_ref()
    }

    /// The key two diagnostics are the same report by, and sorted by.
    pub(crate) fn identity(&self) -> Identity {
        Identity {
            path: self.path.clone(),
            start: self.labels[0].span.start,
            code: self.code(),
            message: self.message.clone(),
        }
    }
}

/// What makes two diagnostics the same report; ordered by file, position,
/// code and message.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Identity {
    path: String,
    start: u32,
    code: &'static str,
    message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diagnostic {}

impl miette::Diagnostic for Diagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code()))
    }

    fn severity(&self) -> Option<Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        match self.excerpt() {
            Some(excerpt) => Some(excerpt),
            None => Some(self.named.as_ref()),
        }
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().enumerate().map(
            |(i, label)| {
                let (start, end) = match self.excerpt() {
                    Some(excerpt) => (
                        excerpt.offset(label.span.start as usize),
                        excerpt.offset(label.span.end as usize),
                    ),
                    None => (label.span.start as usize, label.span.end as usize),
                };
                let span = SourceSpan::new(start.into(), end.saturating_sub(start));
                let text = (!label.text.is_empty()).then(|| label.text.clone());
                if i == 0 {
                    LabeledSpan::new_primary_with_span(text, span)
                } else {
                    LabeledSpan::new_with_span(text, span)
                }
            },
        )))
    }
}

/// A policy file's path and text, shared by its diagnostics.
#[derive(Clone, Debug)]
pub(crate) struct FileText {
    pub path: String,
    pub text: Arc<String>,
    pub named: Arc<NamedSource<String>>,
}

impl FileText {
    /// A file's text, shared by every diagnostic about it.
    pub fn new(path: &str, text: &str) -> FileText {
        FileText {
            path: path.to_string(),
            text: Arc::new(text.to_string()),
            named: Arc::new(NamedSource::new(path, text.to_string())),
        }
    }

    /// 1-based line of a byte offset.
    pub fn line_of(&self, offset: u32) -> u32 {
        let end = (offset as usize).min(self.text.len());
        self.text[..end].matches('\n').count() as u32 + 1
    }
}

/// The candidate closest to `word`, if close enough to suggest.
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .filter(|c| *c != word)
        .map(|c| {
            let distance = if c.eq_ignore_ascii_case(word) {
                0
            } else {
                edit_distance(word, c)
            };
            (distance, c)
        })
        .filter(|(distance, c)| *distance <= (c.len().max(word.len()) / 3).max(1))
        .min()
        .map(|(_, c)| c)
}
