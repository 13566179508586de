//! seam: find the seams in a legacy Perl monolith.
//!
//! This crate is the library facade: it opens a codebase, finds its Perl files, extracts their
//! facts in parallel (one parser per thread), and analyzes them: the dependency graph at package,
//! file and module level, coupling metrics, cycles, propagation cost and hotspots. The CLI
//! (`seam` binary) is a thin layer over it.
//!
//! ```
//! # let dir = tempfile::tempdir()?;
//! # std::fs::create_dir_all(dir.path().join("lib/App"))?;
//! # std::fs::write(dir.path().join("lib/App/A.pm"), "package App::A;\nuse App::B;\nsub f { App::B::g() }\n1;\n")?;
//! # std::fs::write(dir.path().join("lib/App/B.pm"), "package App::B;\nuse App::A;\nsub g { App::A::f() }\n1;\n")?;
//! # let root = dir.path();
//! let analysis = seam::analyze(root, &seam::AnalyzeConfig::default(), &|_, _| {})?;
//! assert_eq!(analysis.summary.packages, 2);
//! let cycle = &analysis.package_cycles[0];
//! assert_eq!(cycle.members, ["App::A", "App::B"]);
//! for breaker in &cycle.breakers {
//!     println!("cut {} -> {} at {}", breaker.from, breaker.to, breaker.locations[0]);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod cache;
mod check;
mod discover;
mod extract;
mod git;
mod report;
mod suggest;

pub use cache::CacheConfig;
pub use check::{
    check, load_config, write_atomically, write_baseline, BaselineUpdate, CheckOptions,
};
pub use discover::{discover, DiscoverOptions, SourceFile, DEFAULT_EXCLUDED_DIRS};
pub use extract::{extract_facts, extract_files, parse_only, FactsOptions};
pub use git::facts_at_revision;
pub use report::{report_data, ReportConfig, ReportData};
pub use seam_graph::{self as graph, Analysis};
pub use seam_perl::{self as perl, ExtractOptions, FileFacts};
pub use seam_rules as rules;
pub use seam_suggest as suggestions;
pub use suggest::{suggest, suggest_facts, SuggestConfig};

use std::path::{Path, PathBuf};

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
    /// The thread pool could not be built.
    #[error("cannot start {threads} worker threads: {reason}")]
    Threads {
        /// Threads asked for.
        threads: usize,
        /// Why not.
        reason: String,
    },
}

/// How to analyze a codebase.
#[derive(Debug, Clone, Default)]
pub struct AnalyzeConfig {
    /// Which files, and per-file limits.
    pub facts: FactsOptions,
    /// Namespace depth that names a module (`None`: chosen from the codebase's layout).
    pub depth: Option<usize>,
    /// Keep test files in the graph.
    pub include_tests: bool,
    /// Extra library roots, relative to the root.
    pub lib_roots: Vec<String>,
}

/// Extracts and analyzes every Perl file under `root`. `progress(done, total)` reports files
/// parsed.
pub fn analyze(
    root: &Path,
    config: &AnalyzeConfig,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Analysis, Error> {
    let facts = extract_facts(root, &config.facts, progress)?;
    Ok(analyze_facts(&facts, config))
}

/// Analyzes facts already extracted.
pub fn analyze_facts(facts: &[FileFacts], config: &AnalyzeConfig) -> Analysis {
    let modules = match config.depth {
        Some(depth) => graph::ModuleNaming { depth },
        None => graph::ModuleNaming::automatic(facts),
    };
    let options = graph::AnalyzeOptions {
        resolve: graph::ResolveOptions {
            include_tests: config.include_tests,
            lib_roots: config.lib_roots.clone(),
            modules,
            keep_references: false,
        },
    };
    graph::analyze(facts, &options)
}
