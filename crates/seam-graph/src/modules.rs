//! Modules before a module map exists: namespace prefixes at a depth, and collapsing the package
//! graph to the module or file level.

use crate::model::{DepGraph, Node, NodeKind};
use seam_perl::FileFacts;
use std::collections::BTreeMap;

/// How packages are grouped into modules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleNaming {
    /// Namespace segments that name a module (`LibSys::Billing::Invoice` at depth 2 is in
    /// `LibSys::Billing`).
    pub depth: usize,
}

impl Default for ModuleNaming {
    fn default() -> Self {
        ModuleNaming { depth: 2 }
    }
}

impl ModuleNaming {
    /// The depth that fits the codebase: 2 when one or two namespace roots hold most packages
    /// (`MyApp::*`, `C4::*` + `Koha::*`), so modules are `MyApp::Billing`; 1 when packages are
    /// spread over many roots (a CPAN-style tree), so modules are the roots.
    pub fn automatic(facts: &[FileFacts]) -> Self {
        let mut roots: BTreeMap<&str, usize> = BTreeMap::new();
        let mut total = 0;
        for package in facts.iter().flat_map(|f| &f.packages) {
            *roots
                .entry(package.name.split("::").next().unwrap_or(""))
                .or_default() += 1;
            total += 1;
        }
        let mut sizes: Vec<usize> = roots.values().copied().collect();
        sizes.sort_unstable_by(|a, b| b.cmp(a));
        let top_two: usize = sizes.iter().take(2).sum();
        let depth = if total > 0 && top_two * 2 >= total {
            2
        } else {
            1
        };
        ModuleNaming { depth }
    }

    /// The module of a node: a namespace prefix for packages, the directory (`cgi-bin/`) for
    /// scripts, `(external)` for external modules.
    pub fn module_of(&self, kind: NodeKind, name: &str) -> String {
        match kind {
            NodeKind::Package => name
                .split("::")
                .take(self.depth.max(1))
                .collect::<Vec<_>>()
                .join("::"),
            NodeKind::Script => match name.rfind('/') {
                Some(i) => format!("{}/", &name[..i]),
                None => "./".to_string(),
            },
            NodeKind::External => "(external)".to_string(),
            NodeKind::File | NodeKind::Module => name.to_string(),
        }
    }
}

/// Collapses the package graph: each node maps to a group (its module, or its file); edges
/// between groups are merged. Self-edges disappear.
pub fn collapse(graph: &DepGraph, group_of: impl Fn(&Node) -> (NodeKind, String)) -> DepGraph {
    let mut groups: BTreeMap<(NodeKind, String), Node> = BTreeMap::new();
    let mut member_group = Vec::with_capacity(graph.nodes.len());
    for node in &graph.nodes {
        let key = group_of(node);
        let group = groups.entry(key.clone()).or_insert_with(|| Node {
            name: key.1.clone(),
            kind: key.0,
            module: node.module.clone(),
            files: Vec::new(),
            code_lines: 0,
            subs: 0,
            complexity: 0,
            blind_spots: 0,
        });
        group.code_lines += node.code_lines;
        group.subs += node.subs;
        group.complexity += node.complexity;
        group.blind_spots += node.blind_spots;
        for file in &node.files {
            if !group.files.contains(file) {
                group.files.push(file.clone());
            }
        }
        member_group.push(key);
    }
    let index: BTreeMap<(NodeKind, String), usize> = groups
        .keys()
        .cloned()
        .enumerate()
        .map(|(i, k)| (k, i))
        .collect();
    let mut collapsed = DepGraph {
        nodes: groups.into_values().collect(),
        edges: BTreeMap::new(),
        // a collapsed view aggregates; its references would only repeat the original's
        references: Vec::new(),
    };
    for node in &mut collapsed.nodes {
        node.files.sort();
    }
    for (&(from, to), stats) in &graph.edges {
        let (a, b) = (index[&member_group[from]], index[&member_group[to]]);
        if a != b {
            collapsed.edges.entry((a, b)).or_default().merge(stats);
        }
    }
    collapsed
}

/// The module-level graph.
pub fn module_graph(graph: &DepGraph) -> DepGraph {
    collapse(graph, |node| {
        let kind = if node.kind == NodeKind::External {
            NodeKind::External
        } else {
            NodeKind::Module
        };
        (kind, node.module.clone())
    })
}

/// The file-level graph: a package belongs to its first file; external modules stay.
pub fn file_graph(graph: &DepGraph) -> DepGraph {
    collapse(graph, |node| match node.kind {
        NodeKind::External => (NodeKind::External, node.name.clone()),
        _ => (
            NodeKind::File,
            node.files
                .first()
                .cloned()
                .unwrap_or_else(|| node.name.clone()),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_names() {
        let naming = ModuleNaming { depth: 2 };
        assert_eq!(
            naming.module_of(NodeKind::Package, "LibSys::Billing::Invoice"),
            "LibSys::Billing"
        );
        assert_eq!(naming.module_of(NodeKind::Package, "LibSys"), "LibSys");
        assert_eq!(
            naming.module_of(NodeKind::Script, "cgi-bin/search.cgi"),
            "cgi-bin/"
        );
        assert_eq!(naming.module_of(NodeKind::Script, "app.psgi"), "./");
    }
}
