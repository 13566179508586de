//! The dependency graph: nodes for internal packages, scripts and external modules; one edge per
//! (from, to) pair aggregating every reference between them.

use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// What a node stands for.
// Its name (`package`, `script`...) is written once, on the variant: serde and strum
// (`IntoStaticStr`, `Display`) both derive it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[derive(Serialize, schemars::JsonSchema)]
#[derive(strum::VariantArray, strum::IntoStaticStr, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum NodeKind {
    /// A package declared in the analyzed tree.
    Package,
    /// A file whose code runs in `main` (a CGI entry point, a cron script, a `.pl` library).
    Script,
    /// A template or component file (Mason, Template Toolkit, Mojolicious, HTML::Template),
    /// named by its path: its embedded Perl's references count like a script's.
    Template,
    /// A module used but not declared in the tree (CPAN or core).
    External,
    /// A file (in the file-level graph).
    File,
    /// A module (in the module-level graph): a namespace prefix or a script directory.
    Module,
}

/// A node of the package-level graph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Node {
    /// Package name, or the script's path.
    pub name: String,
    /// Package, script or external.
    pub kind: NodeKind,
    /// Files that declare the package (more than one is reported, never silently merged).
    pub files: Vec<String>,
    /// Code lines of the package's subs (for a script: of the file).
    pub code_lines: u32,
    /// Named subs.
    pub subs: u32,
    /// Sum of the subs' cyclomatic complexity.
    pub complexity: u32,
    /// References the analyzer could not resolve (`dynamic_unresolved`, `super_call` without a
    /// known parent): where the graph is blind.
    pub blind_spots: u32,
}

impl Node {
    /// A node with no files and nothing measured yet (resolution and grouping add them): a
    /// module of a module graph, an external package, a node about to be filled.
    pub fn bare(name: impl Into<String>, kind: NodeKind) -> Node {
        Node {
            name: name.into(),
            kind,
            files: Vec::new(),
            code_lines: 0,
            subs: 0,
            complexity: 0,
            blind_spots: 0,
        }
    }
}

/// Why one node depends on another.
// Its name (`use`, `require_file`...) is written once, on the variant: serde derives the JSON
// name, strum the list of kinds and the name lookups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[derive(Serialize, schemars::JsonSchema)]
#[derive(strum::VariantArray, strum::EnumCount, strum::IntoStaticStr)]
#[derive(strum::EnumString)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum EdgeKind {
    /// `use`
    Use,
    /// `require Module`
    Require,
    /// `require "file.pl"`
    RequireFile,
    /// `do "file.pl"`
    DoFile,
    /// inheritance
    Parent,
    /// role composition
    Role,
    /// `Foo::bar()`
    Call,
    /// `SUPER::x` resolved through a parent
    SuperCall,
    /// `Foo->bar`
    ClassMethod,
    /// `$Foo::x`
    Variable,
    /// a bare call to an imported (or required-file) sub
    ImportCall,
    /// `eval "use Foo"`, `load_class('Foo')`
    DynamicLoad,
    /// a template or component rendered or included by name (`<& /x &>`, `[% INCLUDE x %]`,
    /// `$tt->process('x.tt')`), or the autohandler that wraps a Mason component
    Template,
}

impl EdgeKind {
    /// Every kind, in declaration order (the order "kinds are: ..." messages list them in).
    // strum's list of variants as an array (`unwrap` runs at compile time: it cannot fail).
    pub const ALL: [EdgeKind; <EdgeKind as strum::EnumCount>::COUNT] =
        *<EdgeKind as strum::VariantArray>::VARIANTS
            .first_chunk()
            .unwrap();

    /// The kind's name as serialized (`use`, `require_file`, `class_method`...).
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// The kind named `name`.
    pub fn from_name(name: &str) -> Option<EdgeKind> {
        name.parse().ok()
    }

    /// How hard this kind binds the two sides (used by weighted metrics; documented in
    /// ARCHITECTURE.md): inheritance and shared globals bind harder than a call.
    pub fn binding(self) -> u32 {
        match self {
            EdgeKind::Parent | EdgeKind::Role => 3,
            EdgeKind::Variable => 2,
            _ => 1,
        }
    }
}

