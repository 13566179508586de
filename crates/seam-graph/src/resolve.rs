//! Facts to the package-level graph: which names are internal, which file a `require "x.pl"`
//! means, which module a bare call was imported from, which parent a `SUPER::` call reaches.

use crate::model::{DepGraph, EdgeKind, EdgeStats, Location, Node, NodeId, NodeKind, ResolvedRef};
use crate::templates::{template_node_name, Templates};
use seam_perl::{ExportList, FileFacts, RefKind};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// How references become edges.
#[derive(Debug, Clone, Default)]
pub struct ResolveOptions {
    /// Keep test files (`.t`, `t/`, `xt/`) in the graph (off: tests depend on everything).
    pub include_tests: bool,
    /// Extra library roots, relative to the analyzed root (`lib/` and `use lib` paths are found).
    pub lib_roots: Vec<String>,
    /// Keep every reference (not only the aggregated edges), for rule checks.
    pub keep_references: bool,
    /// Mason component roots (relative directories): a component under one is named by its
    /// component path (`html/Elements/Header` is `/Elements/Header`).
    pub template_roots: Vec<String>,
}

/// Whether a path is a test file.
pub fn is_test_file(path: &str) -> bool {
    path.ends_with(".t")
        || path.starts_with("t/")
        || path.starts_with("xt/")
        || path.contains("/t/")
}

/// Pragmas (`strict`, `warnings`, `constant`, `parent`, ...): lowercase, unqualified.
pub fn is_pragma(module: &str) -> bool {
    module
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase())
        && !module.contains("::")
}

/// What resolution found besides edges.
#[derive(Debug, Clone, Default, serde::Serialize, schemars::JsonSchema)]
pub struct ResolveReport {
    /// Packages declared in more than one file: name to files.
    pub duplicate_packages: BTreeMap<String, Vec<String>>,
    /// Library roots used to map `Foo::Bar` to `lib/Foo/Bar.pm` and `require` paths to files.
    pub lib_roots: Vec<String>,
    /// Files left out of the graph (tests unless asked for).
    pub excluded_files: usize,
    /// `require`/`do` of a literal file that is not in the tree.
    pub missing_files: BTreeSet<String>,
    /// Templates named by a literal that matches no template file (`[% INCLUDE missing.tt %]`,
    /// a `BLOCK` defined in another template): name and referring file.
    #[serde(skip_serializing_if = "BTreeSet::is_empty")]
    pub missing_templates: BTreeSet<String>,
    /// Packages whose file is not where a library root says `Foo::Bar` lives (`lib/Foo/Bar.pm`):
    /// `use Foo::Bar` cannot load them on its own. Package name to declaring files.
    pub packages_off_their_path: BTreeMap<String, Vec<String>>,
    /// Every unresolved reference: the referencing node's name and where (grouped per module
    /// in [`crate::ModuleReport::blind_spot_sites`]).
    #[serde(skip)]
    #[schemars(skip)]
    pub blind_spots: Vec<(String, BlindSpot)>,
}

/// A reference seam could not resolve (dynamic code: `$class->$method`, `&{"name"}`, a
/// `SUPER::` call without a known parent): where the graph is blind.
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    serde::Serialize,
    schemars::JsonSchema
)]
pub struct BlindSpot {
    /// Where.
    #[serde(flatten)]
    pub location: Location,
    /// What the code names there, as written (`$method`, `SUPER::new`).
    pub what: String,
}

/// Indexes over all files that resolution consults.
struct Index<'f> {
    facts: Vec<&'f FileFacts>,
    /// Internal package name to declaring files.
    package_files: BTreeMap<String, Vec<String>>,
    /// Script path to itself: files whose code runs in `main`.
    scripts: BTreeSet<String>,
    /// (package, sub) defined somewhere.
    subs: BTreeSet<(String, String)>,
    /// Subs defined in `main` per file (for `require "lib.pl"` libraries).
    main_subs: HashMap<String, BTreeSet<String>>,
    exports: HashMap<String, Exports>,
    /// Every file path, for resolving `require "x.pl"`.
    paths: BTreeSet<String>,
    /// A file's first declared package: the node a `require "x.pl"` of a module file reaches.
    first_package: HashMap<String, String>,
    /// Template and component files, for names in `template` references.
    templates: Templates,
}

