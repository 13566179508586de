//! The version history of an analyzed codebase, next to its static graph: which files, packages
//! and modules change together (change coupling), which of those pairs have no static edge
//! (hidden coupling), where change meets complexity (churn hotspots), and who knows each module
//! (knowledge).
//!
//! Two steps, as everywhere in seam: [`read`] runs git once and returns plain [`History`];
//! [`analyze`] is a pure function of that history, today's [`DepGraph`] and a [`Partition`].
//! docs/history.md gives each figure's source and formula.
//!
//! Invariants: the analysis never runs git and never reads files; every list is sorted by a
//! total order (figures, then names), so the same history gives the same bytes; a commit counts
//! towards coupling only if it touches at most `max_files_per_commit` files and not only tests
//! or documentation (the others are counted, never dropped silently).

mod analysis;
mod log;
pub mod trend;

pub use analysis::{
    analyze, change_sets, churn_hotspots, complexity_samples, ChurnHotspot, CommitCounts,
    ComplexityPoint, CoupledPair, Coupling, EntitySum, HiddenPair, HistoryAnalysis, HistoryOptions,
    KnowledgeBasis, ModuleKnowledge,
};
pub use log::{
    head, read, read_at, Commit, FileLines, History, LineCounts, ReadOptions, Rename, LINE_PATHSPEC,
};

use std::path::PathBuf;

/// Why the history could not be read.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// ROOT is not inside a git work tree.
    #[error(
        "{0} is not in a git repository: history needs one (run `git init`, or pass --no-history)"
    )]
    NotARepository(PathBuf),
    /// The repository has no commit yet.
    #[error("the git repository at {0} has no commits yet: there is no history to read")]
    NoCommits(PathBuf),
    /// A shallow clone: the history is cut, and every figure would be wrong.
    #[error("the git repository at {0} is a shallow clone, so its history is incomplete: run `git fetch --unshallow` (in CI: `fetch-depth: 0`)")]
    Shallow(PathBuf),
    /// git failed (not installed, a corrupt repository, a bad `--since`).
    #[error("{0}")]
    Git(String),
}
