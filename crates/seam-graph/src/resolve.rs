//! Facts to the package-level graph: which names are internal, which file a `require "x.pl"`
//! means, which module a bare call was imported from, which parent a `SUPER::` call reaches.

mod builder;

use crate::model::{DepGraph, Location, NodeKind};
use crate::templates::{template_node_name, Templates};
pub(crate) use builder::{Builder, Inheritance, NamedRef};
use seam_perl::{ExportList, FileFacts, RefKind};
use std::collections::{BTreeMap, BTreeSet};

/// Resolution's hash maps: foldhash, seeded per process as std's are (so, as before, no output may
/// depend on their order), and much cheaper than std's SipHash on short names (SipHash was ~6%
/// of a warm `check --base` at 10 M lines).
pub(crate) type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
/// Resolution's hash sets (see [`HashMap`]).
pub(crate) type HashSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;

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

/// Indexes over all files that resolution consults. Names are borrowed from the facts (no
/// string is copied to build it); sets and maps whose order nobody sees are hashed.
pub(crate) struct Index<'f> {
    pub(crate) facts: Vec<&'f FileFacts>,
    /// Internal package name to declaring files (ordered: nodes and reports list them by name).
    package_files: BTreeMap<&'f str, Vec<&'f str>>,
    /// Files whose code runs in `main`.
    scripts: HashSet<&'f str>,
    /// (package, sub) defined somewhere.
    subs: HashSet<(&'f str, &'f str)>,
    /// Subs defined in `main` per file (for `require "lib.pl"` libraries).
    main_subs: HashMap<&'f str, HashSet<&'f str>>,
    exports: HashMap<&'f str, Exports<'f>>,
    /// Every file path, for resolving `require "x.pl"`.
    paths: HashSet<&'f str>,
    /// A file's first declared package: the node a `require "x.pl"` of a module file reaches.
    first_package: HashMap<&'f str, &'f str>,
    /// Template and component files, for names in `template` references.
    templates: Templates,
}

#[derive(Default)]
struct Exports<'f> {
    default: HashSet<&'f str>,
    tags: HashMap<&'f str, HashSet<&'f str>>,
}

impl<'f> Index<'f> {
    pub(crate) fn new(
        all: &'f [FileFacts],
        options: &ResolveOptions,
        report: &mut ResolveReport,
    ) -> Self {
        let facts: Vec<&FileFacts> = all
            .iter()
            .filter(|f| options.include_tests || !is_test_file(&f.path))
            .collect();
        report.excluded_files = all.len() - facts.len();
        let mut index = Index {
            facts,
            package_files: BTreeMap::new(),
            scripts: HashSet::default(),
            subs: HashSet::default(),
            main_subs: HashMap::default(),
            exports: HashMap::default(),
            paths: all.iter().map(|f| f.path.as_str()).collect(),
            first_package: HashMap::default(),
            templates: Templates::new(&options.template_roots),
        };
        for file in index.facts.clone() {
            let path = file.path.as_str();
            // `package main;` is the scripts' package, never a node of its own
            for package in file.packages.iter().filter(|p| p.name != "main") {
                let files = index.package_files.entry(&package.name).or_default();
                if !files.contains(&path) {
                    files.push(path);
                }
            }
            if let Some(first) = file.packages.iter().find(|p| p.name != "main") {
                index.first_package.insert(path, &first.name);
            }
            if is_script(file) {
                index.scripts.insert(path);
            }
            if let Some(template) = &file.template {
                index.templates.add(&file.path, template);
            }
            for sub in &file.subs {
                index.subs.insert((&sub.package, &sub.name));
                if sub.package == "main" {
                    index.main_subs.entry(path).or_default().insert(&sub.name);
                }
            }
            for export in &file.exports {
                let entry = index.exports.entry(&export.package).or_default();
                let symbols = export.symbols.iter().map(|s| s.trim_start_matches('&'));
                match export.list {
                    ExportList::Export => entry.default.extend(symbols),
                    // `@EXPORT_OK` names what may be imported by name: any name may be, so
                    // nothing is looked up in it
                    ExportList::ExportOk => {}
                    ExportList::ExportTags => {
                        let tag = export.tag.as_deref().unwrap_or_default();
                        entry.tags.entry(tag).or_default().extend(symbols);
                    }
                }
            }
        }
        report.duplicate_packages = index
            .package_files
            .iter()
            .filter(|(_, files)| files.len() > 1)
            .map(|(name, files)| (name.to_string(), owned(files)))
            .collect();
        index
    }
}

/// Borrowed paths as owned strings.
fn owned(files: &[&str]) -> Vec<String> {
    files.iter().map(|f| f.to_string()).collect()
}

/// A file is a script when it is not a module file nor a template and code runs in `main`.
pub(crate) fn is_script(file: &FileFacts) -> bool {
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
pub(crate) fn owner_of_main(
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
    let inheritance = Inheritance::new(&index);
    let mut builder = Builder::new(&index, options, &roots, &inheritance);
    builder.declared_nodes();
    for file in &index.facts {
        builder.metrics(file);
    }
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
        .map(|(name, files)| (name.to_string(), owned(files)))
        .collect()
}

/// `lib/` when it exists, `use lib` literal paths (relative to the root or to the using file),
/// and the roots given by the user.
pub(crate) fn lib_roots(index: &Index<'_>, options: &ResolveOptions) -> Vec<String> {
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

pub(crate) fn parent_dir(path: &str) -> &str {
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
