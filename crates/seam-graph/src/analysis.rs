//! Everything `seam analyze` reports, computed from the facts of a codebase.

use crate::cycles::{cycles, Cycle};
use crate::data::resolve_data;
use crate::hotspots::{hotspots, Hotspot};
use crate::metrics::{coupling, Coupling};
use crate::model::{DepGraph, NodeId, NodeKind};
use crate::modules::{automatic_depth, module_graph};
use crate::order::dependency_order;
use crate::ownership::{analyze_data, DataAnalysis};
use crate::partition::Partition;
use crate::propagation::Propagation;
use crate::resolve::{resolve, BlindSpot, ResolveOptions, ResolveReport};
use crate::role::{self, Role};
use crate::shared::{omnipresent, SHARED_SHARE};
use seam_perl::{DiagnosticKind, FileFacts};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Version of the JSON shape of [`Analysis`]; see `docs/analyze-schema.json`.
pub const ANALYSIS_SCHEMA_VERSION: u32 = 1;

/// How to analyze.
#[derive(Debug, Clone, Default)]
pub struct AnalyzeOptions {
    /// Resolution (tests, library roots).
    pub resolve: ResolveOptions,
    /// Namespace depth that names a module (`None`: [`automatic_depth`]).
    pub depth: Option<usize>,
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
    /// Every module in dependency order — users before what they use, the modules of a cycle
    /// together — the order of a dependency structure matrix.
    pub module_order: Vec<String>,
    /// Shared infrastructure: modules used by at least a quarter of the modules (and by five or
    /// more), most used first — the same rule `seam suggest` applies to packages.
    pub shared_modules: Vec<String>,
    /// Ranked hotspots (top of each kind).
    pub hotspots: Vec<Hotspot>,
    /// What resolution found besides edges.
    pub resolution: ResolveReport,
    /// The data model: tables and data files by module, shared writes, ownership (`null`: not
    /// analysed).
    pub data: Option<DataAnalysis>,
    /// The package-level graph (not serialized: `seam graph` renders it).
    #[serde(skip)]
    pub package_graph: DepGraph,
    /// The module-level graph.
    #[serde(skip)]
    pub module_graph: DepGraph,
    /// The modules of the package graph's nodes.
    #[serde(skip)]
    pub partition: Partition,
    /// The modules of the module graph's nodes (each its own).
    #[serde(skip)]
    pub module_partition: Partition,
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
    /// Templates and components (absent when there are none).
    #[serde(skip_serializing_if = "is_zero")]
    pub templates: usize,
    /// Named subs.
    pub subs: u64,
    /// Modules (the seam.toml's, else namespace prefixes at `module_depth` plus script
    /// directories).
    pub modules: usize,
    /// Where the modules come from: `seam.toml`, or `namespaces` (at `module_depth`).
    pub module_source: String,
    /// Namespace depth that names a module (the codebase's, even when seam.toml names them).
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
    /// Its name: a seam.toml module, a namespace prefix or a script directory.
    pub name: String,
    /// What it is: application code, the shared kernel (one of [`Analysis::shared_modules`]),
    /// tests or vendored code (every member declared only there): reports flag the last two
    /// and leave them out of rankings.
    pub role: Role,
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
    /// Share of the system its packages depend on, directly or not, on average (MacCormack's
    /// propagation cost of the group): how much it needs.
    pub propagation_cost: f64,
    /// Share of the system that depends on it, directly or not (itself included): how much a
    /// change to it can affect.
    pub impact: f64,
    /// Unresolvable references inside it.
    pub blind_spots: u32,
    /// Where they are, in file and line order (the first [`BLIND_SPOT_SITES`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub blind_spot_sites: Vec<BlindSpot>,
    /// Its layer: the longest chain of internal modules it uses, each cycle counted as one
    /// module (0: uses no other internal module outside its cycle). A module sits above
    /// everything it uses; the modules of a cycle share a level. The module map's rows.
    pub level: usize,
    /// What other modules use of it — its de facto interface: each package and sub used from
    /// outside (`Pkg::sub`; a package alone when no symbol is named) with how many references
    /// (edges, for symbols) reach it; most used first.
    pub offers: Vec<Use>,
    /// The modules it uses, with their references; most used first.
    pub needs: Vec<Use>,
}

/// Most blind-spot sites listed per module ([`ModuleReport::blind_spot_sites`]).
pub const BLIND_SPOT_SITES: usize = 200;

/// Something used, and how often.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Use {
    /// A sub, package or module.
    pub name: String,
    /// References (for subs: edges that name it).
    pub count: u32,
    /// For what a module offers: the modules that use it, by name (its consumers).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub by: Vec<String>,
}

