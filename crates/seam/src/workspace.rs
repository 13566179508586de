//! The codebase one run of seam looks at, built once: its files and facts, the resolved graph
//! (every reference kept), the options in force, and the modules every view speaks of.
//!
//! Every command and every report section reads a [`Workspace`], so they agree on what the
//! codebase is (the same `lib`, `exclude` and `include_tests`) and on what its modules are (a
//! seam.toml's when there is one, else the namespaces; `--modules namespace` for comparison).
//!
//! Invariants: facts are extracted and resolved once per workspace; [`Options::merge`] is the only
//! place command-line flags, seam.toml and defaults meet; the partition is made here and nowhere
//! else.

use crate::{extract_codebase, Error, FactsOptions};
use seam_graph::{
    analyze_data, analyze_graph, automatic_depth, resolve, resolve_data, Analysis, DataGraph,
    DepGraph, Partition, ResolveOptions, ResolveReport, Schema,
};
use seam_perl::FileFacts;
use seam_rules::{Config, ModuleMap};
use std::path::{Path, PathBuf};

/// Which modules the views speak of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModuleSource {
    /// The `[[module]]` tables of seam.toml.
    Config,
    /// Namespace prefixes at a depth; scripts by directory.
    Namespaces,
    /// The modules `seam suggest` proposes (default options), compared with seam.toml's or the
    /// namespaces; scripts by directory.
    Proposal,
}

/// What the command line asks for; `None` and empty lists leave the choice to seam.toml and the
/// defaults.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// Which files and limits (`--exclude` and the rest); seam.toml's `exclude` is added.
    pub facts: FactsOptions,
    /// `--tests`: keep test files in the graph.
    pub include_tests: Option<bool>,
    /// `--lib`: extra library roots, added to seam.toml's `lib`.
    pub lib_roots: Vec<String>,
    /// `--depth`: namespace depth of the namespace modules.
    pub depth: Option<usize>,
    /// `--modules`.
    pub modules: Option<ModuleSource>,
}

/// The options in force: command-line flags over seam.toml over defaults.
#[derive(Debug, Clone)]
pub struct Options {
    /// Which files and limits, with seam.toml's excludes added.
    pub facts: FactsOptions,
    /// Keep test files in the graph.
    pub include_tests: bool,
    /// Extra library roots (seam.toml's, then the command line's).
    pub lib_roots: Vec<String>,
    /// Namespace depth (`None`: chosen from the codebase).
    pub depth: Option<usize>,
    /// Which modules the views speak of.
    pub modules: ModuleSource,
}

impl Options {
    /// Merges the command line with seam.toml: lists add up (seam.toml's first), a flag given on
    /// the command line wins, and the modules are seam.toml's whenever there is one.
    pub fn merge(cli: &Overrides, config: Option<&Config>) -> Result<Options, Error> {
        let (mut excludes, mut lib_roots) = match config {
            Some(config) => (config.exclude.clone(), config.lib.clone()),
            None => (Vec::new(), Vec::new()),
        };
        excludes.extend(cli.facts.discover.excludes.iter().cloned());
        lib_roots.extend(cli.lib_roots.iter().cloned());
        dedup_keeping_order(&mut excludes);
        dedup_keeping_order(&mut lib_roots);
        let mut template_roots = config.map_or_else(Vec::new, |c| c.template_roots.clone());
        template_roots.extend(cli.facts.discover.template_roots.iter().cloned());
        dedup_keeping_order(&mut template_roots);
        let mut facts = cli.facts.clone();
        facts.discover.excludes = excludes;
        facts.discover.template_roots = template_roots;
        let modules = match (cli.modules, config) {
            (Some(ModuleSource::Config), None) => return Err(Error::NoModules),
            (Some(source), _) => source,
            (None, Some(_)) => ModuleSource::Config,
            (None, None) => ModuleSource::Namespaces,
        };
        Ok(Options {
            facts,
            include_tests: cli
                .include_tests
                .or(config.map(|c| c.include_tests))
                .unwrap_or(false),
            lib_roots,
            depth: cli.depth,
            modules,
        })
    }

