//! Progress of a long evaluation on standard error: a spinner line with
//! running totals and marks/s (drawn only when standard error is a
//! terminal), then one summary line.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rollcall_runtime::engine::StreamTotals;
use std::time::{Duration, Instant};

/// The progress line of one run.
pub struct Progress {
    bar: ProgressBar,
    started: Instant,
}

impl Progress {
    /// Starts timing; the line is hidden unless standard error is a terminal.
    pub fn start() -> Progress {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress {
            bar,
            started: Instant::now(),
        }
    }

    /// Shows the running totals.
    pub fn update(&self, totals: &StreamTotals) {
        self.bar
            .set_message(summary(totals, self.started.elapsed()));
    }

    /// Clears the line and prints the summary: pupils, marks, decisions,
    /// elapsed time and marks/s.
    pub fn finish(self, totals: &StreamTotals) {
        self.bar.finish_and_clear();
        eprintln!("rollcall: {}", summary(totals, self.started.elapsed()));
    }
}

fn summary(totals: &StreamTotals, elapsed: Duration) -> String {
    let seconds = elapsed.as_secs_f64();
    let rate = if seconds > 0.0 {
        totals.marks as f64 / seconds
    } else {
        0.0
    };
    format!(
        "{} pupils, {} marks, {} decisions in {seconds:.1} s ({:.1}M marks/s)",
        totals.pupils,
        totals.marks,
        totals.decisions,
        rate / 1e6
    )
}
