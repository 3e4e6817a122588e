//! Bar charts as inline SVG, drawn in integer coordinates so the same
//! numbers always give the same text.

use crate::html::escape;
use std::fmt::Write;

/// Width of every chart, in SVG units (pixels on screen).
const WIDTH: u64 = 680;
/// Width given to the labels of horizontal bars.
const LABEL: u64 = 270;
/// Width kept for the value written after a bar.
const VALUE: u64 = 70;
/// Height of one horizontal bar's row.
const ROW: u64 = 22;

/// Colours of the series, in order (repeated if there are more).
pub const COLOURS: [&str; 6] = [
    "#1f5fa8", "#d9822b", "#2e8540", "#a12a5e", "#6b4fa3", "#7a7a7a",
];

/// Colours of the two sides of paired bars (old grey, new purple): unlike
/// the first colours of [`COLOURS`], which stacked charts give actions.
const SIDES: [&str; 2] = ["#7a7a7a", "#6b4fa3"];

/// One horizontal bar: `value` out of the chart's `max`, labelled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bar {
    /// What the bar is of.
    pub label: String,
    /// Its length, in the chart's units.
    pub value: u64,
    /// The value as written after the bar (`93.4%`).
    pub text: String,
}

/// Horizontal bars scaled so that `max` fills the width (`max` 0: the
/// largest value does).
pub fn horizontal_bars(title: &str, bars: &[Bar], max: u64, colour: &str) -> String {
    let max = if max == 0 {
        bars.iter().map(|bar| bar.value).max().unwrap_or(0).max(1)
    } else {
        max
    };
    let span = WIDTH - LABEL - VALUE;
    let height = ROW * bars.len() as u64 + 30;
    let mut out = open(title, height);
    for (index, bar) in bars.iter().enumerate() {
        let y = 24 + ROW * index as u64;
        let length = bar.value.min(max) * span / max;
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"11\">{}</text>\
             <rect x=\"{LABEL}\" y=\"{}\" width=\"{length}\" height=\"{}\" fill=\"{colour}\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"11\">{}</text>",
            LABEL - 6,
            y + 14,
            escape(&bar.label),
            y + 3,
            ROW - 6,
            LABEL + length + 4,
            y + 14,
            escape(&bar.text)
        );
    }
    out.push_str("</svg>\n");
    out
}

/// Vertical bars stacked by series: one column per category, each
/// `(category, counts per series)`, with a legend of `series`; scaled so
/// that `max` fills the height (`max` 0: the tallest column does), so two
/// charts given the same `max` share a scale.
pub fn stacked_columns(
    title: &str,
    series: &[String],
    columns: &[(String, Vec<u64>)],
    max: u64,
) -> String {
    const PLOT: u64 = 200;
    const TOP: u64 = 30;
    let max = if max == 0 {
        tallest(columns).max(1)
    } else {
        max
    };
    let legend_rows = series.len() as u64;
    let height = TOP + PLOT + 50 + 16 * legend_rows;
    let mut out = open(title, height);
    let left = 40;
    let step = if columns.is_empty() {
        0
    } else {
        (WIDTH - left - 10) / columns.len() as u64
    };
    let bar = step.saturating_sub(6).clamp(1, 48);
    let _ = writeln!(
        out,
        "<line x1=\"{left}\" y1=\"{}\" x2=\"{WIDTH}\" y2=\"{}\" stroke=\"#444\"/>\
         <text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"10\">{max}</text>\
         <text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"10\">0</text>",
        TOP + PLOT,
        TOP + PLOT,
        left - 4,
        TOP + 8,
        left - 4,
        TOP + PLOT
    );
    for (index, (category, counts)) in columns.iter().enumerate() {
        let x = left + 4 + step * index as u64;
        let mut below = 0;
        for (serie, &count) in counts.iter().enumerate() {
            if count == 0 {
                continue;
            }
            let top = (below + count).min(max) * PLOT / max;
            let bottom = below.min(max) * PLOT / max;
            let _ = writeln!(
                out,
                "<rect x=\"{x}\" y=\"{}\" width=\"{bar}\" height=\"{}\" fill=\"{}\"><title>{}: {count}</title></rect>",
                TOP + PLOT - top,
                top - bottom,
                COLOURS[serie % COLOURS.len()],
                escape(&series[serie])
            );
            below += count;
        }
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"10\">{}</text>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"10\">{below}</text>",
            x + bar / 2,
            TOP + PLOT + 14,
            escape(category),
            x + bar / 2,
            TOP + PLOT - below.min(max) * PLOT / max - 3
        );
    }
    for (serie, name) in series.iter().enumerate() {
        let y = TOP + PLOT + 34 + 16 * serie as u64;
        let _ = writeln!(
            out,
            "<rect x=\"{left}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{}\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"11\">{}</text>",
            y - 9,
            COLOURS[serie % COLOURS.len()],
            left + 16,
            y,
            escape(name)
        );
    }
    out.push_str("</svg>\n");
    out
}