/// One internal package or script: its node (name, kind, module, files, size, blind spots) and
/// its coupling.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PackageReport {
    /// Package name, or the script's path.
    pub name: String,
    /// Package or script.
    pub kind: NodeKind,
    /// Its module.
    pub module: String,
    /// The node (files, size, blind spots).
    #[serde(flatten)]
    pub node: NodeFigures,
    /// Coupling with other packages.
    pub coupling: Coupling,
}

/// A node's files and size, as [`PackageReport`] shows them.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct NodeFigures {
    /// Files that declare the package (more than one is reported, never silently merged).
    pub files: Vec<String>,
    /// Code lines of the package's subs (for a script: of the file).
    pub code_lines: u32,
    /// Named subs.
    pub subs: u32,
    /// Sum of the subs' cyclomatic complexity.
    pub complexity: u32,
    /// References the analyzer could not resolve: where the graph is blind.
    pub blind_spots: u32,
}

/// Resolves and analyzes a codebase's facts, with namespace modules.
pub fn analyze(facts: &[FileFacts], options: &AnalyzeOptions) -> Analysis {
    let (graph, resolution) = resolve(facts, &options.resolve);
    let depth = options.depth.unwrap_or_else(|| automatic_depth(facts));
    let partition = Partition::namespaces(&graph, depth);
    let data = resolve_data(facts, &graph, &options.resolve, &Default::default());
    let data = analyze_data(&data, &graph, &partition);
    let mut analysis = analyze_graph(facts, graph, resolution, partition, depth);
    analysis.data = Some(data);
    analysis
}