#[derive(Default)]
struct Exports {
    default: BTreeSet<String>,
    ok: BTreeSet<String>,
    tags: BTreeMap<String, BTreeSet<String>>,
}

impl<'f> Index<'f> {
    fn new(all: &'f [FileFacts], options: &ResolveOptions, report: &mut ResolveReport) -> Self {
        let facts: Vec<&FileFacts> = all
            .iter()
            .filter(|f| options.include_tests || !is_test_file(&f.path))
            .collect();
        report.excluded_files = all.len() - facts.len();
        let mut index = Index {
            facts,
            package_files: BTreeMap::new(),
            scripts: BTreeSet::new(),
            subs: BTreeSet::new(),
            main_subs: HashMap::new(),
            exports: HashMap::new(),
            paths: all.iter().map(|f| f.path.clone()).collect(),
            first_package: HashMap::new(),
            templates: Templates::new(&options.template_roots),
        };
        for file in index.facts.clone() {
            // `package main;` is the scripts' package, never a node of its own
            for package in file.packages.iter().filter(|p| p.name != "main") {
                let files = index.package_files.entry(package.name.clone()).or_default();
                if !files.contains(&file.path) {
                    files.push(file.path.clone());
                }
            }
            if let Some(first) = file.packages.iter().find(|p| p.name != "main") {
                index
                    .first_package
                    .insert(file.path.clone(), first.name.clone());
            }
            if is_script(file) {
                index.scripts.insert(file.path.clone());
            }
            if let Some(template) = &file.template {
                index.templates.add(&file.path, template);
            }
            for sub in &file.subs {
                index.subs.insert((sub.package.clone(), sub.name.clone()));
                if sub.package == "main" {
                    index
                        .main_subs
                        .entry(file.path.clone())
                        .or_default()
                        .insert(sub.name.clone());
                }
            }
            for export in &file.exports {
                let entry = index.exports.entry(export.package.clone()).or_default();
                let symbols = export
                    .symbols
                    .iter()
                    .map(|s| s.trim_start_matches('&').to_string());
                match export.list {
                    ExportList::Export => entry.default.extend(symbols),
                    ExportList::ExportOk => entry.ok.extend(symbols),
                    ExportList::ExportTags => {
                        let tag = export.tag.clone().unwrap_or_default();
                        entry.tags.entry(tag).or_default().extend(symbols);
                    }
                }
            }
        }
        report.duplicate_packages = index
            .package_files
            .iter()
            .filter(|(_, files)| files.len() > 1)
            .map(|(name, files)| (name.clone(), files.clone()))
            .collect();
        index
    }
}

/// A file is a script when it is not a module file nor a template and code runs in `main`.
fn is_script(file: &FileFacts) -> bool {
    if file.path.ends_with(".pm") || file.path.ends_with(".pm.in") || file.template.is_some() {
        return false;
    }
    file.packages.is_empty()
        || file.refs.iter().any(|r| r.package == "main")
        || file.subs.iter().any(|s| s.package == "main")
        || file.bare_calls.iter().any(|c| c.package == "main")
}

/// Who owns code in `main` in this file: the script itself, or (in a module file) its first
/// package (`use strict;` before `package Foo;`).
fn owner_of_main(
    file: &FileFacts,
    is_script: bool,
    roots: &[String],
) -> Option<(NodeKind, String)> {
    if let Some(template) = &file.template {
        Some((
            NodeKind::Template,
            template_node_name(&file.path, template, roots),
        ))
    } else if is_script {
        Some((NodeKind::Script, file.path.clone()))
    } else {
        file.packages
            .first()
            .map(|p| (NodeKind::Package, p.name.clone()))
    }
}

