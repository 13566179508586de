//! Progress on stderr, shown only to a person watching a terminal.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// A progress bar that draws nothing when stderr is not a terminal or `--quiet` was given.
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// A bar for `what` (e.g. "parsing") counting files; hidden when `quiet` or stderr is not a
    /// terminal.
    pub fn new(what: &str, quiet: bool) -> Self {
        Self::counting(what, "files", quiet)
    }

    /// A bar for `what` counting `unit`s (e.g. "samples").
    pub fn counting(what: &str, unit: &str, quiet: bool) -> Self {
        let visible = !quiet && std::io::stderr().is_terminal();
        let bar = if visible {
            ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr())
        } else {
            ProgressBar::hidden()
        };
        bar.set_style(
            ProgressStyle::with_template(&format!(
                "{{msg:>10}} [{{bar:30}}] {{pos}}/{{len}} {unit} ({{eta}} left)"
            ))
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        bar.set_message(what.to_string());
        Progress { bar }
    }

    /// Reports `done` of `total` files.
    pub fn update(&self, done: usize, total: usize) {
        self.bar.set_length(total as u64);
        self.bar.set_position(done as u64);
    }

    /// Removes the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
