//! The arguments every command that reads a codebase shares.

use clap::Args;
use clap::ValueEnum;
use seam::{CacheConfig, DiscoverOptions, ExtractOptions, FactsOptions, Overrides, Workspace};
use std::path::PathBuf;
use std::time::Duration;

/// Which files to read and how.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Root of the codebase to read (default: the current directory).
    #[arg(default_value = ".")]
    pub root: PathBuf,

    /// Skip paths matching this glob (relative to the root, e.g. `t/**`) or directories with this
    /// name (e.g. `vendor`). Repeatable.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// A Mason component root (relative directory, e.g. `share/html`): there, files with `% `
    /// lines or `<% %>` are components even without a block tag or an extension. Repeatable.
    #[arg(long, value_name = "DIR")]
    pub template_root: Vec<String>,

    /// Also read vendored and built code, skipped by default: hidden directories (`.github/…`,
    /// `.carton`), `lib/perl5/` trees, local/, vendor/, blib/, extlib/, inc/, fatlib/, _build/
    /// and node_modules/. A run that skips any says so in one line.
    #[arg(long)]
    pub no_default_excludes: bool,

    /// Do not honour .gitignore and .ignore files.
    #[arg(long)]
    pub no_ignore: bool,

    /// Follow symbolic links (off by default: links can loop).
    #[arg(long)]
    pub follow_symlinks: bool,

    /// Skip files larger than this many bytes (with a diagnostic).
    #[arg(long, value_name = "BYTES", default_value_t = 10 * 1024 * 1024)]
    pub max_file_size: u64,

    /// Give up parsing a file after this many milliseconds and line-scan it instead.
    #[arg(long, value_name = "MS", default_value_t = 10_000)]
    pub parse_timeout_ms: u64,

    /// Worker threads (0: one per core).
    #[arg(long, short = 'j', default_value_t = 0)]
    pub threads: usize,

    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Parse every file, ignoring facts cached by an earlier run for unchanged files.
    #[arg(long)]
    pub no_cache: bool,

    /// Where cached facts live (default: $SEAM_CACHE_DIR, else $XDG_CACHE_HOME/seam, else
    /// ~/.cache/seam). Never inside the analyzed tree.
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,

    /// Match the patterns with tree-sitter's query engine instead of the walker (slower; for
    /// checking that both agree).
    #[arg(long, hide = true)]
    pub query_engine: bool,
}

impl InputArgs {
    /// The library options these arguments select.
    pub fn facts_options(&self) -> FactsOptions {
        FactsOptions {
            discover: DiscoverOptions {
                default_excludes: !self.no_default_excludes,
                excludes: self.exclude.clone(),
                follow_symlinks: self.follow_symlinks,
                respect_gitignore: !self.no_ignore,
                template_roots: self.template_root.clone(),
            },
            extract: ExtractOptions {
                max_file_size: self.max_file_size,
                parse_timeout: Duration::from_millis(self.parse_timeout_ms),
                engine: if self.query_engine {
                    seam::perl::MatchEngine::Query
                } else {
                    seam::perl::MatchEngine::Walker
                },
                ..ExtractOptions::default()
            },
            threads: self.threads,
            cache: if self.no_cache {
                None
            } else {
                self.cache_config()
            },
        }
    }

    /// The cache, keyed by this executable's own hash so that facts from another build of seam
    /// are never reused; `None` when there is no place for it.
    fn cache_config(&self) -> Option<CacheConfig> {
        let dir = self.cache_dir.clone().or_else(default_cache_dir)?;
        // hashed as it is read, through a small buffer: the executable is tens of megabytes, and
        // reading it whole cost that much peak memory and a page fault per page on every run
        let executable = std::fs::File::open(std::env::current_exe().ok()?).ok()?;
        let mut hasher = blake3::Hasher::new();
        hasher.update_reader(executable).ok()?;
        Some(CacheConfig {
            dir,
            build: hasher.finalize().to_hex().to_string(),
        })
    }
}

