//! The tokenizer of case files: splits a line into tokens (words, commas and
//! quoted strings) and reads dates, numbers, amounts and identifiers from them.

use chrono::NaiveDate;

/// One word of a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Word<'a> {
    /// A run of characters without spaces, commas or quotes.
    Plain(&'a str),
    /// A double-quoted string (without its quotes).
    Quoted(&'a str),
    /// A comma.
    Comma,
}

impl Word<'_> {
    /// The word as written, for messages.
    pub fn shown(&self) -> String {
        match self {
            Word::Plain(text) => format!("`{text}`"),
            Word::Quoted(text) => format!("\"{text}\""),
            Word::Comma => "`,`".to_string(),
        }
    }
}

/// Splits `line` into words: whitespace separates, a comma is a word of
/// its own, and `"..."` is one word (no escapes; it ends at the next `"`).
pub(super) fn split(line: &str) -> Result<Vec<Word<'_>>, String> {
    let mut words = Vec::new();
    let mut rest = line.trim_start();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('"') {
            let end = after.find('"').ok_or("a quoted text has no closing `\"`")?;
            words.push(Word::Quoted(&after[..end]));
            rest = &after[end + 1..];
        } else if let Some(after) = rest.strip_prefix(',') {
            words.push(Word::Comma);
            rest = after;
        } else {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == ',' || c == '"')
                .unwrap_or(rest.len());
            words.push(Word::Plain(&rest[..end]));
            rest = &rest[end..];
        }
        rest = rest.trim_start();
    }
    Ok(words)
}

/// The words of a line being read, left to right.
pub(super) struct Words<'a> {
    words: Vec<Word<'a>>,
    next: usize,
}

impl<'a> Words<'a> {
    /// Reads `words` from the first.
    pub fn new(words: Vec<Word<'a>>) -> Words<'a> {
        Words { words, next: 0 }
    }

    /// The next word, without taking it.
    pub fn peek(&self) -> Option<&Word<'a>> {
        self.words.get(self.next)
    }

    /// Takes the next word.
    pub fn take(&mut self) -> Option<Word<'a>> {
        let word = self.words.get(self.next).cloned();
        self.next += usize::from(word.is_some());
        word
    }

    /// Takes the next word, which must be plain text; `what` names it in
    /// the message if it is missing.
    pub fn plain(&mut self, what: &str) -> Result<&'a str, String> {
        match self.take() {
            Some(Word::Plain(text)) => Ok(text),
            Some(other) => Err(format!("expected {what}, found {}", other.shown())),
            None => Err(format!("expected {what} at the end of the line")),
        }
    }

    /// Takes the next word if it is the plain word `keyword`.
    pub fn keyword(&mut self, keyword: &str) -> bool {
        let found = self.peek() == Some(&Word::Plain(keyword));
        self.next += usize::from(found);
        found
    }

    /// Whether every word has been taken.
    pub fn at_end(&self) -> bool {
        self.next >= self.words.len()
    }

    /// An error unless every word has been taken.
    pub fn finish(&self) -> Result<(), String> {
        match self.peek() {
            None => Ok(()),
            Some(word) => Err(format!(
                "unexpected {} at the end of the line",
                word.shown()
            )),
        }
    }
}

/// An ISO date, `YYYY-MM-DD`.
pub(super) fn date(text: &str) -> Result<NaiveDate, String> {
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shaped {
        return Err(format!("`{text}` is not a date (expected YYYY-MM-DD)"));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a date in the calendar"))
}

/// A whole number of at most 9 digits; `what` names it in messages.
pub(super) fn number(text: &str, what: &str) -> Result<u32, String> {
    if text.is_empty() || text.len() > 9 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("expected {what} (a whole number), found `{text}`"));
    }
    text.parse()
        .map_err(|_| format!("expected {what} (a whole number), found `{text}`"))
}

/// An amount of money, `£80` or `£80.50`, in pence.
pub(super) fn money(text: &str) -> Result<u64, String> {
    let bad = || format!("`{text}` is not an amount (expected £80 or £80.50)");
    let amount = text.strip_prefix('£').ok_or_else(bad)?;
    let (pounds, pence) = match amount.split_once('.') {
        Some((pounds, pence)) if pence.len() == 2 => (pounds, pence),
        Some(_) => return Err(bad()),
        None => (amount, "00"),
    };
    let digits = |part: &str| {
        !part.is_empty() && part.len() <= 9 && part.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(pounds) || !digits(pence) {
        return Err(bad());
    }
    let pounds: u64 = pounds.parse().map_err(|_| bad())?;
    let pence: u64 = pence.parse().map_err(|_| bad())?;
    Ok(pounds * 100 + pence)
}

/// An identifier (pupil, parent, school, authority, policy, rule): letters,
/// digits, `-`, `_` and `.`; `what` names it in messages.
pub(super) fn identifier(text: &str, what: &str) -> Result<String, String> {
    let valid = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if valid {
        Ok(text.to_string())
    } else {
        Err(format!(
            "`{text}` is not a valid {what} (letters, digits, `-`, `_` and `.` only)"
        ))
    }
}