/// The node that code in `package` of `file` belongs to (`is_script`: the file is a script
/// node; `roots`: the component roots): the one rule code references and data uses share.
pub(crate) fn code_owner(
    file: &FileFacts,
    package: &str,
    is_script: bool,
    roots: &[String],
) -> Option<(NodeKind, String)> {
    if package == "main" {
        owner_of_main(file, is_script, roots)
    } else {
        Some((NodeKind::Package, package.to_string()))
    }
}

/// Builds the package-level graph.
pub fn resolve(all: &[FileFacts], options: &ResolveOptions) -> (DepGraph, ResolveReport) {
    let mut report = ResolveReport::default();
    let index = Index::new(all, options, &mut report);
    let roots = lib_roots(&index, options);
    let mut builder = Builder::new(&index, options, &roots);
    for file in &index.facts {
        builder.file(file, &mut report);
    }
    builder.template_parents();
    let graph = builder.finish();
    report.packages_off_their_path = off_their_path(&index, &roots);
    report.lib_roots = roots;
    (graph, report)
}

/// Packages declared only in `.pm` files that are not at `ROOT/Foo/Bar.pm` for any library root
/// (a second package in a module's file, or a file moved without renaming its package).
fn off_their_path(index: &Index<'_>, roots: &[String]) -> BTreeMap<String, Vec<String>> {
    // one set look-up per file, not one path per library root and package
    let roots: HashSet<&str> = roots.iter().map(String::as_str).collect();
    let at_its_path = |file: &str, relative: &str| match file.strip_suffix(relative) {
        Some("") => true,
        Some(prefix) => prefix
            .strip_suffix('/')
            .is_some_and(|root| roots.contains(root)),
        None => false,
    };
    index
        .package_files
        .iter()
        .filter(|(_, files)| files.iter().all(|f| f.ends_with(".pm")))
        .filter(|(name, files)| {
            let relative = format!("{}.pm", name.replace("::", "/"));
            !files.iter().any(|f| at_its_path(f, &relative))
        })
        .map(|(name, files)| (name.clone(), files.clone()))
        .collect()
}

/// `lib/` when it exists, `use lib` literal paths (relative to the root or to the using file),
/// and the roots given by the user.
fn lib_roots(index: &Index<'_>, options: &ResolveOptions) -> Vec<String> {
    let mut roots: BTreeSet<String> = options.lib_roots.iter().cloned().collect();
    if index.paths.iter().any(|p| p.starts_with("lib/")) {
        roots.insert("lib".into());
    }
    for file in &index.facts {
        for reference in file
            .refs
            .iter()
            .filter(|r| r.kind == RefKind::Use && r.target == "lib")
        {
            // relative to the using file (FindBin style) and to the root (run from the root)
            for path in reference.imports.iter().flatten() {
                roots.extend(join(parent_dir(&file.path), path));
                roots.extend(join("", path));
            }
        }
    }
    roots.into_iter().collect()
}