    /// How the graph is resolved (every reference kept: the rules and suggest read them).
    pub fn resolve_options(&self) -> ResolveOptions {
        ResolveOptions {
            include_tests: self.include_tests,
            lib_roots: self.lib_roots.clone(),
            keep_references: true,
            template_roots: self.facts.discover.template_roots.clone(),
        }
    }
}

fn dedup_keeping_order(items: &mut Vec<String>) {
    let mut seen = std::collections::BTreeSet::new();
    items.retain(|item| seen.insert(item.clone()));
}

/// One codebase, read and resolved once.
#[derive(Debug)]
pub struct Workspace {
    root: PathBuf,
    options: Options,
    config: Option<Config>,
    facts: Vec<FileFacts>,
    skipped: Vec<String>,
    cache_note: Option<String>,
    derived: Derived,
}

/// What a workspace derives from its facts: the graph, the data layer, the modules.
#[derive(Debug)]
struct Derived {
    graph: DepGraph,
    data: DataGraph,
    resolution: ResolveReport,
    depth: usize,
    module_map: Option<ModuleMap>,
    partition: Partition,
}

impl Derived {
    fn new(
        config: Option<&Config>,
        options: &Options,
        facts: &[FileFacts],
        schema: &Schema,
    ) -> Result<Derived, Error> {
        let (graph, resolution) = resolve(facts, &options.resolve_options());
        let data = resolve_data(facts, &graph, &options.resolve_options(), schema);
        let depth = options.depth.unwrap_or_else(|| automatic_depth(facts));
        let module_map = config.map(|c| ModuleMap::new(c, &graph));
        let today = match &module_map {
            Some(map) => map.partition.clone(),
            None => Partition::namespaces(&graph, depth),
        };
        let partition = match options.modules {
            ModuleSource::Config => today,
            ModuleSource::Namespaces => Partition::namespaces(&graph, depth),
            ModuleSource::Proposal => {
                let reference = seam_suggest::Reference {
                    partition: &today,
                    hold: false,
                };
                // the options `seam suggest` uses by default, data layer included
                let options = crate::suggest::with_data(&Default::default(), &data).into_owned();
                seam_suggest::suggest(&graph, &reference, &options)
                    .map_err(Error::Suggest)?
                    .proposal
                    .partition(&graph)
            }
        };
        Ok(Derived {
            graph,
            data,
            resolution,
            depth,
            module_map,
            partition,
        })
    }

    fn into_workspace(
        self,
        root: &Path,
        config: Option<Config>,
        options: Options,
        facts: Vec<FileFacts>,
    ) -> Workspace {
        Workspace {
            root: root.to_path_buf(),
            options,
            config,
            facts,
            skipped: Vec::new(),
            cache_note: None,
            derived: self,
        }
    }
}

