//! One file's references read through the [`Index`]: node measures, edges, references, blind
//! spots. Nodes are numbered as they are met (names looked up by `&str`, copied once per node);
//! [`Builder::finish`] sorts them by (kind, name) and renumbers edges and references.

use super::{is_pragma, join, owner_of_main, parent_dir, Index, ResolveOptions};
use super::{HashMap, HashSet};
use crate::model::{DepGraph, EdgeKind, EdgeStats, Location, Node, NodeId, NodeKind, ResolvedRef};
use crate::{BlindSpot, ResolveReport};
use seam_perl::{FileFacts, RefKind};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// A reference by node names (one file's contribution, compared across revisions).
#[derive(Debug)]
pub(crate) struct NamedRef {
    pub(crate) from: (NodeKind, String),
    pub(crate) to: (NodeKind, String),
    pub(crate) kind: EdgeKind,
    pub(crate) symbol: Option<String>,
    pub(crate) location: Location,
}

/// A reference by builder node number.
struct LocalRef {
    from: u32,
    to: u32,
    kind: EdgeKind,
    symbol: Option<String>,
    location: Location,
}

/// Inheritance as the facts declare it, for `SUPER::` (part of the resolution index: every file
/// resolves its `SUPER::` calls through it).
pub(crate) struct Inheritance<'f> {
    /// Package to its parents (as written).
    parents: HashMap<&'f str, Vec<&'f str>>,
    /// Packages that `use mro 'c3'`: their method resolution order is C3, not depth-first.
    c3: HashSet<&'f str>,
}