fn default_cache_dir() -> Option<PathBuf> {
    let from_env = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    from_env("SEAM_CACHE_DIR")
        .or_else(|| from_env("XDG_CACHE_HOME").map(|d| d.join("seam")))
        .or_else(|| from_env("HOME").map(|d| d.join(".cache/seam")))
}

/// How the graph is built from the facts, and which modules it is seen in.
#[derive(Debug, Args)]
pub struct GraphArgs {
    /// Namespace depth that names a module (`LibSys::Billing` is depth 2) when modules are
    /// namespaces. Default: 2 when one or two namespace roots hold most packages, else 1.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub depth: Option<u16>,

    /// Keep test files (.t, t/, xt/) in the graph; left out by default because tests depend on
    /// everything. Default: seam.toml's `include_tests`.
    #[arg(long)]
    pub tests: bool,

    /// An extra library root (relative to ROOT) for resolving `require "x.pl"`; `lib/` and
    /// `use lib` paths are found on their own, and seam.toml's `lib` is added. Repeatable.
    #[arg(long = "lib", value_name = "DIR")]
    pub lib_roots: Vec<String>,

    /// The seam.toml whose modules, `lib`, `exclude` and `include_tests` apply (default:
    /// seam.toml in ROOT, if any). Its root must be ROOT.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Which modules every view speaks of: `config` (seam.toml's `[[module]]` tables; the
    /// default when there is a seam.toml), `namespace` (namespace prefixes at --depth and
    /// script directories; the default without one, and a comparison with one) or `proposal`
    /// (the modules `seam suggest` proposes: see the metrics, cycles and matrix of that cut).
    #[arg(long, value_enum, value_name = "FROM")]
    pub modules: Option<Modules>,
}

/// `--modules`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Modules {
    /// seam.toml's modules.
    Config,
    /// Namespace prefixes and script directories.
    Namespace,
    /// The modules `seam suggest` proposes.
    Proposal,
}

/// The seam.toml in ROOT, or the one --config names; `None` when there is none.
pub fn reference_config(
    root: &std::path::Path,
    explicit: Option<&std::path::Path>,
) -> Result<Option<seam::rules::Config>, String> {
    let in_root = root.join(seam::rules::config::CONFIG_FILE);
    match explicit {
        Some(path) => seam::load_config(root, Some(path)).map(Some),
        None if in_root.is_file() => seam::load_config(root, Some(&in_root)).map(Some),
        None => Ok(None),
    }
    .map_err(|e| e.to_string())
}

/// What the command line says, for [`seam::Options::merge`].
pub fn overrides(input: &InputArgs, graph: Option<&GraphArgs>) -> Overrides {
    Overrides {
        facts: input.facts_options(),
        include_tests: graph.and_then(|g| g.tests.then_some(true)),
        lib_roots: graph.map(|g| g.lib_roots.clone()).unwrap_or_default(),
        depth: graph.and_then(|g| g.depth.map(usize::from)),
        modules: graph.and_then(|g| g.modules).map(|m| match m {
            Modules::Config => seam::ModuleSource::Config,
            Modules::Namespace => seam::ModuleSource::Namespaces,
            Modules::Proposal => seam::ModuleSource::Proposal,
        }),
    }
}

/// Reads the codebase the arguments name (with its seam.toml, if any), with a progress bar.
pub fn open_workspace(input: &InputArgs, graph: &GraphArgs) -> Result<Workspace, String> {
    let config = reference_config(&input.root, graph.config.as_deref())?;
    open_with(&input.root, input, config, &overrides(input, Some(graph)))
}

/// Reads the codebase at `root` with `config` (which must describe `root`) and these overrides,
/// with a progress bar.
pub fn open_with(
    root: &std::path::Path,
    input: &InputArgs,
    config: Option<seam::rules::Config>,
    overrides: &Overrides,
) -> Result<Workspace, String> {
    open_using(input, |progress| {
        Workspace::open(root, config, overrides, progress)
    })
}