impl Workspace {
    /// Reads the codebase under `root`: the files the merged options select, their facts (cached),
    /// the graph and the modules. `config` must describe `root` (its directory or its `root`
    /// key). `progress(done, total)` reports files parsed.
    pub fn open(
        root: &Path,
        config: Option<Config>,
        cli: &Overrides,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<Workspace, Error> {
        if let Some(config) = &config {
            same_root(root, config)?;
        }
        let options = Options::merge(cli, config.as_ref())?;
        let codebase = extract_codebase(root, &options.facts, progress)?;
        let mut workspace =
            Workspace::build(root, config, options, codebase.facts, &codebase.schema)?;
        workspace.skipped = codebase.skipped;
        workspace.cache_note = codebase.cache_note;
        Ok(workspace)
    }

    /// [`Workspace::open`], running `alongside` on another thread while the graph is resolved:
    /// work that needs the facts (and the merged options and seam.toml) but not today's graph,
    /// such as the base revision of `seam check --base`. On two cores the two resolutions take
    /// the time of one.
    pub fn open_alongside<T: Send>(
        root: &Path,
        config: Option<Config>,
        cli: &Overrides,
        progress: &(dyn Fn(usize, usize) + Sync),
        alongside: impl FnOnce(&Options, Option<&Config>, &[FileFacts]) -> T + Send,
    ) -> Result<(Workspace, T), Error> {
        if let Some(config) = &config {
            same_root(root, config)?;
        }
        let options = Options::merge(cli, config.as_ref())?;
        let codebase = extract_codebase(root, &options.facts, progress)?;
        let (derived, extra) = std::thread::scope(|scope| {
            let side = scope.spawn(|| alongside(&options, config.as_ref(), &codebase.facts));
            let derived =
                Derived::new(config.as_ref(), &options, &codebase.facts, &codebase.schema);
            let extra = side
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (derived, extra)
        });
        let mut workspace = derived?.into_workspace(root, config, options, codebase.facts);
        workspace.skipped = codebase.skipped;
        workspace.cache_note = codebase.cache_note;
        Ok((workspace, extra))
    }

    /// A workspace of facts already extracted (tests, benchmarks, another revision); no schema
    /// files are read.
    pub fn from_facts(
        root: &Path,
        config: Option<Config>,
        cli: &Overrides,
        facts: Vec<FileFacts>,
    ) -> Result<Workspace, Error> {
        let options = Options::merge(cli, config.as_ref())?;
        Workspace::build(root, config, options, facts, &Schema::new())
    }

    fn build(
        root: &Path,
        config: Option<Config>,
        options: Options,
        facts: Vec<FileFacts>,
        schema: &Schema,
    ) -> Result<Workspace, Error> {
        Ok(Derived::new(config.as_ref(), &options, &facts, schema)?
            .into_workspace(root, config, options, facts))
    }
    /// The same codebase with other facts (another revision): the same options and seam.toml and
    /// today's namespace depth, so that its modules are today's applied to those facts.
    pub(crate) fn with_facts(&self, facts: Vec<FileFacts>) -> Result<Workspace, Error> {
        let options = Options {
            depth: Some(self.derived.depth),
            ..self.options.clone()
        };
        // no schema files: the data layer plays no part in the figures taken at a revision
        Workspace::build(
            &self.root,
            self.config.clone(),
            options,
            facts,
            &Schema::new(),
        )
    }

    /// The analyzed root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The options in force.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The seam.toml, when there is one.
    pub fn config(&self) -> Option<&Config> {
        self.config.as_ref()
    }

    /// Every file's facts, sorted by path (tests included; the graph may leave them out).
    pub fn facts(&self) -> &[FileFacts] {
        &self.facts
    }

    /// The package-level graph with every reference.
    pub fn graph(&self) -> &DepGraph {
        &self.derived.graph
    }

    /// Vendored directories skipped by default (relative, with a trailing `/`): what a note
    /// tells the user, with the flag that includes them.
    pub fn skipped(&self) -> &[String] {
        &self.skipped
    }

    /// Why the facts cache could not be used, when it could not (results are complete).
    pub fn cache_note(&self) -> Option<&str> {
        self.cache_note.as_deref()
    }

    /// The tables and data files, and the code that uses them.
    pub fn data(&self) -> &DataGraph {
        &self.derived.data
    }

    /// The namespace depth (given, or chosen from the codebase).
    pub fn depth(&self) -> usize {
        self.derived.depth
    }

    /// seam.toml's modules on this graph, when there is a seam.toml (whatever `--modules` says:
    /// the rules always judge these).
    pub fn module_map(&self) -> Option<&ModuleMap> {
        self.derived.module_map.as_ref()
    }

    /// The modules every view speaks of.
    pub fn partition(&self) -> &Partition {
        &self.derived.partition
    }

    /// The analysis (`seam analyze`) in the workspace's modules; the workspace's graph becomes
    /// the analysis's (no copy).
    pub fn into_analysis(self) -> Analysis {
        let data = analyze_data(
            &self.derived.data,
            &self.derived.graph,
            &self.derived.partition,
        );
        let mut analysis = analyze_graph(
            &self.facts,
            self.derived.graph,
            self.derived.resolution,
            self.derived.partition,
            self.derived.depth,
        );
        analysis.data = Some(data);
        analysis
    }
}

/// A seam.toml describes one root; using it for another would judge the wrong paths.
fn same_root(root: &Path, config: &Config) -> Result<(), Error> {
    match (root.canonicalize(), config.root().canonicalize()) {
        (Ok(a), Ok(b)) if a == b => Ok(()),
        _ => Err(Error::ConfigRoot {
            root: root.to_path_buf(),
            config: config.path.clone(),
            config_root: config.root(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Config {
        Config::parse(Path::new("seam.toml"), text).unwrap()
    }

    fn cli(excludes: &[&str], tests: Option<bool>, lib: &[&str]) -> Overrides {
        let mut cli = Overrides {
            include_tests: tests,
            lib_roots: lib.iter().map(|s| s.to_string()).collect(),
            ..Overrides::default()
        };
        cli.facts.discover.excludes = excludes.iter().map(|s| s.to_string()).collect();
        cli
    }

    /// Component roots add up like the other lists: seam.toml's first, then the flags'.
    #[test]
    fn template_roots_merge() {
        let with = config("template_roots = [\"html\", \"local/html\"]\n[[module]]\nname = \"a\"\npackages = [\"A::**\"]\n");
        let mut flags = cli(&[], None, &[]);
        flags.facts.discover.template_roots = vec!["share/html".into(), "html".into()];
        let options = Options::merge(&flags, Some(&with)).unwrap();
        assert_eq!(
            options.facts.discover.template_roots,
            ["html", "local/html", "share/html"]
        );
        assert_eq!(
            options.resolve_options().template_roots,
            ["html", "local/html", "share/html"]
        );
        let options = Options::merge(&flags, None).unwrap();
        assert_eq!(
            options.facts.discover.template_roots,
            ["share/html", "html"]
        );
    }

    /// (command line, seam.toml, excludes, include_tests, lib roots, modules)
    type Row<'a> = (
        Overrides,
        Option<&'a Config>,
        &'a [&'a str],
        bool,
        &'a [&'a str],
        ModuleSource,
    );

    /// Flags over seam.toml over defaults, one row per case.
    #[test]
    fn merge_table() {
        let toml = "include_tests = true\nlib = [\"vendor/lib\"]\nexclude = [\"old/**\"]\n[[module]]\nname = \"a\"\npackages = [\"A::**\"]\n";
        let with = config(toml);
        let plain = config("[[module]]\nname = \"a\"\npackages = [\"A::**\"]\n");
        let rows: Vec<Row<'_>> = vec![
            (
                cli(&[], None, &[]),
                None,
                &[],
                false,
                &[],
                ModuleSource::Namespaces,
            ),
            (
                cli(&["t/**"], Some(true), &["x"]),
                None,
                &["t/**"],
                true,
                &["x"],
                ModuleSource::Namespaces,
            ),
            (
                cli(&[], None, &[]),
                Some(&with),
                &["old/**"],
                true,
                &["vendor/lib"],
                ModuleSource::Config,
            ),
            (
                cli(&["t/**", "old/**"], Some(false), &["x", "vendor/lib"]),
                Some(&with),
                &["old/**", "t/**"],
                false,
                &["vendor/lib", "x"],
                ModuleSource::Config,
            ),
            (
                Overrides {
                    modules: Some(ModuleSource::Namespaces),
                    ..cli(&[], None, &[])
                },
                Some(&plain),
                &[],
                false,
                &[],
                ModuleSource::Namespaces,
            ),
        ];
        for (i, (cli, config, excludes, tests, lib, modules)) in rows.into_iter().enumerate() {
            let options = Options::merge(&cli, config).unwrap();
            assert_eq!(options.facts.discover.excludes, excludes, "row {i}");
            assert_eq!(options.include_tests, tests, "row {i}");
            assert_eq!(options.lib_roots, lib, "row {i}");
            assert_eq!(options.modules, modules, "row {i}");
        }
    }

    #[test]
    fn config_modules_need_a_config() {
        let cli = Overrides {
            modules: Some(ModuleSource::Config),
            ..Overrides::default()
        };
        assert!(matches!(Options::merge(&cli, None), Err(Error::NoModules)));
    }
}