impl<'f> Inheritance<'f> {
    pub(crate) fn new(index: &Index<'f>) -> Inheritance<'f> {
        let mut inheritance = Inheritance {
            parents: HashMap::default(),
            c3: HashSet::default(),
        };
        for file in &index.facts {
            for reference in &file.refs {
                match reference.kind {
                    RefKind::Parent => inheritance
                        .parents
                        .entry(&reference.package)
                        .or_default()
                        .push(&reference.target),
                    RefKind::Use if reference.target == "mro" => {
                        let c3 = reference.imports.iter().flatten().any(|i| i == "c3");
                        if c3 {
                            inheritance.c3.insert(&reference.package);
                        }
                    }
                    _ => {}
                }
            }
        }
        inheritance
    }
}

/// Where a bare call's sub comes from: a node, or a required file (its node, if it has one).
enum Import<'a> {
    Node(NodeKind, &'a str),
    File(&'a str),
}

/// Node kinds a resolution makes (packages, scripts, templates, externals) and the others:
/// one name table per kind.
const KINDS: usize = 6;

pub(crate) struct Builder<'i, 'f> {
    index: &'i Index<'f>,
    lib_roots: &'i [String],
    inheritance: &'i Inheritance<'f>,
    /// Every node met, numbered in the order met. A reference may name a node that never comes
    /// to exist (code in a package no file declares): see `created`.
    nodes: Vec<Node>,
    /// Whether the node is in the graph: declared, measured, blind somewhere, or referred to
    /// as an external.
    created: Vec<bool>,
    /// Node numbers by kind (`NodeKind as usize`), then name.
    numbers: [HashMap<String, u32>; KINDS],
    /// Edges by (from, to) number.
    edges: HashMap<(u32, u32), EdgeStats>,
    /// Every reference, when kept.
    references: Option<Vec<LocalRef>>,
    /// Templates another template calls or includes (not through `inherit`): parts of pages.
    called_templates: BTreeSet<String>,
}

impl<'i, 'f> Builder<'i, 'f> {
    /// A builder with no node yet: [`Builder::declared_nodes`] adds the declared ones,
    /// [`Builder::metrics`] and [`Builder::file`] one file's contribution.
    pub(crate) fn new(
        index: &'i Index<'f>,
        options: &ResolveOptions,
        lib_roots: &'i [String],
        inheritance: &'i Inheritance<'f>,
    ) -> Self {
        Builder {
            index,
            lib_roots,
            inheritance,
            nodes: Vec::new(),
            created: Vec::new(),
            numbers: Default::default(),
            edges: HashMap::default(),
            references: options.keep_references.then(Vec::new),
            called_templates: BTreeSet::new(),
        }
    }

    /// The nodes the index declares: packages, scripts, templates (with their files).
    pub(crate) fn declared_nodes(&mut self) {
        let index = self.index;
        for (name, files) in &index.package_files {
            self.node(NodeKind::Package, name).files = super::owned(files);
        }
        for path in &index.scripts {
            self.node(NodeKind::Script, path).files = vec![path.to_string()];
        }
        for path in index.templates.paths() {
            // two roots may hold the same component path (Mason's overlays): one node, both files
            let name = index.templates.node_name(path);
            self.node(NodeKind::Template, name).files.push(path.clone());
        }
    }

    /// The number of node `kind`/`name`, met now if it was not (not created by that).
    fn number(&mut self, kind: NodeKind, name: &str) -> u32 {
        let numbers = &mut self.numbers[kind as usize];
        if let Some(&number) = numbers.get(name) {
            return number;
        }
        let number = u32::try_from(self.nodes.len()).expect("fewer than 2^32 nodes");
        numbers.insert(name.to_string(), number);
        self.nodes.push(Node::bare(name, kind));
        self.created.push(false);
        number
    }

    /// Node `kind`/`name`, created.
    fn node(&mut self, kind: NodeKind, name: &str) -> &mut Node {
        let number = self.number(kind, name) as usize;
        self.created[number] = true;
        &mut self.nodes[number]
    }

    pub(crate) fn metrics(&mut self, file: &FileFacts) {
        let owner_of_main = self.owner_of_main(file);
        let single_package = file.packages.len() == 1 && !self.is_script(file);
        let mut sub_lines: HashMap<&str, u32> = HashMap::default();
        for sub in &file.subs {
            let (kind, name) = match (sub.package.as_str(), &owner_of_main) {
                ("main", Some((kind, name))) => (*kind, name.as_str()),
                ("main", None) => continue,
                (package, _) => (NodeKind::Package, package),
            };
            if kind == NodeKind::Package && !self.index.package_files.contains_key(name) {
                continue;
            }
            let node = self.node(kind, name);
            node.subs += 1;
            node.complexity += sub.complexity;
            *sub_lines.entry(name).or_default() += sub.code_lines;
        }
        if single_package {
            self.node(NodeKind::Package, &file.packages[0].name)
                .code_lines += file.code_lines;
        } else if file.template.is_some() {
            let name = self.index.templates.node_name(&file.path);
            self.node(NodeKind::Template, name).code_lines += file.code_lines;
        } else if self.is_script(file) {
            self.node(NodeKind::Script, &file.path).code_lines += file.code_lines;
            for (name, lines) in sub_lines {
                if name != file.path {
                    self.node(NodeKind::Package, name).code_lines += lines;
                }
            }
        } else {
            for (name, lines) in sub_lines {
                self.node(NodeKind::Package, name).code_lines += lines;
            }
        }
    }

    fn is_script(&self, file: &FileFacts) -> bool {
        self.index.scripts.contains(file.path.as_str())
    }

    /// Who owns code in `main` in this file: see [`owner_of_main`].
    fn owner_of_main(&self, file: &FileFacts) -> Option<(NodeKind, String)> {
        owner_of_main(file, self.is_script(file), self.index.templates.roots())
    }

    /// The node a package name refers to: internal, external, or nothing (pragmas, CORE).
    fn target_node<'n>(&self, name: &'n str) -> Option<(NodeKind, &'n str)> {
        if seam_perl::is_core_namespace(name) {
            None
        } else if self.index.package_files.contains_key(name) {
            Some((NodeKind::Package, name))
        } else if is_pragma(name) || matches!(name, "main" | "SUPER" | "UNIVERSAL") {
            None
        } else {
            Some((NodeKind::External, name))
        }
    }

    /// [`Builder::target_node`], numbered.
    fn target(&mut self, name: &str) -> Option<u32> {
        let (kind, name) = self.target_node(name)?;
        Some(self.number(kind, name))
    }

    /// The file a `require "x.pl"` / `do "x.pl"` in `from_file` loads.
    fn resolve_file(&self, from_file: &str, path: &str) -> Option<String> {
        let candidates = std::iter::once(join(parent_dir(from_file), path))
            .chain(std::iter::once(join("", path)))
            .chain(self.lib_roots.iter().map(|root| join(root, path)))
            .flatten();
        candidates
            .into_iter()
            .find(|candidate| self.index.paths.contains(candidate.as_str()))
    }

    fn file_node(&mut self, path: &str) -> Option<u32> {
        if self.index.scripts.contains(path) {
            return Some(self.number(NodeKind::Script, path));
        }
        let first = self.index.first_package.get(path)?;
        Some(self.number(NodeKind::Package, first))
    }

    fn edge(
        &mut self,
        from: u32,
        to: u32,
        kind: EdgeKind,
        symbol: Option<&str>,
        location: Location,
    ) {
        if from == to {
            return;
        }
        if self.nodes[to as usize].kind == NodeKind::External {
            self.created[to as usize] = true;
        }
        self.edges
            .entry((from, to))
            .or_default()
            .record(kind, symbol, &location);
        if let Some(references) = &mut self.references {
            references.push(LocalRef {
                from,
                to,
                kind,
                symbol: symbol.map(str::to_string),
                location,
            });
        }
    }

    /// Mason's default inheritance: each component is wrapped by the nearest autohandler (an
    /// `inherit` flag names another parent, or none): an edge from the component to it, unless
    /// another component calls it (a part of a page, which the autohandler does not wrap).
    pub(crate) fn template_parents(&mut self) {
        let index = self.index;
        for file in &index.facts {
            let explicit = file
                .refs
                .iter()
                .any(|r| r.kind == RefKind::Template && r.symbol.as_deref() == Some("inherit"));
            if file.template.is_none() || explicit {
                continue;
            }
            if let Some(parent) = index.templates.mason_parent(&file.path) {
                let name = index.templates.node_name(&file.path);
                // a component other components call (`<& /Elements/Header &>`) is a part of a
                // page, not wrapped itself: Mason's autohandler wraps the request component
                if self.called_templates.contains(name) {
                    continue;
                }
                let from = self.number(NodeKind::Template, name);
                let to = self.number(NodeKind::Template, index.templates.node_name(parent));
                let location = Location {
                    file: file.path.clone(),
                    line: 1,
                };
                self.edge(from, to, EdgeKind::Template, Some("autohandler"), location);
            }
        }
    }

    fn blind_spot(&mut self, from: u32, site: BlindSpot, report: &mut ResolveReport) {
        let node = &mut self.nodes[from as usize];
        if node.kind != NodeKind::External {
            node.blind_spots += 1;
            self.created[from as usize] = true;
            report.blind_spots.push((node.name.clone(), site));
        }
    }

    pub(crate) fn file(&mut self, file: &FileFacts, report: &mut ResolveReport) {
        // the owner of code in `main`, numbered once per file
        let main_owner = self
            .owner_of_main(file)
            .map(|(kind, name)| self.number(kind, &name));
        let from_node = |builder: &mut Self, package: &str| match package {
            "main" => main_owner,
            package => Some(builder.number(NodeKind::Package, package)),
        };
        // requires of `.pl` libraries from this file, for bare calls into them
        let mut required_files: Vec<String> = Vec::new();
        for reference in &file.refs {
            let Some(from) = from_node(self, &reference.package) else {
                continue;
            };
            let location = Location {
                file: file.path.clone(),
                line: reference.line,
            };
            let symbol = reference.symbol.as_deref();
            let kind = match reference.kind {
                RefKind::Use | RefKind::No => EdgeKind::Use,
                RefKind::Require => EdgeKind::Require,
                RefKind::Parent => EdgeKind::Parent,
                RefKind::Role => EdgeKind::Role,
                RefKind::Call => EdgeKind::Call,
                RefKind::ClassMethod => EdgeKind::ClassMethod,
                RefKind::Variable => EdgeKind::Variable,
                RefKind::DynamicLoad => EdgeKind::DynamicLoad,
                RefKind::SelfCall => continue,
                RefKind::Indirect => {
                    let (kind, target, symbol) = self.indirect(&reference.target, symbol);
                    if let Some(to) = self.target(target) {
                        self.edge(from, to, kind, symbol, location);
                    }
                    continue;
                }
                RefKind::DynamicUnresolved => {
                    let site = BlindSpot {
                        location,
                        what: reference.target.clone(),
                    };
                    self.blind_spot(from, site, report);
                    continue;
                }
                RefKind::Template => {
                    match self.index.templates.resolve(&file.path, &reference.target) {
                        Some(path) => {
                            let name = self.index.templates.node_name(path);
                            let from_template =
                                self.nodes[from as usize].kind == NodeKind::Template;
                            if from_template && symbol != Some("inherit") {
                                self.called_templates.insert(name.to_string());
                            }
                            let to = self.number(NodeKind::Template, name);
                            self.edge(from, to, EdgeKind::Template, symbol, location);
                        }
                        // a block another template defines: not a file, not missing
                        None if self.index.templates.is_block(&reference.target) => {}
                        None => {
                            report
                                .missing_templates
                                .insert(format!("{} (from {})", reference.target, file.path));
                        }
                    }
                    continue;
                }
                RefKind::SuperCall => {
                    match self.super_target(&reference.target, symbol) {
                        Some(to) => {
                            let to = self.number(to.0, to.1);
                            self.edge(from, to, EdgeKind::SuperCall, symbol, location);
                        }
                        None => {
                            let site = BlindSpot {
                                location,
                                what: format!("SUPER::{}", symbol.unwrap_or("")),
                            };
                            self.blind_spot(from, site, report);
                        }
                    }
                    continue;
                }
                RefKind::RequireFile | RefKind::DoFile => {
                    let kind = if reference.kind == RefKind::DoFile {
                        EdgeKind::DoFile
                    } else {
                        EdgeKind::RequireFile
                    };
                    let to = self
                        .resolve_file(&file.path, &reference.target)
                        .and_then(|path| {
                            let node = self.file_node(&path);
                            required_files.push(path);
                            node
                        });
                    match to {
                        Some(to) => self.edge(from, to, kind, None, location),
                        None => {
                            report
                                .missing_files
                                .insert(format!("{} (from {})", reference.target, file.path));
                        }
                    }
                    continue;
                }
            };
            if reference.kind == RefKind::No && is_pragma(&reference.target) {
                continue;
            }
            if reference.kind == RefKind::ClassMethod {
                if let Some((package, sub)) = self.function_invocant(&reference.target) {
                    if let Some(to) = self.target(package) {
                        self.edge(from, to, EdgeKind::Call, Some(sub), location);
                    }
                    continue;
                }
            }
            if let Some(to) = self.target(&reference.target) {
                self.edge(from, to, kind, symbol, location);
            }
        }
        for call in &file.bare_calls {
            let Some(from) = from_node(self, &call.package) else {
                continue;
            };
            let location = Location {
                file: file.path.clone(),
                line: call.line,
            };
            if let Some(to) = self.import_source(file, &call.package, &call.name, &required_files) {
                self.edge(from, to, EdgeKind::ImportCall, Some(&call.name), location);
            }
        }
    }

    /// When the invocant of `Foo::bar->method` is a call, not a class: no package `Foo::bar` is
    /// declared, and `Foo` defines a sub `bar` or `bar` starts lowercase (`B::begin_av->ARRAY`;
    /// classes are capitalised, and a declared lowercase class such as `URI::urn` stays a class).
    /// Returns (package, sub).
    fn function_invocant<'s>(&self, invocant: &'s str) -> Option<(&'s str, &'s str)> {
        let (package, sub) = invocant.rsplit_once("::")?;
        let defined = self.index.subs.contains(&(package, sub));
        let lowercase = sub.starts_with(|c: char| c.is_lowercase());
        let declared = self.index.package_files.contains_key(invocant);
        ((defined || lowercase) && !declared).then_some((package, sub))
    }