/// The sum of the tallest column of [`stacked_columns`].
pub fn tallest(columns: &[(String, Vec<u64>)]) -> u64 {
    columns
        .iter()
        .map(|(_, counts)| counts.iter().sum::<u64>())
        .max()
        .unwrap_or(0)
}

/// Two horizontal bars for one label: the same quantity under each of two
/// sides (the old and the new policy).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    /// What the bars are of.
    pub label: String,
    /// Their lengths, first side then second, in the chart's units.
    pub values: [u64; 2],
    /// The values as written after the bars.
    pub texts: [String; 2],
}

/// Paired horizontal bars, the first side's above the second's in each
/// label's row, with a legend naming the two `sides`; scaled so that the
/// largest value fills the width.
pub fn paired_bars(title: &str, sides: [&str; 2], pairs: &[Pair]) -> String {
    const BAR: u64 = 10;
    const PAIR_ROW: u64 = 2 * BAR + 10;
    const TOP: u64 = 42;
    let max = pairs
        .iter()
        .flat_map(|pair| pair.values)
        .max()
        .unwrap_or(0)
        .max(1);
    let span = WIDTH - LABEL - VALUE;
    let height = TOP + PAIR_ROW * pairs.len() as u64 + 6;
    let mut out = open(title, height);
    for (side, name) in sides.iter().enumerate() {
        let x = LABEL + 200 * side as u64;
        let _ = writeln!(
            out,
            "<rect x=\"{x}\" y=\"22\" width=\"10\" height=\"10\" fill=\"{}\"/>\
             <text x=\"{}\" y=\"31\" font-size=\"11\">{}</text>",
            SIDES[side],
            x + 16,
            escape(name)
        );
    }
    for (index, pair) in pairs.iter().enumerate() {
        let y = TOP + PAIR_ROW * index as u64;
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"11\">{}</text>",
            LABEL - 6,
            y + BAR + 4,
            escape(&pair.label)
        );
        for (side, (value, text)) in pair.values.iter().zip(&pair.texts).enumerate() {
            let top = y + BAR * side as u64;
            let length = value.min(&max) * span / max;
            let _ = writeln!(
                out,
                "<rect x=\"{LABEL}\" y=\"{top}\" width=\"{length}\" height=\"{}\" fill=\"{}\"/>\
                 <text x=\"{}\" y=\"{}\" font-size=\"9\">{}</text>",
                BAR - 1,
                SIDES[side],
                LABEL + length + 4,
                top + BAR - 1,
                escape(text)
            );
        }
    }
    out.push_str("</svg>\n");
    out
}

/// The opening of a chart `height` high, with its title.
fn open(title: &str, height: u64) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{height}\" \
         viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-label=\"{0}\">\n\
         <text x=\"0\" y=\"14\" font-size=\"13\" font-weight=\"bold\">{0}</text>\n",
        escape(title)
    )
}