fn parent_dir(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// Joins `dir` and a relative `path`, normalising `.` and `..`; `None` when it leaves the root
/// or is absolute (the one path joiner: `require` paths and template names alike).
pub(crate) fn join(dir: &str, path: &str) -> Option<String> {
    if path.starts_with('/') || path.contains('$') {
        return None;
    }
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// A reference before nodes have indices.
struct NamedRef {
    from: (NodeKind, String),
    to: (NodeKind, String),
    kind: EdgeKind,
    symbol: Option<String>,
    location: Location,
}

struct Builder<'i, 'f> {
    index: &'i Index<'f>,
    lib_roots: &'i [String],
    /// Node name to node, before sorting.
    nodes: BTreeMap<(NodeKind, String), Node>,
    /// Edges by source, then target: looked up with the node keys a reference already holds
    /// (a key of both names would clone two strings per reference, found or not).
    edges: BTreeMap<(NodeKind, String), BTreeMap<(NodeKind, String), EdgeStats>>,
    /// Every reference by node key, when kept.
    references: Option<Vec<NamedRef>>,
    /// Package to its parents (as written), for `SUPER::`.
    parents: HashMap<String, Vec<String>>,
    /// Packages that `use mro 'c3'`: their method resolution order is C3, not depth-first.
    c3: BTreeSet<String>,
    /// Templates another template calls or includes (not through `inherit`): parts of pages.
    called_templates: BTreeSet<String>,
}

impl<'i, 'f> Builder<'i, 'f> {
    fn new(index: &'i Index<'f>, options: &'i ResolveOptions, lib_roots: &'i [String]) -> Self {
        let mut builder = Builder {
            index,
            lib_roots,
            nodes: BTreeMap::new(),
            edges: BTreeMap::new(),
            parents: HashMap::new(),
            c3: BTreeSet::new(),
            called_templates: BTreeSet::new(),
            references: options.keep_references.then(Vec::new),
        };
        for (name, files) in &index.package_files {
            builder.node(NodeKind::Package, name).files = files.clone();
        }
        for path in &index.scripts {
            builder.node(NodeKind::Script, path).files = vec![path.clone()];
        }
        for path in index.templates.paths() {
            // two roots may hold the same component path (Mason's overlays): one node, both files
            let name = index.templates.node_name(path).to_string();
            builder
                .node(NodeKind::Template, &name)
                .files
                .push(path.clone());
        }
        for file in &index.facts {
            for reference in &file.refs {
                match reference.kind {
                    RefKind::Parent => builder
                        .parents
                        .entry(reference.package.clone())
                        .or_default()
                        .push(reference.target.clone()),
                    RefKind::Use if reference.target == "mro" => {
                        let c3 = reference.imports.iter().flatten().any(|i| i == "c3");
                        if c3 {
                            builder.c3.insert(reference.package.clone());
                        }
                    }
                    _ => {}
                }
            }
            builder.metrics(file);
        }
        builder
    }

    fn node(&mut self, kind: NodeKind, name: &str) -> &mut Node {
        self.nodes
            .entry((kind, name.to_string()))
            .or_insert_with(|| Node::bare(name, kind))
    }

    fn metrics(&mut self, file: &FileFacts) {
        let owner_of_main = self.owner_of_main(file);
        let single_package = file.packages.len() == 1 && !self.index.scripts.contains(&file.path);
        let mut sub_lines: HashMap<String, u32> = HashMap::new();
        for sub in &file.subs {
            let owner = if sub.package == "main" {
                owner_of_main.clone()
            } else {
                Some((NodeKind::Package, sub.package.clone()))
            };
            let Some((kind, name)) = owner else { continue };
            if kind == NodeKind::Package && !self.index.package_files.contains_key(&name) {
                continue;
            }
            let node = self.node(kind, &name);
            node.subs += 1;
            node.complexity += sub.complexity;
            *sub_lines.entry(name).or_default() += sub.code_lines;
        }
        if single_package {
            self.node(NodeKind::Package, &file.packages[0].name)
                .code_lines += file.code_lines;
        } else if file.template.is_some() {
            let name = self.index.templates.node_name(&file.path).to_string();
            self.node(NodeKind::Template, &name).code_lines += file.code_lines;
        } else if self.index.scripts.contains(&file.path) {
            self.node(NodeKind::Script, &file.path).code_lines += file.code_lines;
            for (name, lines) in sub_lines {
                if name != file.path {
                    self.node(NodeKind::Package, &name).code_lines += lines;
                }
            }
        } else {
            for (name, lines) in sub_lines {
                self.node(NodeKind::Package, &name).code_lines += lines;
            }
        }
    }

    /// Who owns code in `main` in this file: see [`owner_of_main`].
    fn owner_of_main(&self, file: &FileFacts) -> Option<(NodeKind, String)> {
        owner_of_main(
            file,
            self.index.scripts.contains(&file.path),
            self.index.templates.roots(),
        )
    }

    fn referencing_node(&self, file: &FileFacts, package: &str) -> Option<(NodeKind, String)> {
        code_owner(
            file,
            package,
            self.index.scripts.contains(&file.path),
            self.index.templates.roots(),
        )
    }

    /// The node a package name refers to: internal, external, or nothing (pragmas, CORE).
    fn target_node(&self, name: &str) -> Option<(NodeKind, String)> {
        if seam_perl::is_core_namespace(name) {
            None
        } else if self.index.package_files.contains_key(name) {
            Some((NodeKind::Package, name.to_string()))
        } else if is_pragma(name) || matches!(name, "main" | "SUPER" | "UNIVERSAL") {
            None
        } else {
            Some((NodeKind::External, name.to_string()))
        }
    }

    /// The file a `require "x.pl"` / `do "x.pl"` in `from_file` loads.
    fn resolve_file(&self, from_file: &str, path: &str) -> Option<String> {
        let candidates = std::iter::once(join(parent_dir(from_file), path))
            .chain(std::iter::once(join("", path)))
            .chain(self.lib_roots.iter().map(|root| join(root, path)))
            .flatten();
        candidates
            .into_iter()
            .find(|candidate| self.index.paths.contains(candidate))
    }

    fn file_node(&self, path: &str) -> Option<(NodeKind, String)> {
        if self.index.scripts.contains(path) {
            return Some((NodeKind::Script, path.to_string()));
        }
        self.index
            .first_package
            .get(path)
            .map(|name| (NodeKind::Package, name.clone()))
    }

    fn edge(
        &mut self,
        from: &(NodeKind, String),
        to: &(NodeKind, String),
        kind: EdgeKind,
        symbol: Option<&str>,
        location: Location,
    ) {
        if from == to {
            return;
        }
        if to.0 == NodeKind::External {
            self.node(NodeKind::External, &to.1);
        }
        if let Some(references) = &mut self.references {
            references.push(NamedRef {
                from: from.clone(),
                to: to.clone(),
                kind,
                symbol: symbol.map(str::to_string),
                location: location.clone(),
            });
        }
        if !self.edges.contains_key(from) {
            self.edges.insert(from.clone(), BTreeMap::new());
        }
        let targets = self.edges.get_mut(from).expect("inserted above");
        if !targets.contains_key(to) {
            targets.insert(to.clone(), EdgeStats::default());
        }
        targets
            .get_mut(to)
            .expect("inserted above")
            .add(kind, symbol, location);
    }

    /// Mason's default inheritance: each component is wrapped by the nearest autohandler (an
    /// `inherit` flag names another parent, or none): an edge from the component to it, unless
    /// another component calls it (a part of a page, which the autohandler does not wrap).
    fn template_parents(&mut self) {
        for file in &self.index.facts {
            let explicit = file
                .refs
                .iter()
                .any(|r| r.kind == RefKind::Template && r.symbol.as_deref() == Some("inherit"));
            if file.template.is_none() || explicit {
                continue;
            }
            if let Some(parent) = self.index.templates.mason_parent(&file.path) {
                let from = (
                    NodeKind::Template,
                    self.index.templates.node_name(&file.path).to_string(),
                );
                let to = (
                    NodeKind::Template,
                    self.index.templates.node_name(parent).to_string(),
                );
                // a component other components call (`<& /Elements/Header &>`) is a part of a
                // page, not wrapped itself: Mason's autohandler wraps the request component
                if self.called_templates.contains(&from.1) {
                    continue;
                }
                let location = Location {
                    file: file.path.clone(),
                    line: 1,
                };
                self.edge(
                    &from,
                    &to,
                    EdgeKind::Template,
                    Some("autohandler"),
                    location,
                );
            }
        }
    }

    fn blind_spot(
        &mut self,
        from: &(NodeKind, String),
        site: BlindSpot,
        report: &mut ResolveReport,
    ) {
        if from.0 != NodeKind::External {
            self.node(from.0, &from.1).blind_spots += 1;
            report.blind_spots.push((from.1.clone(), site));
        }
    }

    fn file(&mut self, file: &FileFacts, report: &mut ResolveReport) {
        // requires of `.pl` libraries from this file, for bare calls into them
        let mut required_files: Vec<String> = Vec::new();
        for reference in &file.refs {
            let Some(from) = self.referencing_node(file, &reference.package) else {
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
                    if let Some(to) = self.target_node(&target) {
                        self.edge(&from, &to, kind, symbol, location);
                    }
                    continue;
                }
                RefKind::DynamicUnresolved => {
                    let site = BlindSpot {
                        location,
                        what: reference.target.clone(),
                    };
                    self.blind_spot(&from, site, report);
                    continue;
                }
                RefKind::Template => {
                    match self.index.templates.resolve(&file.path, &reference.target) {
                        Some(path) => {
                            let name = self.index.templates.node_name(path).to_string();
                            if from.0 == NodeKind::Template && symbol != Some("inherit") {
                                self.called_templates.insert(name.clone());
                            }
                            let to = (NodeKind::Template, name);
                            self.edge(&from, &to, EdgeKind::Template, symbol, location);
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
                        Some(to) => self.edge(&from, &to, EdgeKind::SuperCall, symbol, location),
                        None => {
                            let site = BlindSpot {
                                location,
                                what: format!("SUPER::{}", symbol.unwrap_or("")),
                            };
                            self.blind_spot(&from, site, report);
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
                    match self
                        .resolve_file(&file.path, &reference.target)
                        .and_then(|p| {
                            let node = self.file_node(&p);
                            required_files.push(p);
                            node
                        }) {
                        Some(to) => self.edge(&from, &to, kind, None, location),
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
                    if let Some(to) = self.target_node(package) {
                        self.edge(&from, &to, EdgeKind::Call, Some(sub), location);
                    }
                    continue;
                }
            }
            if let Some(to) = self.target_node(&reference.target) {
                self.edge(&from, &to, kind, symbol, location);
            }
        }
        for call in &file.bare_calls {
            let Some(from) = self.referencing_node(file, &call.package) else {
                continue;
            };
            let location = Location {
                file: file.path.clone(),
                line: call.line,
            };
            if let Some(to) = self.import_source(file, &call.package, &call.name, &required_files) {
                self.edge(&from, &to, EdgeKind::ImportCall, Some(&call.name), location);
            }
        }
    }

    /// When the invocant of `Foo::bar->method` is a call, not a class: no package `Foo::bar` is
    /// declared, and `Foo` defines a sub `bar` or `bar` starts lowercase (`B::begin_av->ARRAY`;
    /// classes are capitalised, and a declared lowercase class such as `URI::urn` stays a class).
    /// Returns (package, sub).
    fn function_invocant<'s>(&self, invocant: &'s str) -> Option<(&'s str, &'s str)> {
        let (package, sub) = invocant.rsplit_once("::")?;
        let defined = self
            .index
            .subs
            .contains(&(package.to_string(), sub.to_string()));
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
    ) -> (EdgeKind, String, Option<&'s str>) {
        if let Some((package, sub)) = class.rsplit_once("::") {
            if self
                .index
                .subs
                .contains(&(package.to_string(), sub.to_string()))
            {
                return (EdgeKind::Call, package.to_string(), Some(sub));
            }
        }
        (EdgeKind::ClassMethod, class.to_string(), method)
    }

    /// The class a `SUPER::symbol` call in `package` reaches: the first class after `package` in
    /// its method resolution order that defines the sub, else the first parent. The order is
    /// Perl's: depth-first left-to-right, or C3 when the package says `use mro 'c3'`.
    fn super_target(&self, package: &str, symbol: Option<&str>) -> Option<(NodeKind, String)> {
        let first_parent = self.parents.get(package)?.first()?;
        let order = if self.c3.contains(package) {
            self.c3_order(package, 0)
                .unwrap_or_else(|| self.depth_first_order(package))
        } else {
            self.depth_first_order(package)
        };
        let defining = symbol.and_then(|s| {
            order
                .iter()
                .skip(1)
                .find(|p| self.index.subs.contains(&((*p).clone(), s.to_string())))
        });
        self.target_node(defining.unwrap_or(first_parent))
    }

    /// Perl's default method resolution order: `package`, then each parent's order, depth-first
    /// left-to-right, each class once (inheritance cycles end where they close).
    fn depth_first_order(&self, package: &str) -> Vec<String> {
        let mut order = Vec::new();
        let mut seen = BTreeSet::new();
        let mut stack = vec![package.to_string()];
        while let Some(class) = stack.pop() {
            if !seen.insert(class.clone()) {
                continue;
            }
            if let Some(parents) = self.parents.get(&class) {
                stack.extend(parents.iter().rev().cloned());
            }
            order.push(class);
        }
        order
    }

    /// The C3 linearization of `package` (`use mro 'c3'`), or `None` when the hierarchy has
    /// none (inconsistent, cyclic, or deeper than any real one).
    fn c3_order(&self, package: &str, depth: usize) -> Option<Vec<String>> {
        const MAX_DEPTH: usize = 100;
        if depth > MAX_DEPTH {
            return None;
        }
        let parents = self.parents.get(package).cloned().unwrap_or_default();
        let mut sequences: Vec<std::collections::VecDeque<String>> = Vec::new();
        for parent in &parents {
            sequences.push(self.c3_order(parent, depth + 1)?.into());
        }
        sequences.push(parents.into());
        let mut order = vec![package.to_string()];
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
                .cloned()
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
        &self,
        file: &FileFacts,
        package: &str,
        name: &str,
        required_files: &[String],
    ) -> Option<(NodeKind, String)> {
        let uses = file
            .refs
            .iter()
            .filter(|r| r.kind == RefKind::Use && r.package == package)
            .filter(|r| self.index.package_files.contains_key(&r.target) || !is_pragma(&r.target));
        let mut default_candidate = None;
        for used in uses {
            let exports = self.index.exports.get(&used.target);
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
                        return self.target_node(&used.target);
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
        if default_candidate.is_some() {
            return default_candidate;
        }
        required_files
            .iter()
            .find(|path| {
                self.index
                    .main_subs
                    .get(*path)
                    .is_some_and(|subs| subs.contains(name))
            })
            .and_then(|path| self.file_node(path))
    }

    fn finish(self) -> DepGraph {
        // nodes sorted by (kind, name): the BTreeMap order
        let mut graph = DepGraph::default();
        let mut index = HashMap::new();
        for ((kind, name), node) in self.nodes {
            index.insert((kind, name), NodeId::from_index(graph.nodes.len()));
            graph.nodes.push(node);
        }
        for (from, targets) in self.edges {
            let Some(&a) = index.get(&from) else {
                continue;
            };
            for (to, stats) in targets {
                if let Some(&b) = index.get(&to) {
                    graph.edges.insert((a, b), stats);
                }
            }
        }
        for named in self.references.into_iter().flatten() {
            if let (Some(&from), Some(&to)) = (index.get(&named.from), index.get(&named.to)) {
                graph.references.push(ResolvedRef {
                    from,
                    to,
                    kind: named.kind,
                    symbol: named.symbol,
                    location: named.location,
                });
            }
        }
        graph.references.sort();
        graph
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_relative_paths() {
        assert_eq!(
            join("cgi-bin", "../lib/common.pl").as_deref(),
            Some("lib/common.pl")
        );
        assert_eq!(join("", "lib/x.pl").as_deref(), Some("lib/x.pl"));
        assert_eq!(join("", "../x.pl"), None);
        assert_eq!(join("a", "/abs.pl"), None);
    }
}
