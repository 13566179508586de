//! The history flags (`--history`, `--since`, ...) shared by the commands that show history.

use clap::Args;
use seam::history::{HistoryAnalysis, HistoryError, HistoryOptions, ReadOptions};
use seam::suggestions::history::ChangeSets;
use seam::Workspace;

/// Whether and which history is read (docs/history.md explains what is done with it).
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Read the git history of ROOT and fail (exit 2) if it cannot be read. Without this flag
    /// the history is read when ROOT is in a git repository with complete history, and a note
    /// says why when it is not.
    #[arg(long, conflicts_with = "no_history")]
    pub history: bool,

    /// Do not read the git history.
    #[arg(long)]
    pub no_history: bool,

    /// Only commits after this date (`2024-01-01`, `"2 years ago"`), as `git log --since`.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,

    /// Only commits before this date, as `git log --until`.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,

    /// Follow merged branches too (default: the first-parent line, one commit per merge).
    #[arg(long)]
    pub all_parents: bool,

    /// Follow only renames that keep a file's content, without reading file contents: for
    /// partial (blobless) clones and repositories with missing objects.
    #[arg(long)]
    pub exact_renames: bool,

    /// Measure who knows each module by lines added and deleted instead of commits: a second
    /// `git log --numstat` that opens every changed Perl file (about 3.5 s of CPU per 10,000
    /// commits, run alongside the first read; cached per HEAD). Needs a complete clone.
    #[arg(long)]
    pub line_counts: bool,
}

/// The thresholds of the history figures `seam analyze` shows.
#[derive(Debug, Args)]
pub struct CouplingArgs {
    /// Skip commits that touch more files than this (mass reformatting, vendor drops); they
    /// are counted, not used.
    #[arg(long, value_name = "N", default_value_t = HistoryOptions::default().max_files_per_commit)]
    pub max_files_per_commit: usize,

    /// Show only pairs whose both sides changed in at least N analyzed commits.
    #[arg(long, value_name = "N", default_value_t = HistoryOptions::default().min_revs)]
    pub min_revs: u32,

    /// Show only pairs that changed together in at least N analyzed commits.
    #[arg(long, value_name = "N", default_value_t = HistoryOptions::default().min_shared)]
    pub min_shared: u32,

    /// Show only pairs whose degree of coupling (shared / mean revisions) is at least this.
    #[arg(long, value_name = "0..1", default_value_t = HistoryOptions::default().min_degree)]
    pub min_degree: f64,
}

impl HistoryArgs {
    /// The history of `workspace`'s root, or `None` (with a note on stderr unless `quiet`) when
    /// it was not asked for or cannot be read and was not required.
    pub fn read(
        &self,
        workspace: &Workspace,
        thresholds: &CouplingArgs,
        quiet: bool,
    ) -> Result<Option<HistoryAnalysis>, String> {
        let options = thresholds.options();
        self.wanted(quiet, || workspace.history(&self.read_options(), &options))
    }

    /// What each commit of the history changed, for `seam suggest`; `None` as for [`Self::read`].
    pub fn change_sets(
        &self,
        workspace: &Workspace,
        quiet: bool,
    ) -> Result<Option<ChangeSets>, String> {
        self.wanted(quiet, || workspace.change_sets(&self.read_options()))
    }

    /// What to read, as the flags say.
    pub fn read_options(&self) -> ReadOptions {
        ReadOptions {
            all_parents: self.all_parents,
            since: self.since.clone(),
            until: self.until.clone(),
            exact_renames: self.exact_renames,
            lines: self.line_counts,
        }
    }

    /// The history of `workspace`'s root, or why there is none (`--no-history`, or why it cannot
    /// be read): what the report shows in its place. An error with `--history`.
    pub fn read_noted(
        &self,
        workspace: &Workspace,
        thresholds: &CouplingArgs,
    ) -> Result<(Option<HistoryAnalysis>, Option<String>), String> {
        let options = thresholds.options();
        Ok(
            match self.attempt(|| workspace.history(&self.read_options(), &options))? {
                Read::Done(history) => (Some(history), None),
                Read::Off => (None, Some(NOT_READ.to_string())),
                Read::Unavailable(why) => (None, Some(why)),
            },
        )
    }

    /// Runs `read` unless `--no-history`; its error fails with `--history`, else is a note.
    fn wanted<T>(
        &self,
        quiet: bool,
        read: impl FnOnce() -> Result<T, HistoryError>,
    ) -> Result<Option<T>, String> {
        Ok(match self.attempt(read)? {
            Read::Done(value) => Some(value),
            Read::Off => None,
            Read::Unavailable(why) => {
                if !quiet {
                    eprintln!(
                        "{}",
                        crate::output::message(&format!("note: no history section: {why}"))
                    );
                }
                None
            }
        })
    }

    /// Runs `read` unless `--no-history`; its error fails with `--history`.
    fn attempt<T>(
        &self,
        read: impl FnOnce() -> Result<T, HistoryError>,
    ) -> Result<Read<T>, String> {
        if self.no_history {
            return Ok(Read::Off);
        }
        match read() {
            Ok(value) => Ok(Read::Done(value)),
            Err(e) if self.history => Err(e.to_string()),
            Err(e) => Ok(Read::Unavailable(e.to_string())),
        }
    }
}

/// What the report says in place of a history that `--no-history` turned off.
pub const NOT_READ: &str = "not read (--no-history).";

/// What became of reading the history.
enum Read<T> {
    Done(T),
    Off,
    Unavailable(String),
}

/// Adds the fifth hotspot ranking, churn, from the history (when there is one).
pub fn add_churn(analysis: &mut seam::Analysis, history: Option<&HistoryAnalysis>) {
    if let Some(history) = history {
        analysis
            .hotspots
            .extend(seam::history::churn_hotspots(history));
    }
}

impl CouplingArgs {
    /// The thresholds, as the flags say.
    pub fn options(&self) -> HistoryOptions {
        HistoryOptions {
            max_files_per_commit: self.max_files_per_commit,
            min_revs: self.min_revs,
            min_shared: self.min_shared,
            min_degree: self.min_degree,
            ..HistoryOptions::default()
        }
    }
}
