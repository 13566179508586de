//! `seam suggest`: facts, the graph with every reference, and the proposal, compared with the
//! modules of a `seam.toml` when there is one, else with the namespaces.

use crate::{extract_facts, Error, FactsOptions};
use seam_graph::{DepGraph, ModuleNaming, NodeKind, ResolveOptions};
use seam_perl::FileFacts;
use seam_rules::{Config, ModuleMap};
use seam_suggest::{Reference, SuggestOptions, Suggestion};
use std::path::Path;

/// How to suggest.
#[derive(Debug, Clone, Default)]
pub struct SuggestConfig {
    /// Which files, and per-file limits.
    pub facts: FactsOptions,
    /// Keep test files in the graph.
    pub include_tests: bool,
    /// Extra library roots.
    pub lib_roots: Vec<String>,
    /// Namespace depth of the reference modules when there is no seam.toml (`None`: automatic).
    pub depth: Option<usize>,
    /// Compare with (and, with `hold`, keep) the modules of this seam.toml.
    pub config: Option<Config>,
    /// Hold the seam.toml modules fixed; propose only the rest.
    pub hold: bool,
    /// Clustering options.
    pub options: SuggestOptions,
}

/// Proposes module boundaries for the codebase under `root`.
pub fn suggest(
    root: &Path,
    config: &SuggestConfig,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Suggestion, Error> {
    let facts = extract_facts(root, &config.facts, progress)?;
    suggest_facts(&facts, config)
}

/// Proposes module boundaries from facts already extracted.
pub fn suggest_facts(facts: &[FileFacts], config: &SuggestConfig) -> Result<Suggestion, Error> {
    let naming = match config.depth {
        Some(depth) => ModuleNaming { depth },
        None => ModuleNaming::automatic(facts),
    };
    let options = ResolveOptions {
        include_tests: config.include_tests,
        lib_roots: config.lib_roots.clone(),
        modules: naming.clone(),
        keep_references: true,
    };
    let (graph, _) = seam_graph::resolve(facts, &options);
    let reference = match &config.config {
        Some(rules) => declared(rules, &graph, config.hold),
        None => namespaces(&graph, naming.depth),
    };
    seam_suggest::suggest(&graph, &reference, &config.options).map_err(Error::Suggest)
}

/// The seam.toml modules as the reference.
fn declared(config: &Config, graph: &DepGraph, hold: bool) -> Reference {
    let map = ModuleMap::new(config, graph);
    Reference {
        name: "seam.toml".into(),
        hold: if hold {
            (0..map.names.len()).collect()
        } else {
            Vec::new()
        },
        modules: map.names.clone(),
        module_of: map.node_module.clone(),
    }
}

/// The namespace modules (the graph's own module names) as the reference.
fn namespaces(graph: &DepGraph, depth: usize) -> Reference {
    let mut modules: Vec<String> = graph
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Package)
        .map(|n| n.module.clone())
        .collect();
    modules.sort();
    modules.dedup();
    let module_of = graph
        .nodes
        .iter()
        .map(|n| {
            (n.kind == NodeKind::Package)
                .then(|| modules.binary_search(&n.module).ok())
                .flatten()
        })
        .collect();
    Reference {
        name: format!("namespaces at depth {depth}"),
        modules,
        module_of,
        hold: Vec::new(),
    }
}
