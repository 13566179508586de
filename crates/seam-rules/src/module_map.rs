//! Which module each node of the dependency graph belongs to, and what each module makes public.
//!
//! A node belongs to the first module (in seam.toml order) whose `packages` globs match its name
//! or whose `paths` globs match one of its files; a template, the first whose `templates` globs
//! match its path, else the first whose `paths` do. First match, not an error, so that a catch-all
//! module can follow specific ones; `seam init` writes specific modules first.

use crate::compiled::Interface;
use crate::config::Config;
use seam_graph::{DepGraph, ModuleId, NodeId, NodeKind, Partition, PartitionSource};

/// Nodes to modules: the seam.toml's [`Partition`] of a graph, and each module's interface.
#[derive(Debug, Clone)]
pub struct ModuleMap {
    /// The modules (in seam.toml order: a module's id is its position among the `[[module]]`
    /// tables) and the module of each node; `None`: unclaimed or an external nobody counts.
    pub partition: Partition,
    /// Per module, its interface when it declares one.
    interfaces: Vec<Option<Interface>>,
    /// Internal packages and scripts no module claims (sorted).
    pub uncovered: Vec<NodeId>,
}

impl ModuleMap {
    /// Assigns every node of `graph` to a module of `config`.
    pub fn new(config: &Config, graph: &DepGraph) -> ModuleMap {
        let claims = &config.compiled.claims;
        let (packages, paths, templates) = (&claims.packages, &claims.paths, &claims.templates);
        let counted_externals = &claims.counted_externals;
        let mut node_module = Vec::with_capacity(graph.nodes.len());
        let mut uncovered = Vec::new();
        for (index, node) in graph.iter_nodes() {
            let as_path = node.name.replace("::", "/");
            let module = match node.kind {
                NodeKind::External if !counted_externals.is_match(&as_path) => None,
                NodeKind::External => packages.first(&as_path),
                NodeKind::Script => paths.first(&node.name),
                // by file: a component is named by its component path (`/Elements/Header`)
                NodeKind::Template => node
                    .files
                    .iter()
                    .find_map(|f| templates.first(f).or(paths.first(f))),
                _ => node
                    .files
                    .iter()
                    .filter_map(|f| paths.first(f))
                    .chain(packages.first(&as_path))
                    .min(),
            };
            if module.is_none() && node.kind != NodeKind::External {
                uncovered.push(index);
            }
            node_module.push(module);
        }
        let source = PartitionSource::Config {
            path: config.path.display().to_string(),
        };
        let names = config.modules().iter().map(|m| m.name.clone()).collect();
        ModuleMap {
            partition: Partition::new(
                source,
                names,
                node_module
                    .into_iter()
                    .map(|m| m.map(ModuleId::index))
                    .collect(),
            ),
            uncovered,
            interfaces: config
                .modules()
                .iter()
                .map(|m| m.interface.clone())
                .collect(),
        }
    }

    /// The module called `name`.
    pub fn id(&self, name: &str) -> Option<ModuleId> {
        self.partition.id(name)
    }

    /// The name of module `module`.
    pub fn name(&self, module: ModuleId) -> &str {
        self.partition.name(module)
    }

    /// The module of node `node`.
    pub fn module_of(&self, node: NodeId) -> Option<ModuleId> {
        self.partition.module_of(node)
    }

    /// Whether module `module` lets others use `package` (and `symbol`, when given). A package
    /// with public subs may be loaded (`use`) from outside; its other subs stay private.
    pub fn is_public(&self, module: ModuleId, package: &str, symbol: Option<&str>) -> bool {
        let Some(Some(interface)) = self.interfaces.get(module.index()) else {
            return true;
        };
        let package_path = package.replace("::", "/");
        if interface.packages.is_match(&package_path) {
            return true;
        }
        match symbol {
            Some(symbol) => {
                let name = symbol.trim_start_matches(['$', '@', '%', '&']);
                interface.subs.is_match(format!("{package_path}/{name}"))
            }
            None => interface.sub_packages.is_match(&package_path),
        }
    }

    /// The public packages of a module, as written (for fix hints).
    pub fn public_packages(config: &Config, module: ModuleId) -> Vec<&str> {
        config
            .module(module)
            .public
            .iter()
            .map(String::as_str)
            .collect()
    }
}
