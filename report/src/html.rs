//! HTML escaping and the page shell every report page shares: inline CSS
//! for the screen and for print on A4.

use std::fmt::Write;

/// `text` with `&`, `<`, `>`, `"` and `'` escaped, safe in element content
/// and in quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The style sheet of every page.
const STYLE: &str = "\
@page { size: A4; margin: 14mm; }
* { box-sizing: border-box; }
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 10.5pt; color: #111; margin: 0 auto; max-width: 182mm; padding: 8mm 0; }
h1 { font-size: 16pt; margin: 0 0 4mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; border-bottom: 1px solid #888; }
h3 { font-size: 11pt; margin: 4mm 0 1mm; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 1mm 2mm; vertical-align: top; }
table.facts th { width: 45mm; color: #333; font-weight: normal; }
table.rows th { border-bottom: 1px solid #444; }
table.rows td { border-bottom: 1px solid #ddd; }
table.register { width: auto; font-family: 'DejaVu Sans Mono', monospace; font-size: 9pt; }
table.register th, table.register td { border: 1px solid #999; text-align: center; padding: 0.5mm 1mm; min-width: 8mm; }
table.register td.counted { background: #fde2a6; font-weight: bold; outline: 2px solid #b35c00; outline-offset: -2px; }
table.register td.consumed { background: #d9d9d9; color: #555; text-decoration: line-through; }
table.register td.none { color: #bbb; }
.legend span { display: inline-block; border: 1px solid #999; padding: 0 2mm; margin-right: 3mm; }
.legend .counted { background: #fde2a6; font-weight: bold; }
.legend .consumed { background: #d9d9d9; text-decoration: line-through; }
.check-warn { color: #a00; font-weight: bold; }
.muted { color: #555; }
a { color: #0645ad; }
svg text { font-family: 'DejaVu Sans', Arial, sans-serif; }
@media print { a { color: #111; text-decoration: none; } body { padding: 0; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
";

/// A whole page: `title` and the `body` element's `attributes` (escaped
/// here), and `body` (already HTML).
pub fn page(title: &str, attributes: &[(&str, &str)], body: &str) -> String {
    format!("{}{body}{PAGE_END}", page_start(title, attributes))
}

/// A page up to the start of its body's content, for a page written in
/// parts; [`PAGE_END`] closes it.
pub fn page_start(title: &str, attributes: &[(&str, &str)]) -> String {
    let mut tag = String::from("<body");
    for (name, value) in attributes {
        let _ = write!(tag, " {name}=\"{}\"", escape(value));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n{tag}>\n",
        escape(title)
    )
}

/// The end of every page, after its body's content.
pub const PAGE_END: &str = "</body>\n</html>\n";

/// A two-column table of facts: each label (plain text) with its value
/// (already HTML).
pub fn facts(rows: &[(&str, String)]) -> String {
    let mut out = String::from("<table class=\"facts\">\n");
    for (label, value) in rows {
        let _ = writeln!(out, "<tr><th>{}</th><td>{value}</td></tr>", escape(label));
    }
    out.push_str("</table>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<a href=\"x\">O'Neil & co</a>"),
            "&lt;a href=&quot;x&quot;&gt;O&#39;Neil &amp; co&lt;/a&gt;"
        );
    }
}
