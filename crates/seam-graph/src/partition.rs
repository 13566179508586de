//! A partition of the graph's nodes into modules: the one place a node's module is decided.
//!
//! Modules come from the namespaces (`Partition::namespaces`), from a `seam.toml` (seam-rules
//! builds one from its module globs) or from a proposal (seam-suggest). Every analysis that speaks
//! of modules — module metrics, module cycles, cross-module hotspots, the module graph, the
//! matrix, the rules — reads the same `Partition`, so a command never shows one set of modules
//! next to another.
//!
//! Invariants: `of_node` has one entry per node of the graph it was made for; module ids index
//! `names`; names are unique. External nodes belong to a module only when the partition claims
//! them (a seam.toml's `external` globs); analyses that measure the codebase leave them out.

use crate::model::{DepGraph, NodeId, NodeKind};

/// A module of a [`Partition`]. Opaque: valid only for the partition that made it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ModuleId(u32);

impl ModuleId {
    /// The position of the module in [`Partition::names`], for indexing per-module tables.
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The module at position `index` of a partition's names.
    pub fn from_index(index: usize) -> ModuleId {
        ModuleId(u32::try_from(index).expect("fewer than 2^32 modules"))
    }
}

/// Where a partition's modules come from.
// Its kind's name (`namespaces`, `seam.toml`, `proposal`) is written on the variant (strum).
#[derive(Debug, Clone, PartialEq, Eq, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum PartitionSource {
    /// Namespace prefixes at a depth; scripts by directory.
    Namespaces {
        /// Segments that name a module.
        depth: usize,
    },
    /// The `[[module]]` tables of a seam.toml.
    #[strum(serialize = "seam.toml")]
    Config {
        /// The seam.toml, as given.
        path: String,
    },
    /// A proposal (`seam suggest`).
    Proposal,
}

impl PartitionSource {
    /// The source's kind: `namespaces`, `seam.toml` or `proposal`.
    pub fn kind_name(&self) -> &'static str {
        self.into()
    }

    /// How a reader names the source: `namespaces at depth 2`, `seam.toml`, `proposal`.
    pub fn describe(&self) -> String {
        match self {
            PartitionSource::Namespaces { depth } => format!("namespaces at depth {depth}"),
            PartitionSource::Config { .. } | PartitionSource::Proposal => {
                self.kind_name().to_string()
            }
        }
    }
}

/// The module that holds internal nodes no module of a seam.toml claims.
pub const UNASSIGNED: &str = "(unassigned)";

/// The group every external module is counted in by analyses.
pub const EXTERNAL: &str = "(external)";

/// Nodes of one graph to modules.
#[derive(Debug, Clone, PartialEq)]
pub struct Partition {
    source: PartitionSource,
    names: Vec<String>,
    of_node: Vec<Option<ModuleId>>,
}

impl Partition {
    /// A partition of a graph's nodes: `names[m]` is module `m`, `of_node[i]` the module of node
    /// `i` (`None`: in no module).
    pub fn new(source: PartitionSource, names: Vec<String>, of_node: Vec<Option<usize>>) -> Self {
        debug_assert!(of_node.iter().flatten().all(|&m| m < names.len()));
        Partition {
            source,
            names,
            of_node: of_node
                .into_iter()
                .map(|m| m.map(ModuleId::from_index))
                .collect(),
        }
    }

    /// The same modules over a subgraph whose node `i` is `nodes[i]` of this partition's graph.
    pub fn restricted(&self, nodes: &[NodeId]) -> Partition {
        Partition {
            source: self.source.clone(),
            names: self.names.clone(),
            of_node: nodes.iter().map(|&n| self.module_of(n)).collect(),
        }
    }

    /// Namespace prefixes at `depth` for packages, the directory (`cgi-bin/`) for scripts;
    /// externals in no module. Modules are sorted by name.
    pub fn namespaces(graph: &DepGraph, depth: usize) -> Partition {
        let labels: Vec<Option<String>> = graph
            .nodes
            .iter()
            .map(|node| namespace_module(node.kind, &node.name, depth))
            .collect();
        let mut names: Vec<String> = labels.iter().flatten().cloned().collect();
        names.sort();
        names.dedup();
        let of_node = labels
            .iter()
            .map(|label| label.as_ref().and_then(|l| names.binary_search(l).ok()))
            .collect();
        Partition::new(PartitionSource::Namespaces { depth }, names, of_node)
    }

    /// Where the modules come from.
    pub fn source(&self) -> &PartitionSource {
        &self.source
    }

    /// Module names, by id.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The name of a module.
    pub fn name(&self, module: ModuleId) -> &str {
        &self.names[module.index()]
    }

    /// Number of modules.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether there are no modules.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The module called `name`.
    pub fn id(&self, name: &str) -> Option<ModuleId> {
        self.names
            .iter()
            .position(|n| n == name)
            .map(ModuleId::from_index)
    }

    /// The module of node `node`.
    pub fn module_of(&self, node: NodeId) -> Option<ModuleId> {
        self.of_node.get(node.index()).copied().flatten()
    }