/// A source location, for "show me where".
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[derive(Serialize, schemars::JsonSchema)]
pub struct Location {
    /// Path relative to the root.
    pub file: String,
    /// 1-based line.
    pub line: u32,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// How many locations an edge keeps.
pub const LOCATIONS_PER_EDGE: usize = 5;

/// Everything one node uses of another.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct EdgeStats {
    /// References, in total.
    pub references: u32,
    /// References per kind.
    pub kinds: BTreeMap<EdgeKind, u32>,
    /// Distinct symbols used (subs, methods, variables).
    pub symbols: BTreeSet<String>,
    /// The first few locations, sorted.
    pub locations: Vec<Location>,
}

impl EdgeStats {
    /// Records one reference.
    pub fn add(&mut self, kind: EdgeKind, symbol: Option<&str>, location: Location) {
        self.record(kind, symbol, &location);
    }

    /// [`EdgeStats::add`], copying the symbol and the location only when they are kept.
    pub fn record(&mut self, kind: EdgeKind, symbol: Option<&str>, location: &Location) {
        self.references += 1;
        *self.kinds.entry(kind).or_default() += 1;
        if let Some(symbol) = symbol {
            if !self.symbols.contains(symbol) {
                self.symbols.insert(symbol.to_string());
            }
        }
        let full = self.locations.len() >= LOCATIONS_PER_EDGE;
        if full && self.locations.last().is_some_and(|last| last < location) {
            return;
        }
        if let Err(at) = self.locations.binary_search(location) {
            self.locations.insert(at, location.clone());
            self.locations.truncate(LOCATIONS_PER_EDGE);
        }
    }

    /// Folds another edge into this one (when collapsing to files or modules).
    pub fn merge(&mut self, other: &EdgeStats) {
        self.references += other.references;
        for (kind, count) in &other.kinds {
            *self.kinds.entry(*kind).or_default() += count;
        }
        self.symbols.extend(other.symbols.iter().cloned());
        for location in &other.locations {
            if let Err(at) = self.locations.binary_search(location) {
                self.locations.insert(at, location.clone());
            }
        }
        self.locations.truncate(LOCATIONS_PER_EDGE);
    }

    /// Coupling weight: references weighted by how hard their kind binds.
    pub fn weight(&self) -> u32 {
        self.kinds
            .iter()
            .map(|(kind, count)| kind.binding() * count)
            .sum()
    }
}

/// A node of a [`DepGraph`]: its position in [`DepGraph::nodes`]. Opaque: valid only for the
/// graph that made it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(u32);

impl NodeId {
    /// The position of the node in [`DepGraph::nodes`], for indexing per-node tables.
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The node at position `index` of a graph's nodes.
    pub fn from_index(index: usize) -> NodeId {
        NodeId(u32::try_from(index).expect("fewer than 2^32 nodes"))
    }
}

/// One resolved reference, kept when [`crate::ResolveOptions::keep_references`] asks for it:
/// what boundary rules judge, one source location at a time.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ResolvedRef {
    /// Referencing node.
    pub from: NodeId,
    /// Referenced node.
    pub to: NodeId,
    /// How.
    pub kind: EdgeKind,
    /// The sub, method or variable used, when there is one.
    pub symbol: Option<String>,
    /// Where.
    pub location: Location,
}

/// A directed graph with named nodes, sorted, and aggregated edges.
#[derive(Debug, Clone, Default)]
pub struct DepGraph {
    /// Nodes, sorted by (kind, name): indices are stable for the same input.
    pub nodes: Vec<Node>,
    /// Edges `(from, to) -> stats`, by node.
    pub edges: BTreeMap<(NodeId, NodeId), EdgeStats>,
    /// Every reference behind the edges, sorted, when kept (empty otherwise).
    pub references: Vec<ResolvedRef>,
}