/// Leaves `value` to the operating system instead of freeing it: a command calls this on its
/// workspace (or analysis) once it has answered, just before the process exits, because freeing
/// every fact, reference and map one by one cost ~17% of a warm `seam check` at 10 M lines
/// (docs/performance.md, "Cache records and the stat index"). The memory is the process's own and
/// goes when it exits; nothing held has a destructor with an effect outside it (files are
/// written and closed before).
pub fn leave<T>(value: T) {
    std::mem::forget(value);
}

/// Runs `open` (a [`Workspace::open`] or a variant of it returning more) with the progress
/// line, then prints the notes on what was skipped and on the cache.
pub fn open_using<T: OpenedWorkspace>(
    input: &InputArgs,
    open: impl FnOnce(&(dyn Fn(usize, usize) + Sync)) -> Result<T, seam::Error>,
) -> Result<T, String> {
    let progress = crate::progress::Progress::new("parsing", input.quiet);
    let opened = open(&|done, total| progress.update(done, total)).map_err(|e| e.to_string())?;
    progress.finish();
    let workspace = opened.workspace();
    note_skipped(workspace.skipped(), input.quiet);
    note_cache(workspace.cache_note(), input.quiet);
    Ok(opened)
}

/// What an open returns: the workspace, alone or with more.
pub trait OpenedWorkspace {
    /// The workspace opened.
    fn workspace(&self) -> &Workspace;
}

impl OpenedWorkspace for Workspace {
    fn workspace(&self) -> &Workspace {
        self
    }
}

impl<T> OpenedWorkspace for (Workspace, T) {
    fn workspace(&self) -> &Workspace {
        &self.0
    }
}

/// One line on stderr when the facts cache could not be used (the results are complete; the
/// next run will be slow: the user may want to fix the directory or pass --no-cache).
pub(crate) fn note_cache(note: Option<&str>, quiet: bool) {
    if let Some(note) = note.filter(|_| !quiet) {
        eprintln!("note: {}", seam_report::visible(note));
    }
}

/// One line on stderr, within the width of the text outputs, naming the vendored directories
/// skipped by default (as many as fit, then how many more) and how to read them.
pub(crate) fn note_skipped(skipped: &[String], quiet: bool) {
    if let Some(line) = skipped_note(skipped).filter(|_| !quiet) {
        eprintln!("{line}");
    }
}

/// The note [`note_skipped`] prints; `None` when nothing was skipped.
fn skipped_note(skipped: &[String]) -> Option<String> {
    const HOW: &str = " (vendored; --no-default-excludes reads them)";
    let names: Vec<String> = skipped
        .iter()
        .map(|s| seam_report::middle(&seam_report::visible(s), 30).into_owned())
        .collect();
    let (first, rest) = names.split_first()?;
    let mut line = format!("note: skipped {first}");
    for (i, name) in rest.iter().enumerate() {
        let left = rest.len() - i - 1;
        let tail = if left > 0 {
            format!(" and {left} more")
        } else {
            String::new()
        };
        let width = |s: &str| s.chars().count();
        if width(&line) + 2 + width(name) + width(&tail) + width(HOW) > seam_report::WIDTH {
            line.push_str(&format!(" and {} more", rest.len() - i));
            return Some(line + HOW);
        }
        line.push_str(", ");
        line.push_str(name);
    }
    Some(line + HOW)
}

#[cfg(test)]
mod tests {
    use super::skipped_note;

    #[test]
    fn the_skipped_note_fits_and_counts_what_it_does_not_name() {
        assert_eq!(skipped_note(&[]), None);
        let names: Vec<String> = (0..40).map(|i| format!("vendor{i}/lib/perl5/")).collect();
        let line = skipped_note(&names).unwrap();
        assert!(line.chars().count() <= seam_report::WIDTH, "{line}");
        let shown = line.matches("/lib/perl5/").count();
        assert!(
            line.contains(&format!(" and {} more (vendored", 40 - shown)),
            "{line}"
        );
        let one = skipped_note(&[".github/".to_string()]).unwrap();
        assert_eq!(
            one,
            "note: skipped .github/ (vendored; --no-default-excludes reads them)"
        );
    }
}
