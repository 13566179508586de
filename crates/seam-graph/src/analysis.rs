//! Everything `seam analyze` reports, computed from the facts of a codebase.

use crate::cycles::{cycles, Cycle};
use crate::hotspots::{hotspots, Hotspot};
use crate::metrics::{coupling, Coupling};
use crate::model::{DepGraph, Node, NodeKind};
use crate::modules::{file_graph, module_graph};
use crate::propagation::{group_propagation_cost, propagation_cost, reach};
use crate::resolve::{resolve, ResolveOptions, ResolveReport};
use seam_perl::{DiagnosticKind, FileFacts};
use serde::Serialize;
use std::collections::BTreeMap;

/// Version of the JSON shape of [`Analysis`]; see `docs/analyze-schema.json`.
pub const ANALYSIS_SCHEMA_VERSION: u32 = 1;

/// How to analyze.
#[derive(Debug, Clone, Default)]
pub struct AnalyzeOptions {
    /// Resolution (tests, library roots, module naming).
    pub resolve: ResolveOptions,
}

/// The result of analyzing a codebase.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Analysis {
    /// [`ANALYSIS_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Size and headline figures.
    pub summary: Summary,
    /// Per module, sorted by name.
    pub modules: Vec<ModuleReport>,
    /// Per internal package and script, sorted by (kind, name).
    pub packages: Vec<PackageReport>,
    /// Package-level cycles, largest first.
    pub package_cycles: Vec<Cycle>,
    /// Module-level cycles, largest first.
    pub module_cycles: Vec<Cycle>,
    /// Ranked hotspots (top of each kind).
    pub hotspots: Vec<Hotspot>,
    /// What resolution found besides edges.
    pub resolution: ResolveReport,
    /// The package-level graph (not serialized: `seam graph` renders it).
    #[serde(skip)]
    pub package_graph: DepGraph,
    /// The module-level graph.
    #[serde(skip)]
    pub module_graph: DepGraph,
    /// The file-level graph.
    #[serde(skip)]
    pub file_graph: DepGraph,
}

/// Headline figures.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Summary {
    /// Perl files read.
    pub files: usize,
    /// Files in the graph (tests are left out unless asked for).
    pub files_in_graph: usize,
    /// Physical lines.
    pub lines: u64,
    /// Code lines.
    pub code_lines: u64,
    /// Internal packages.
    pub packages: usize,
    /// Scripts (files running code in `main`).
    pub scripts: usize,
    /// Named subs.
    pub subs: u64,
    /// Modules (namespace prefixes at `module_depth`, plus script directories).
    pub modules: usize,
    /// Namespace depth that names a module.
    pub module_depth: usize,
    /// Edges between internal nodes.
    pub internal_edges: usize,
    /// Edges that cross module boundaries.
    pub cross_module_edges: usize,
    /// References on cross-module edges.
    pub cross_module_references: u64,
    /// External modules used.
    pub external_modules: usize,
    /// Propagation cost of the package graph, 0..1.
    pub propagation_cost: f64,
    /// Package-level cycles and the packages in them.
    pub package_cycles: usize,
    /// Packages that are in some cycle.
    pub packages_in_cycles: usize,
    /// Module-level cycles.
    pub module_cycles: usize,
    /// References the analyzer cannot resolve (dynamic code).
    pub blind_spots: u64,
    /// Files with parse errors (facts recovered where possible).
    pub files_with_parse_errors: usize,
}

/// One module.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ModuleReport {
    /// Namespace prefix or script directory.
    pub name: String,
    /// Member packages and scripts.
    pub members: Vec<String>,
    /// Code lines.
    pub code_lines: u32,
    /// Subs.
    pub subs: u32,
    /// Sum of complexity.
    pub complexity: u32,
    /// Coupling with other modules.
    pub coupling: Coupling,
    /// Share of the system its packages reach, on average.
    pub propagation_cost: f64,
    /// Unresolvable references inside it.
    pub blind_spots: u32,
}

/// One internal package or script: its node (name, kind, module, files, size, blind spots) and
/// its coupling.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PackageReport {
    /// The node.
    #[serde(flatten)]
    pub node: Node,
    /// Coupling with other packages.
    pub coupling: Coupling,
}