    /// The module a reader sees for node `node` of `graph`: its module's name, else
    /// [`EXTERNAL`] for external modules and [`UNASSIGNED`] for internal nodes no module claims.
    /// Externals are always [`EXTERNAL`] here, even when a seam.toml claims them for its rules.
    pub fn label<'a>(&'a self, graph: &DepGraph, node: NodeId) -> &'a str {
        match (graph.node(node).kind, self.module_of(node)) {
            (NodeKind::External, _) => EXTERNAL,
            (_, Some(module)) => self.name(module),
            (_, None) => UNASSIGNED,
        }
    }

    /// [`Partition::label`] of every node.
    pub fn labels(&self, graph: &DepGraph) -> Vec<String> {
        graph
            .ids()
            .map(|id| self.label(graph, id).to_string())
            .collect()
    }

    /// Whether two nodes of `graph` are in different modules as a reader sees them
    /// ([`Partition::label`]).
    pub fn crosses(&self, graph: &DepGraph, a: NodeId, b: NodeId) -> bool {
        self.label(graph, a) != self.label(graph, b)
    }

    /// The same partition for a graph whose nodes are grouped (`group_of[i]` is the node of the
    /// grouped graph that node `i` falls in): each group takes the module of its first member.
    /// Used for the file-level graph.
    pub fn induced(&self, group_of: &[NodeId], groups: usize) -> Partition {
        let mut of_group: Vec<Option<Option<ModuleId>>> = vec![None; groups];
        for (node, &group) in group_of.iter().enumerate() {
            if of_group[group.index()].is_none() {
                of_group[group.index()] = Some(self.module_of(NodeId::from_index(node)));
            }
        }
        Partition {
            source: self.source.clone(),
            names: self.names.clone(),
            of_node: of_group.into_iter().map(Option::flatten).collect(),
        }
    }
}

/// The namespace module of a node: the prefix of `depth` segments for a package, the directory
/// for a script; `None` for externals and collapsed nodes.
pub fn namespace_module(kind: NodeKind, name: &str, depth: usize) -> Option<String> {
    match kind {
        NodeKind::Package => Some(
            name.split("::")
                .take(depth.max(1))
                .collect::<Vec<_>>()
                .join("::"),
        ),
        NodeKind::Script | NodeKind::Template => Some(match name.rfind('/') {
            Some(i) => format!("{}/", &name[..i]),
            None => "./".to_string(),
        }),
        NodeKind::External | NodeKind::File | NodeKind::Module => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_kind_names() {
        let sources = [
            PartitionSource::Namespaces { depth: 2 },
            PartitionSource::Config {
                path: "seam.toml".to_string(),
            },
            PartitionSource::Proposal,
        ];
        let names: Vec<&str> = sources.iter().map(PartitionSource::kind_name).collect();
        assert_eq!(names, ["namespaces", "seam.toml", "proposal"]);
        let described: Vec<String> = sources.iter().map(PartitionSource::describe).collect();
        assert_eq!(
            described,
            ["namespaces at depth 2", "seam.toml", "proposal"]
        );
    }

    #[test]
    fn namespace_names() {
        let module = |kind, name| namespace_module(kind, name, 2);
        assert_eq!(
            module(NodeKind::Package, "LibSys::Billing::Invoice").as_deref(),
            Some("LibSys::Billing")
        );
        assert_eq!(
            module(NodeKind::Package, "LibSys").as_deref(),
            Some("LibSys")
        );
        assert_eq!(
            module(NodeKind::Script, "cgi-bin/search.cgi").as_deref(),
            Some("cgi-bin/")
        );
        assert_eq!(module(NodeKind::Script, "app.psgi").as_deref(), Some("./"));
        assert_eq!(module(NodeKind::External, "DBI"), None);
    }

    fn node(name: &str, kind: NodeKind) -> crate::model::Node {
        crate::model::Node {
            name: name.into(),
            kind,
            files: vec![format!("{name}.pm")],
            code_lines: 0,
            subs: 0,
            complexity: 0,
            blind_spots: 0,
        }
    }

    #[test]
    fn labels_group_externals_and_name_what_no_module_claims() {
        let graph = DepGraph {
            nodes: vec![
                node("App::A::X", NodeKind::Package),
                node("App::B::Y", NodeKind::Package),
                node("DBI", NodeKind::External),
                node("Legacy", NodeKind::Package),
            ],
            ..DepGraph::default()
        };
        let namespaces = Partition::namespaces(&graph, 2);
        assert_eq!(namespaces.names(), ["App::A", "App::B", "Legacy"]);
        assert_eq!(
            namespaces.labels(&graph),
            ["App::A", "App::B", EXTERNAL, "Legacy"]
        );
        // a seam.toml that claims App::A and DBI only
        let declared = Partition::new(
            PartitionSource::Config {
                path: "seam.toml".into(),
            },
            vec!["a".into()],
            vec![Some(0), None, Some(0), None],
        );
        assert_eq!(
            declared.labels(&graph),
            ["a", UNASSIGNED, EXTERNAL, UNASSIGNED]
        );
        let id = NodeId::from_index;
        assert!(declared.crosses(&graph, id(0), id(1)));
        assert!(!declared.crosses(&graph, id(1), id(3)));
        assert_eq!(declared.id("a"), declared.module_of(id(0)));
        // grouped (as the file graph groups): a group takes its first member's module
        let files = declared.induced(&[id(1), id(0), id(1), id(1)], 2);
        assert_eq!(files.module_of(id(0)), None);
        assert_eq!(files.module_of(id(1)), declared.id("a"));
    }
}
