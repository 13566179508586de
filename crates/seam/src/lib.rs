//! seam: find the seams in a legacy Perl monolith.
//!
//! This crate is the library facade: it opens a codebase, finds its Perl files, extracts their
//! facts in parallel (one parser per thread), and analyzes them: the dependency graph at package,
//! file and module level, coupling metrics, cycles, propagation cost and hotspots. The CLI
//! (`seam` binary) is a thin layer over it.
//!
//! Everything starts from a [`Workspace`]: the files, facts, graph and modules of one codebase,
//! read once; every command (analysis, check, proposal, report) is a view of it.
//!
//! ```
//! # let dir = tempfile::tempdir()?;
//! # std::fs::create_dir_all(dir.path().join("lib/App"))?;
//! # std::fs::write(dir.path().join("lib/App/A.pm"), "package App::A;\nuse App::B;\nsub f { App::B::g() }\n1;\n")?;
//! # std::fs::write(dir.path().join("lib/App/B.pm"), "package App::B;\nuse App::A;\nsub g { App::A::f() }\n1;\n")?;
//! # let root = dir.path();
//! let workspace = seam::Workspace::open(root, None, &seam::Overrides::default(), &|_, _| {})?;
//! let analysis = workspace.into_analysis();
//! assert_eq!(analysis.summary.packages, 2);
//! let cycle = &analysis.package_cycles[0];
//! assert_eq!(cycle.members, ["App::A", "App::B"]);
//! for breaker in &cycle.breakers {
//!     println!("cut {} -> {} at {}", breaker.from, breaker.to, breaker.locations[0]);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod cache;
mod changes;
mod check;
mod churn_trend;
mod discover;
mod extract;
mod git;
mod report;
mod suggest;
mod trend;
mod workspace;

pub use cache::CacheConfig;
pub use check::{load_config, write_atomically, BaselineUpdate, CheckOptions, PreparedBase};
pub use discover::{
    discover, discover_all, is_vendored_dir, DiscoverOptions, Discovered, SourceFile,
    DEFAULT_EXCLUDED_DIRS,
};
pub use extract::{
    extract_code, extract_codebase, extract_facts, extract_files, parse_only, Codebase,
    FactsOptions,
};
pub use git::{base_commit, change_since, facts_at_revision, BaseMode};
pub use report::ReportData;
pub use seam_graph::{self as graph, Analysis};
pub use seam_history as history;
pub use seam_perl::{self as perl, ExtractOptions, FileFacts};
pub use seam_rules as rules;
pub use seam_suggest as suggestions;
pub use trend::TrendOptions;
pub use workspace::{ModuleSource, Options, Overrides, Workspace};

use std::path::PathBuf;

/// What can go wrong before any file is read. Per-file problems are diagnostics, not errors.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The root does not exist or cannot be read.
    #[error("cannot read {}: {source}", path.display())]
    Root {
        /// The root given.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The root is a file.
    #[error("{} is not a directory: give the root of the codebase", .0.display())]
    RootNotDirectory(PathBuf),
    /// An `--exclude` pattern is not a valid glob.
    #[error("invalid exclude pattern `{pattern}`: {reason}")]
    BadExclude {
        /// The pattern as given.
        pattern: String,
        /// What the glob parser said.
        reason: String,
    },
    /// No seam.toml in the start directory or above.
    #[error("no seam.toml in {} or any directory above it; run `seam init` to write one, or pass --config FILE", start.display())]
    NoConfig {
        /// Where the search started.
        start: PathBuf,
    },
    /// seam.toml is unreadable or invalid.
    #[error(transparent)]
    Config(#[from] seam_rules::ConfigError),
    /// The baseline file is unreadable or invalid.
    #[error(transparent)]
    Baseline(#[from] seam_rules::BaselineError),
    /// A git command failed.
    #[error("{command} failed: {message}")]
    Git {
        /// The command.
        command: String,
        /// What git said.
        message: String,
    },
    /// A source file could not be read: checking without it could pass wrongly.
    #[error("cannot read {file}: {message}; a check that cannot read every file does not pass")]
    Unreadable {
        /// The file, relative to the root.
        file: String,
        /// Why.
        message: String,
    },
    /// Discovery found no Perl file: a check of nothing must not pass.
    #[error("no Perl files under {}: nothing to check; is `root` in seam.toml (or --config) right?", root.display())]
    NothingToCheck {
        /// The analyzed root.
        root: PathBuf,
    },
    /// Discovery found no Perl file at all: every command says so the same way.
    #[error("no Perl files under {} (none ends in .pm, .pl, .cgi, .t, .psgi… or starts with a perl #!){}; give the root of the Perl codebase", root.display(), if *skipped > 0 { format!("; {skipped} vendored or hidden directories were skipped: --no-default-excludes reads them") } else { String::new() })]
    NoPerlFiles {
        /// The root given.
        root: PathBuf,
        /// Vendored directories skipped by default.
        skipped: usize,
    },
    /// `seam baseline --prune` without a baseline.
    #[error("no baseline at {} to prune; `seam baseline` writes one", path.display())]
    NothingToPrune {
        /// Where it was looked for.
        path: PathBuf,
    },
    /// There is nothing to cluster, or the constraints contradict each other.
    #[error("{0}")]
    Suggest(String),
    /// An output file could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// `--modules config` without a seam.toml.
    #[error(
        "--modules config needs a seam.toml: none in ROOT; pass --config FILE or run `seam init`"
    )]
    NoModules,
    /// The seam.toml describes another root.
    #[error("{} describes the codebase at {} (its directory, or its `root` key), not {}; run on that root or drop --config", config.display(), config_root.display(), root.display())]
    ConfigRoot {
        /// The root given.
        root: PathBuf,
        /// The seam.toml.
        config: PathBuf,
        /// The root it describes.
        config_root: PathBuf,
    },
    /// The git history cannot be read (no repository, no commits, a shallow clone).
    #[error(transparent)]
    History(#[from] seam_history::HistoryError),
    /// `seam trend` with the proposed modules.
    #[error("seam trend shows today's modules at earlier commits: seam.toml's (`--modules config`) or namespaces (`--modules namespace`), not a proposal")]
    TrendModules,
    /// The thread pool could not be built.
    #[error("cannot start {threads} worker threads: {reason}")]
    Threads {
        /// Threads asked for.
        threads: usize,
        /// Why not.
        reason: String,
    },
}