/// Analyzes a codebase's facts.
pub fn analyze(facts: &[FileFacts], options: &AnalyzeOptions) -> Analysis {
    let (package_graph, resolution) = resolve(facts, &options.resolve);
    let module_graph = module_graph(&package_graph);
    let file_graph = file_graph(&package_graph);
    let package_coupling = coupling(&package_graph);
    let module_coupling = coupling(&module_graph);
    let reach = reach(&package_graph);
    let package_cycles = cycles(&package_graph);
    let module_cycles = cycles(&module_graph);
    let hotspots = hotspots(&package_graph, &package_cycles);

    let mut members: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, node) in package_graph.nodes.iter().enumerate() {
        if node.kind != NodeKind::External {
            members.entry(node.module.as_str()).or_default().push(i);
        }
    }
    let modules: Vec<ModuleReport> = module_graph
        .nodes
        .iter()
        .zip(&module_coupling)
        .filter(|(node, _)| node.kind != NodeKind::External)
        .map(|(node, coupling)| {
            let ids = members.get(node.name.as_str()).cloned().unwrap_or_default();
            ModuleReport {
                name: node.name.clone(),
                members: ids
                    .iter()
                    .map(|&i| package_graph.nodes[i].name.clone())
                    .collect(),
                code_lines: node.code_lines,
                subs: node.subs,
                complexity: node.complexity,
                coupling: coupling.clone(),
                propagation_cost: group_propagation_cost(&reach, &ids),
                blind_spots: node.blind_spots,
            }
        })
        .collect();
    let packages: Vec<PackageReport> = package_graph
        .nodes
        .iter()
        .zip(&package_coupling)
        .filter(|(node, _)| node.kind != NodeKind::External)
        .map(|(node, coupling)| PackageReport {
            node: node.clone(),
            coupling: coupling.clone(),
        })
        .collect();

    let internal = |g: &DepGraph, a: usize, b: usize| {
        g.nodes[a].kind != NodeKind::External && g.nodes[b].kind != NodeKind::External
    };
    let cross: Vec<_> = package_graph
        .edges
        .iter()
        .filter(|(&(a, b), _)| {
            internal(&package_graph, a, b)
                && package_graph.nodes[a].module != package_graph.nodes[b].module
        })
        .collect();
    let in_graph = facts.len() - resolution.excluded_files;
    let summary = Summary {
        files: facts.len(),
        files_in_graph: in_graph,
        lines: facts.iter().map(|f| u64::from(f.lines)).sum(),
        code_lines: facts.iter().map(|f| u64::from(f.code_lines)).sum(),
        packages: packages
            .iter()
            .filter(|p| p.node.kind == NodeKind::Package)
            .count(),
        scripts: packages
            .iter()
            .filter(|p| p.node.kind == NodeKind::Script)
            .count(),
        subs: facts.iter().map(|f| f.subs.len() as u64).sum(),
        modules: modules.len(),
        module_depth: options.resolve.modules.depth,
        internal_edges: package_graph
            .edges
            .keys()
            .filter(|&&(a, b)| internal(&package_graph, a, b))
            .count(),
        cross_module_edges: cross.len(),
        cross_module_references: cross.iter().map(|(_, s)| u64::from(s.references)).sum(),
        external_modules: package_graph
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::External)
            .count(),
        propagation_cost: propagation_cost(&reach),
        package_cycles: package_cycles.len(),
        packages_in_cycles: package_cycles.iter().map(|c| c.members.len()).sum(),
        module_cycles: module_cycles.len(),
        blind_spots: package_graph
            .nodes
            .iter()
            .map(|n| u64::from(n.blind_spots))
            .sum(),
        files_with_parse_errors: facts
            .iter()
            .filter(|f| {
                f.diagnostics
                    .iter()
                    .any(|d| d.kind == DiagnosticKind::ParseErrors)
            })
            .count(),
    };
    Analysis {
        schema_version: ANALYSIS_SCHEMA_VERSION,
        summary,
        modules,
        packages,
        package_cycles,
        module_cycles,
        hotspots,
        resolution,
        package_graph,
        module_graph,
        file_graph,
    }
}