    /// What `METHOD Foo::Bar(...)` (an `indirect` reference: target `Foo::Bar`, symbol `METHOD`)
    /// means: a call to sub `Bar` of `Foo` when `Foo` defines it, else the class method `METHOD`
    /// of `Foo::Bar` (Perl reads a name that is not a known sub as the class). Returns the edge
    /// kind, target and symbol.
    fn indirect<'s>(
        &self,
        class: &'s str,
        method: Option<&'s str>,
    ) -> (EdgeKind, &'s str, Option<&'s str>) {
        if let Some((package, sub)) = class.rsplit_once("::") {
            if self.index.subs.contains(&(package, sub)) {
                return (EdgeKind::Call, package, Some(sub));
            }
        }
        (EdgeKind::ClassMethod, class, method)
    }

    /// The class a `SUPER::symbol` call in `package` reaches: the first class after `package` in
    /// its method resolution order that defines the sub, else the first parent. The order is
    /// Perl's: depth-first left-to-right, or C3 when the package says `use mro 'c3'`.
    fn super_target<'p>(
        &self,
        package: &'p str,
        symbol: Option<&str>,
    ) -> Option<(NodeKind, &'p str)>
    where
        'f: 'p,
    {
        let parents = &self.inheritance.parents;
        let first_parent = *parents.get(package)?.first()?;
        let order = if self.inheritance.c3.contains(package) {
            self.c3_order(package, 0)
                .unwrap_or_else(|| self.depth_first_order(package))
        } else {
            self.depth_first_order(package)
        };
        let defining = symbol.and_then(|s| {
            order
                .iter()
                .skip(1)
                .find(|p| self.index.subs.contains(&(**p, s)))
                .copied()
        });
        self.target_node(defining.unwrap_or(first_parent))
    }

    /// Perl's default method resolution order: `package`, then each parent's order, depth-first
    /// left-to-right, each class once (inheritance cycles end where they close). The package
    /// itself leads the list only by position (callers skip it).
    fn depth_first_order<'p>(&self, package: &'p str) -> Vec<&'p str>
    where
        'f: 'p,
    {
        let mut order = Vec::new();
        let mut seen = HashSet::default();
        let mut stack = vec![package];
        while let Some(class) = stack.pop() {
            if !seen.insert(class) {
                continue;
            }
            if let Some(parents) = self.inheritance.parents.get(class) {
                stack.extend(parents.iter().rev().copied());
            }
            order.push(class);
        }
        order
    }

    /// The C3 linearization of `package` (`use mro 'c3'`), or `None` when the hierarchy has
    /// none (inconsistent, cyclic, or deeper than any real one).
    fn c3_order<'p>(&self, package: &'p str, depth: usize) -> Option<Vec<&'p str>>
    where
        'f: 'p,
    {
        const MAX_DEPTH: usize = 100;
        if depth > MAX_DEPTH {
            return None;
        }
        let parents: Vec<&'p str> = self
            .inheritance
            .parents
            .get(package)
            .map(|p| p.to_vec())
            .unwrap_or_default();
        let mut sequences: Vec<VecDeque<&'p str>> = Vec::new();
        for parent in &parents {
            sequences.push(self.c3_order(parent, depth + 1)?.into());
        }
        sequences.push(parents.into());
        let mut order = vec![package];
        loop {
            sequences.retain(|s| !s.is_empty());
            let Some(next) = sequences
                .iter()
                .filter_map(|s| s.front())
                .find(|head| {
                    !sequences
                        .iter()
                        .any(|s| s.iter().skip(1).any(|c| c == *head))
                })
                .copied()
            else {
                return sequences.is_empty().then_some(order);
            };
            for sequence in &mut sequences {
                if sequence.front() == Some(&next) {
                    sequence.pop_front();
                }
            }
            order.push(next);
        }
    }

    /// Where a bare call `name` in `package` comes from: an explicit import (`use M qw(name)`,
    /// `use M qw(:tag)`), a default export of a used module, or a sub of a required `.pl` file.
    fn import_source(
        &mut self,
        file: &FileFacts,
        package: &str,
        name: &str,
        required_files: &[String],
    ) -> Option<u32> {
        match self.import_target(file, package, name, required_files)? {
            Import::Node(kind, name) => Some(self.number(kind, name)),
            Import::File(path) => self.file_node(path),
        }
    }

    /// [`Builder::import_source`] before numbering.
    fn import_target<'a>(
        &self,
        file: &'a FileFacts,
        package: &str,
        name: &str,
        required_files: &'a [String],
    ) -> Option<Import<'a>> {
        let uses = file
            .refs
            .iter()
            .filter(|r| r.kind == RefKind::Use && r.package == package)
            .filter(|r| {
                self.index.package_files.contains_key(r.target.as_str()) || !is_pragma(&r.target)
            });
        let mut default_candidate = None;
        for used in uses {
            let exports = self.index.exports.get(used.target.as_str());
            match &used.imports {
                Some(imports) => {
                    let named = imports.iter().any(|i| i.trim_start_matches('&') == name);
                    let tagged = imports
                        .iter()
                        .filter_map(|i| i.strip_prefix(':'))
                        .any(|tag| {
                            // `:DEFAULT` is Exporter's name for @EXPORT
                            exports.is_some_and(|e| {
                                (tag == "DEFAULT" && e.default.contains(name))
                                    || e.tags.get(tag).is_some_and(|t| t.contains(name))
                            })
                        });
                    if named || tagged {
                        let (kind, target) = self.target_node(&used.target)?;
                        return Some(Import::Node(kind, target));
                    }
                }
                // `use M ($x)`: what it imports is unknown, not the default exports
                None if used.imports_unknown => {}
                None => {
                    if exports.is_some_and(|e| e.default.contains(name))
                        && default_candidate.is_none()
                    {
                        default_candidate = self.target_node(&used.target);
                    }
                }
            }
        }
        if let Some((kind, target)) = default_candidate {
            return Some(Import::Node(kind, target));
        }
        required_files
            .iter()
            .find(|path| {
                self.index
                    .main_subs
                    .get(path.as_str())
                    .is_some_and(|subs| subs.contains(name))
            })
            .map(|path| Import::File(path))
    }

    /// The nodes created and the references made so far, by name (one file's contribution).
    pub(crate) fn contribution(self) -> (BTreeMap<(NodeKind, String), Node>, Vec<NamedRef>) {
        let key = |node: &Node| (node.kind, node.name.clone());
        let references = self
            .references
            .iter()
            .flatten()
            .map(|r| NamedRef {
                from: key(&self.nodes[r.from as usize]),
                to: key(&self.nodes[r.to as usize]),
                kind: r.kind,
                symbol: r.symbol.clone(),
                location: r.location.clone(),
            })
            .collect();
        let nodes = self
            .nodes
            .iter()
            .zip(&self.created)
            .filter(|(_, created)| **created)
            .map(|(node, _)| (key(node), node.clone()))
            .collect();
        (nodes, references)
    }

    /// The graph: the created nodes sorted by (kind, name), edges and references between them.
    pub(crate) fn finish(self) -> DepGraph {
        let mut order: Vec<u32> = (0..self.nodes.len() as u32)
            .filter(|&n| self.created[n as usize])
            .collect();
        order.sort_unstable_by(|&a, &b| {
            let (a, b) = (&self.nodes[a as usize], &self.nodes[b as usize]);
            (a.kind, &a.name).cmp(&(b.kind, &b.name))
        });
        let mut ids: Vec<Option<NodeId>> = vec![None; self.nodes.len()];
        for (at, &number) in order.iter().enumerate() {
            ids[number as usize] = Some(NodeId::from_index(at));
        }
        let mut nodes: Vec<Option<Node>> = self.nodes.into_iter().map(Some).collect();
        let mut graph = DepGraph {
            nodes: order
                .iter()
                .filter_map(|&n| nodes[n as usize].take())
                .collect(),
            ..DepGraph::default()
        };
        let mut edges: Vec<((NodeId, NodeId), EdgeStats)> = self
            .edges
            .into_iter()
            .filter_map(|((a, b), stats)| Some(((ids[a as usize]?, ids[b as usize]?), stats)))
            .collect();
        edges.sort_unstable_by_key(|(key, _)| *key);
        graph.edges = edges.into_iter().collect();
        graph.references = self
            .references
            .into_iter()
            .flatten()
            .filter_map(|r| {
                Some(ResolvedRef {
                    from: ids[r.from as usize]?,
                    to: ids[r.to as usize]?,
                    kind: r.kind,
                    symbol: r.symbol,
                    location: r.location,
                })
            })
            .collect();
        graph.references.sort_unstable();
        graph
    }
}
