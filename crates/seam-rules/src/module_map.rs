//! Which module each node of the dependency graph belongs to, and what each module makes public.
//!
//! A node belongs to the first module (in seam.toml order) whose `packages` globs match its name
//! or whose `paths` globs match one of its files. First match, not an error, so that a catch-all
//! module can follow specific ones; `seam init` writes specific modules first.

use crate::config::{package_glob, path_glob, Config};
use globset::{GlobSet, GlobSetBuilder};
use seam_graph::{DepGraph, ModuleId, NodeKind, Partition, PartitionSource};

/// A module's public interface.
#[derive(Debug, Clone)]
struct Interface {
    packages: GlobSet,
    subs: GlobSet,
    /// Packages named by `public_subs` (the part before the last `::`): loading them is public.
    sub_packages: GlobSet,
}

/// Nodes to modules: the seam.toml's [`Partition`] of a graph, and each module's interface.
#[derive(Debug, Clone)]
pub struct ModuleMap {
    /// The modules (in seam.toml order: a module's id is its position among the `[[module]]`
    /// tables) and the module of each node; `None`: unclaimed or an external nobody counts.
    pub partition: Partition,
    /// Internal packages and scripts no module claims (node indices, sorted).
    pub uncovered: Vec<usize>,
    /// Per module, its interface when it declares one.
    interfaces: Vec<Option<Interface>>,
}

impl ModuleMap {
    /// Assigns every node of `graph` to a module of `config`.
    pub fn new(config: &Config, graph: &DepGraph) -> ModuleMap {
        let modules = &config.raw.modules;
        let packages = Claims::new(modules.iter().map(|m| &m.packages), package_glob);
        let paths = Claims::new(modules.iter().map(|m| &m.paths), path_glob);
        let counted_externals =
            package_set(config.raw.external.iter().map(|g| g.get_ref().as_str()));
        let mut node_module = Vec::with_capacity(graph.nodes.len());
        let mut uncovered = Vec::new();
        for (index, node) in graph.nodes.iter().enumerate() {
            let as_path = node.name.replace("::", "/");
            let module = match node.kind {
                NodeKind::External if !counted_externals.is_match(&as_path) => None,
                NodeKind::External => packages.first(&as_path),
                NodeKind::Script => paths.first(&node.name),
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
        let interfaces = modules
            .iter()
            .map(|m| {
                if m.public.is_none() && m.public_subs.is_none() {
                    return None;
                }
                let subs = || m.public_subs.iter().flatten().map(|g| g.get_ref().as_str());
                Some(Interface {
                    packages: package_set(m.public.iter().flatten().map(|g| g.get_ref().as_str())),
                    subs: package_set(subs()),
                    sub_packages: package_set(
                        subs().filter_map(|s| s.rsplit_once("::").map(|(package, _)| package)),
                    ),
                })
            })
            .collect();
        let source = PartitionSource::Config {
            path: config.path.display().to_string(),
        };
        let names = modules.iter().map(|m| m.name.get_ref().clone()).collect();
        ModuleMap {
            partition: Partition::new(source, names, node_module),
            uncovered,
            interfaces,
        }
    }

    /// The module index of `name`.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.partition.id(name).map(ModuleId::index)
    }

    /// The name of module `module`.
    pub fn name(&self, module: usize) -> &str {
        self.partition.name(ModuleId::from_index(module))
    }

    /// The module of node `node`.
    pub fn module_of(&self, node: usize) -> Option<usize> {
        self.partition.module_of(node).map(ModuleId::index)
    }

    /// Number of modules.
    pub fn len(&self) -> usize {
        self.partition.len()
    }

    /// Whether seam.toml declares no module.
    pub fn is_empty(&self) -> bool {
        self.partition.is_empty()
    }

    /// Whether module `module` lets others use `package` (and `symbol`, when given). A package
    /// with public subs may be loaded (`use`) from outside; its other subs stay private.
    pub fn is_public(&self, module: usize, package: &str, symbol: Option<&str>) -> bool {
        let Some(Some(interface)) = self.interfaces.get(module) else {
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
    pub fn public_packages(config: &Config, module: usize) -> Vec<&str> {
        config.raw.modules[module]
            .public
            .iter()
            .flatten()
            .map(|g| g.get_ref().as_str())
            .collect()
    }
}

/// Every module's globs of one kind in one set: a name is matched once, not once per module.
struct Claims {
    set: GlobSet,
    /// Module of each glob in `set`.
    module_of: Vec<usize>,
}

impl Claims {
    fn new<'c>(
        globs: impl Iterator<Item = &'c Vec<toml::Spanned<String>>>,
        compile: fn(&str) -> Result<globset::Glob, String>,
    ) -> Claims {
        let mut set = GlobSetBuilder::new();
        let mut module_of = Vec::new();
        for (module, globs) in globs.enumerate() {
            // validated when the config was loaded
            for glob in globs.iter().filter_map(|g| compile(g.get_ref()).ok()) {
                set.add(glob);
                module_of.push(module);
            }
        }
        Claims {
            set: set.build().unwrap_or_else(|_| GlobSet::empty()),
            module_of,
        }
    }

    /// The first module (in seam.toml order) with a glob matching `name`.
    fn first(&self, name: &str) -> Option<usize> {
        self.set
            .matches(name)
            .into_iter()
            .map(|i| self.module_of[i])
            .min()
    }
}

fn package_set<'a>(globs: impl Iterator<Item = &'a str>) -> GlobSet {
    let mut set = GlobSetBuilder::new();
    for glob in globs {
        if let Ok(glob) = package_glob(glob) {
            set.add(glob);
        }
    }
    set.build().unwrap_or_else(|_| GlobSet::empty())
}