/// Analyzes a resolved graph (its references are dropped) with the modules of `partition`;
/// `depth` is the codebase's namespace depth, reported alongside.
pub fn analyze_graph(
    facts: &[FileFacts],
    mut package_graph: DepGraph,
    resolution: ResolveReport,
    partition: Partition,
    depth: usize,
) -> Analysis {
    package_graph.references = Vec::new();
    let (module_graph, module_partition) = module_graph(&package_graph, &partition);
    let package_coupling = coupling(&package_graph);
    let module_coupling = coupling(&module_graph);
    let propagation = Propagation::new(&package_graph);
    let package_cycles = cycles(&package_graph);
    let module_cycles = cycles(&module_graph);
    let hotspots = hotspots(&package_graph, &partition, &package_cycles);
    let module_order = dependency_order(&module_graph, &module_cycles)
        .into_iter()
        .map(|m| module_graph.node(m).name.clone())
        .collect();
    let shared_modules = shared_modules(&module_graph);
    let levels = crate::order::levels(&module_graph, &module_cycles);

    let mut members: BTreeMap<&str, Vec<NodeId>> = BTreeMap::new();
    for (i, node) in package_graph.iter_nodes() {
        if node.kind != NodeKind::External {
            members
                .entry(partition.label(&package_graph, i))
                .or_default()
                .push(i);
        }
    }
    let (mut offers, mut needs) = interfaces(&package_graph, &partition);
    let mut sites: BTreeMap<&str, Vec<BlindSpot>> = BTreeMap::new();
    for (node, site) in &resolution.blind_spots {
        if let Some(id) = package_graph.index_of(node) {
            sites
                .entry(partition.label(&package_graph, id))
                .or_default()
                .push(site.clone());
        }
    }
    for list in sites.values_mut() {
        list.sort();
        list.dedup();
        list.truncate(BLIND_SPOT_SITES);
    }
    let modules: Vec<ModuleReport> = module_graph
        .nodes
        .iter()
        .zip(&module_coupling)
        .enumerate()
        .filter(|(_, (node, _))| node.kind != NodeKind::External)
        .map(|(id, (node, coupling))| {
            let id = NodeId::from_index(id);
            let ids = members.get(node.name.as_str()).cloned().unwrap_or_default();
            let role = match role::of_files(&node.files) {
                Role::Application if shared_modules.contains(&node.name) => Role::SharedKernel,
                role => role,
            };
            ModuleReport {
                name: node.name.clone(),
                role,
                members: ids
                    .iter()
                    .map(|&i| package_graph.node(i).name.clone())
                    .collect(),
                code_lines: node.code_lines,
                subs: node.subs,
                complexity: node.complexity,
                coupling: coupling.clone(),
                propagation_cost: propagation.group_cost(&ids),
                impact: propagation.group_impact(&ids),
                blind_spots: node.blind_spots,
                blind_spot_sites: sites.remove(node.name.as_str()).unwrap_or_default(),
                level: levels.get(&id).copied().unwrap_or(0),
                offers: most_used(offers.remove(node.name.as_str())),
                needs: most_used(needs.remove(node.name.as_str())),
            }
        })
        .collect();
    let packages: Vec<PackageReport> = package_graph
        .iter_nodes()
        .zip(&package_coupling)
        .filter(|((_, node), _)| node.kind != NodeKind::External)
        .map(|((i, node), coupling)| PackageReport {
            name: node.name.clone(),
            kind: node.kind,
            module: partition.label(&package_graph, i).to_string(),
            node: NodeFigures {
                files: node.files.clone(),
                code_lines: node.code_lines,
                subs: node.subs,
                complexity: node.complexity,
                blind_spots: node.blind_spots,
            },
            coupling: coupling.clone(),
        })
        .collect();

    let internal = |g: &DepGraph, a: NodeId, b: NodeId| {
        g.node(a).kind != NodeKind::External && g.node(b).kind != NodeKind::External
    };
    let cross: Vec<_> = package_graph
        .edges
        .iter()
        .filter(|(&(a, b), _)| {
            internal(&package_graph, a, b) && partition.crosses(&package_graph, a, b)
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
            .filter(|p| p.kind == NodeKind::Package)
            .count(),
        scripts: packages
            .iter()
            .filter(|p| p.kind == NodeKind::Script)
            .count(),
        templates: packages
            .iter()
            .filter(|p| p.kind == NodeKind::Template)
            .count(),
        subs: facts.iter().map(|f| f.subs.len() as u64).sum(),
        modules: modules.len(),
        module_source: partition.source().kind_name().to_string(),
        module_depth: depth,
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
        propagation_cost: propagation.cost(),
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
        module_order,
        shared_modules,
        hotspots,
        resolution,
        data: None,
        package_graph,
        module_graph,
        partition,
        module_partition,
    }
}

/// Per module: each used thing with its references and the modules using it.
type Counts<'g> = BTreeMap<&'g str, BTreeMap<String, (u32, BTreeSet<&'g str>)>>;

/// Per module (by name), what other modules use of it and what it uses of them.
fn interfaces<'g>(graph: &'g DepGraph, partition: &'g Partition) -> (Counts<'g>, Counts<'g>) {
    let mut offers: Counts<'g> = BTreeMap::new();
    let mut needs: Counts<'g> = BTreeMap::new();
    for (&(from, to), stats) in &graph.edges {
        let (a, b) = (partition.label(graph, from), partition.label(graph, to));
        if a == b || graph.node(to).kind == NodeKind::External {
            continue;
        }
        let needed = needs.entry(a).or_default();
        match needed.get_mut(b) {
            Some(count) => count.0 += stats.references,
            None => {
                needed.insert(b.to_string(), (stats.references, BTreeSet::new()));
            }
        }
        let entry = offers.entry(b).or_default();
        let target = &graph.node(to).name;
        if stats.symbols.is_empty() {
            let used = entry.entry(target.clone()).or_default();
            used.0 += stats.references;
            used.1.insert(a);
        }
        for symbol in &stats.symbols {
            let used = entry
                .entry(format!(
                    "{target}::{}",
                    symbol.trim_start_matches(['$', '@', '%'])
                ))
                .or_default();
            used.0 += 1;
            used.1.insert(a);
        }
    }
    (offers, needs)
}

/// Most used first, then by name.
fn most_used(counts: Option<BTreeMap<String, (u32, BTreeSet<&str>)>>) -> Vec<Use> {
    let mut uses: Vec<Use> = counts
        .into_iter()
        .flatten()
        .map(|(name, (count, by))| Use {
            name,
            count,
            by: by.into_iter().map(str::to_string).collect(),
        })
        .collect();
    uses.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    uses
}

/// Internal modules [`omnipresent`] among the internal modules of the module graph.
fn shared_modules(graph: &DepGraph) -> Vec<String> {
    let internal: Vec<NodeId> = graph
        .ids()
        .filter(|&i| graph.node(i).kind != NodeKind::External)
        .collect();
    let position: BTreeMap<NodeId, usize> =
        internal.iter().enumerate().map(|(p, &i)| (i, p)).collect();
    let mut users = vec![0usize; internal.len()];
    for &(a, b) in graph.edges.keys() {
        if let (Some(_), Some(&p)) = (position.get(&a), position.get(&b)) {
            users[p] += 1;
        }
    }
    omnipresent(&users, SHARED_SHARE)
        .into_iter()
        .map(|p| graph.node(internal[p]).name.clone())
        .collect()
}

/// For `skip_serializing_if`: a count that is zero is left out.
fn is_zero(count: &usize) -> bool {
    *count == 0
}