impl DepGraph {
    /// A copy of the nodes and edges, without the references (what analyses of the aggregated
    /// graph need).
    pub fn without_references(&self) -> DepGraph {
        DepGraph {
            nodes: self.nodes.clone(),
            edges: self.edges.clone(),
            references: Vec::new(),
        }
    }

    /// The node `id`.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.index()]
    }

    /// Every node's id, in node order.
    pub fn ids(&self) -> impl Iterator<Item = NodeId> {
        (0..self.nodes.len()).map(NodeId::from_index)
    }

    /// Every node with its id, in node order.
    pub fn iter_nodes(&self) -> impl Iterator<Item = (NodeId, &Node)> {
        self.ids().zip(&self.nodes)
    }

    /// The node named `name`: a binary search per kind (nodes are sorted by (kind, name)), with a
    /// scan as the fallback for a graph built out of that order.
    pub fn index_of(&self, name: &str) -> Option<NodeId> {
        <NodeKind as strum::VariantArray>::VARIANTS
            .iter()
            .find_map(|&kind| {
                self.nodes
                    .binary_search_by(|n| (n.kind, n.name.as_str()).cmp(&(kind, name)))
                    .ok()
            })
            .or_else(|| self.nodes.iter().position(|n| n.name == name))
            .map(NodeId::from_index)
    }

    /// Edges leaving `node`.
    pub fn out_edges(&self, node: NodeId) -> impl Iterator<Item = (NodeId, &EdgeStats)> {
        self.edges
            .range((node, NodeId(0))..=(node, NodeId(u32::MAX)))
            .map(|(&(_, to), stats)| (to, stats))
    }

    /// A petgraph view (for algorithms): node weights are the nodes' ids.
    pub fn petgraph(&self, keep: impl Fn(&Node) -> bool) -> petgraph::graph::DiGraph<NodeId, u32> {
        let mut graph = petgraph::graph::DiGraph::new();
        let mut index = vec![None; self.nodes.len()];
        for (id, node) in self.iter_nodes() {
            if keep(node) {
                index[id.index()] = Some(graph.add_node(id));
            }
        }
        for (&(from, to), stats) in &self.edges {
            if let (Some(a), Some(b)) = (index[from.index()], index[to.index()]) {
                if a != b {
                    graph.add_edge(a, b, stats.weight());
                }
            }
        }
        graph
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_match_their_serialized_form() {
        for kind in EdgeKind::ALL {
            let json = serde_json::to_value(kind).unwrap();
            assert_eq!(json, kind.name(), "serde and strum names of {kind:?}");
            assert_eq!(EdgeKind::from_name(kind.name()), Some(kind));
        }
        assert_eq!(EdgeKind::from_name("Use"), None);
        assert_eq!(EdgeKind::from_name("inheritance"), None);
    }

    #[test]
    fn kind_list_keeps_declaration_order() {
        let names: Vec<&str> = EdgeKind::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(
            names,
            [
                "use",
                "require",
                "require_file",
                "do_file",
                "parent",
                "role",
                "call",
                "super_call",
                "class_method",
                "variable",
                "import_call",
                "dynamic_load",
                "template",
            ]
        );
    }

    #[test]
    fn out_edges_are_the_edges_of_one_node() {
        let id = NodeId::from_index;
        let mut graph = DepGraph::default();
        for (a, b) in [(0, 1), (1, 0), (1, 2), (2, 1)] {
            graph.edges.insert((id(a), id(b)), EdgeStats::default());
        }
        let targets: Vec<NodeId> = graph.out_edges(id(1)).map(|(to, _)| to).collect();
        assert_eq!(targets, [id(0), id(2)]);
        assert_eq!(id(7).index(), 7);
    }

    #[test]
    fn node_kind_names_match_their_serialized_form() {
        for &kind in <NodeKind as strum::VariantArray>::VARIANTS {
            let name: &str = kind.into();
            assert_eq!(serde_json::to_value(kind).unwrap(), name, "{kind:?}");
            assert_eq!(kind.to_string(), name, "{kind:?}");
        }
    }
}
