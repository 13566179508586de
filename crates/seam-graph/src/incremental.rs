//! Another revision's graph from today's, re-resolving only the files that differ (`seam check
//! --base` with a small change).
//!
//! Resolution is an index over every file (packages and their files, scripts, subs, exports,
//! `@ISA` and `use mro`, `use lib` roots, paths, templates) and then, per file, that file's
//! contribution read through the index: node measures (subs, complexity, code lines, blind
//! spots) and references (each one an edge count, a symbol, a location in the file). When each
//! changed file gives the index the same part at both revisions ([`IndexPart`]), the index is
//! the same, so every other file contributes the same at both: the other revision's graph is
//! today's with the changed files' contributions taken out and theirs at the other revision put
//! in. An edge is the sum of its references (see [`crate::EdgeStats::add`]: counts, a set of
//! symbols, the first locations), so an edge a changed file touches is summed again from the
//! references. Anything else (a file added, deleted or renamed, a changed template, a part of
//! the index that differs) is `None`: resolve the other revision in full.

use crate::model::{DepGraph, EdgeStats, Node, NodeId, NodeKind, ResolvedRef};
use crate::resolve::{
    is_script, is_test_file, lib_roots, Builder, Index, Inheritance, NamedRef, ResolveOptions,
    ResolveReport,
};
use seam_perl::{Export, FileFacts, RefKind};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// What one file gives the resolution index: two versions of a file with equal parts leave
/// every other file's resolution as it was.
#[derive(PartialEq)]
struct IndexPart<'f> {
    /// A test file left out (then nothing else counts).
    excluded: bool,
    template: bool,
    script: bool,
    packages: Vec<&'f str>,
    exports: &'f [Export],
    /// `@ISA` and roles as written: (package, parent).
    parents: Vec<(&'f str, &'f str)>,
    /// `use mro ...` and `use lib ...`: (kind, package, imports).
    pragmas: Vec<(&'f str, &'f str, Option<&'f [String]>)>,
}

impl<'f> IndexPart<'f> {
    fn new(file: &'f FileFacts, options: &ResolveOptions) -> IndexPart<'f> {
        let excluded = !options.include_tests && is_test_file(&file.path);
        if excluded {
            return IndexPart {
                excluded,
                template: false,
                script: false,
                packages: Vec::new(),
                exports: &[],
                parents: Vec::new(),
                pragmas: Vec::new(),
            };
        }
        IndexPart {
            excluded,
            template: file.template.is_some(),
            script: is_script(file),
            packages: file.packages.iter().map(|p| p.name.as_str()).collect(),
            exports: &file.exports,
            parents: file
                .refs
                .iter()
                .filter(|r| r.kind == RefKind::Parent)
                .map(|r| (r.package.as_str(), r.target.as_str()))
                .collect(),
            pragmas: file
                .refs
                .iter()
                .filter(|r| r.kind == RefKind::Use && matches!(r.target.as_str(), "mro" | "lib"))
                .map(|r| (r.target.as_str(), r.package.as_str(), r.imports.as_deref()))
                .collect(),
        }
    }
}

/// The (package, sub) pairs `file` defines.
fn subs(file: &FileFacts) -> BTreeSet<(&str, &str)> {
    file.subs
        .iter()
        .map(|s| (s.package.as_str(), s.name.as_str()))
        .collect()
}

/// Whether `other` (another revision of `today`: equal facts outside `changed`) has today's
/// resolution index, as far as any file's resolution can tell: the same paths, each changed file
/// (none a template) giving the index the same part at both, and a sub defined at one revision
/// only named by no reference it could resolve (see [`subs_matter`]). Then [`resolve_changed`]
/// answers; checking this needs no graph.
pub fn same_index(
    today: &[FileFacts],
    other: &[FileFacts],
    changed: &BTreeSet<String>,
    options: &ResolveOptions,
) -> bool {
    if today.len() != other.len() || today.iter().zip(other).any(|(a, b)| a.path != b.path) {
        return false;
    }
    let mut differing: BTreeSet<(&str, &str)> = BTreeSet::new();
    for path in changed {
        let Ok(at) = today.binary_search_by(|f| f.path.as_str().cmp(path)) else {
            return false;
        };
        let (now, then) = (&today[at], &other[at]);
        let part = IndexPart::new(now, options);
        if part.template || part != IndexPart::new(then, options) {
            return false;
        }
        if !part.excluded {
            differing.extend(subs(now).symmetric_difference(&subs(then)));
        }
    }
    let changed_then = changed
        .iter()
        .filter_map(|path| other.binary_search_by(|f| f.path.as_str().cmp(path)).ok())
        .map(|at| &other[at]);
    differing.is_empty() || !subs_matter(&differing, today.iter().chain(changed_then))
}

/// Whether a reference in `files` could resolve differently with or without the subs
/// `differing` ((package, sub) defined at one revision only): `Foo::bar->m` and `METHOD
/// Foo::Bar(...)` naming one (a call or a class), a `SUPER::` call of one of their names (any
/// class may be in the order), a bare call of one of their names defined in `main` (a
/// required `.pl` library's sub).
fn subs_matter<'f>(
    differing: &BTreeSet<(&str, &str)>,
    mut files: impl Iterator<Item = &'f FileFacts>,
) -> bool {
    let names: HashSet<&str> = differing.iter().map(|(_, name)| *name).collect();
    let in_main: HashSet<&str> = differing
        .iter()
        .filter(|(package, _)| *package == "main")
        .map(|(_, name)| *name)
        .collect();
    files.any(|file| {
        let refs = file.refs.iter().any(|r| match r.kind {
            RefKind::ClassMethod | RefKind::Indirect => {
                r.target.rsplit_once("::").is_some_and(|(package, sub)| {
                    names.contains(sub) && differing.contains(&(package, sub))
                })
            }
            RefKind::SuperCall => r.symbol.as_deref().is_some_and(|s| names.contains(s)),
            _ => false,
        });
        refs || (!in_main.is_empty()
            && file
                .bare_calls
                .iter()
                .any(|c| in_main.contains(c.name.as_str())))
    })
}

/// One file's contribution: node measures (nodes keyed by kind and name, with only what the file
/// adds) and references by node name.
#[derive(Debug)]
struct Contribution {
    nodes: BTreeMap<(NodeKind, String), Node>,
    references: Vec<NamedRef>,
}

/// The graph of `other` (another revision of `today`: the same paths, sorted by path, equal
/// facts outside `changed`), given today's `graph` resolved from `today` with the same
/// `options` (references kept). `None` when the shortcut does not hold (see the module docs):
/// then [`crate::resolve`] `other`. Equal to `resolve(other, options).0` (a test compares them).
pub fn resolve_changed(
    today: &[FileFacts],
    graph: &DepGraph,
    other: &[FileFacts],
    changed: &BTreeSet<String>,
    options: &ResolveOptions,
) -> Option<DepGraph> {
    Changes::new(today, other, changed, options)?.apply(graph)
}

/// [`resolve_changed`] in two steps: what the changed files contribute at both revisions
/// (needs the facts only: it can be computed while today's graph is resolved), then
/// [`Changes::apply`] to today's graph.
#[derive(Debug)]
pub struct Changes {
    paths: BTreeSet<String>,
    before: Vec<Contribution>,
    after: Vec<Contribution>,
}

impl Changes {
    /// The contributions of the `changed` files at both revisions, read through today's index;
    /// `None` when the shortcut does not hold (see [`resolve_changed`]).
    pub fn new(
        today: &[FileFacts],
        other: &[FileFacts],
        changed: &BTreeSet<String>,
        options: &ResolveOptions,
    ) -> Option<Changes> {
        if !options.keep_references || !same_index(today, other, changed, options) {
            return None;
        }
        let pairs: Vec<(&FileFacts, &FileFacts)> = changed
            .iter()
            .filter_map(|path| today.binary_search_by(|f| f.path.as_str().cmp(path)).ok())
            .filter(|&at| !IndexPart::new(&today[at], options).excluded)
            .map(|at| (&today[at], &other[at]))
            .collect();
        let mut unused = ResolveReport::default();
        let index = Index::new(today, options, &mut unused);
        let roots = lib_roots(&index, options);
        let inheritance = Inheritance::new(&index);
        let contribution = |file: &FileFacts| {
            let mut builder = Builder::new(&index, options, &roots, &inheritance);
            builder.metrics(file);
            builder.file(file, &mut ResolveReport::default());
            let (nodes, references) = builder.contribution();
            Contribution { nodes, references }
        };
        let (before, after) = pairs
            .iter()
            .map(|(now, then)| (contribution(now), contribution(then)))
            .unzip();
        Some(Changes {
            paths: changed.clone(),
            before,
            after,
        })
    }

    /// The other revision's graph from today's `graph` (resolved from the `today` given to
    /// [`Changes::new`], with the same options); `None` when it cannot be told apart safely
    /// (then resolve in full).
    pub fn apply(&self, graph: &DepGraph) -> Option<DepGraph> {
        let paths: HashSet<&str> = self.paths.iter().map(String::as_str).collect();
        assemble(graph, &paths, &self.before, &self.after)
    }
}

/// Node `kind`/`name` in `nodes` (sorted by kind, then name).
fn find(nodes: &[Node], kind: NodeKind, name: &str) -> Option<usize> {
    nodes
        .binary_search_by(|n| (n.kind, n.name.as_str()).cmp(&(kind, name)))
        .ok()
}

/// Today's graph with the `before` contributions of the files in `changed` taken out and the
/// `after` ones put in.
fn assemble(
    graph: &DepGraph,
    changed: &HashSet<&str>,
    before: &[Contribution],
    after: &[Contribution],
) -> Option<DepGraph> {
    let mut nodes = graph.nodes.clone();
    for ((kind, name), part) in before.iter().flat_map(|c| &c.nodes) {
        let at = find(&nodes, *kind, name)?;
        let node = &mut nodes[at];
        if node.kind != NodeKind::External && node.files.is_empty() {
            // a node no file declares (code in `package main` of a module file): there while
            // some file measures it or is blind in it, perhaps only the changed one
            return None;
        }
        node.code_lines = node.code_lines.checked_sub(part.code_lines)?;
        node.subs = node.subs.checked_sub(part.subs)?;
        node.complexity = node.complexity.checked_sub(part.complexity)?;
        node.blind_spots = node.blind_spots.checked_sub(part.blind_spots)?;
    }
    // nodes the other revision adds: only externals (the index declares the same nodes)
    let mut added: BTreeSet<&str> = BTreeSet::new();
    for ((kind, name), part) in after.iter().flat_map(|c| &c.nodes) {
        match find(&nodes, *kind, name) {
            Some(at) => {
                let node = &mut nodes[at];
                node.code_lines += part.code_lines;
                node.subs += part.subs;
                node.complexity += part.complexity;
                node.blind_spots += part.blind_spots;
            }
            None if *kind == NodeKind::External => {
                added.insert(name);
            }
            None => return None,
        }
    }
    // an external node is there while something refers to it
    let kept: Vec<&ResolvedRef> = graph
        .references
        .iter()
        .filter(|r| !changed.contains(r.location.file.as_str()))
        .collect();
    let mut referenced = vec![false; nodes.len()];
    for reference in &kept {
        referenced[reference.to.index()] = true;
    }
    let externals_after: HashSet<&str> = after
        .iter()
        .flat_map(|c| &c.references)
        .filter(|r| r.to.0 == NodeKind::External)
        .map(|r| r.to.1.as_str())
        .collect();
    let old_count = nodes.len();
    let mut next: Vec<Node> = Vec::with_capacity(old_count + added.len());
    let mut removed = false;
    for (at, node) in nodes.into_iter().enumerate() {
        let keep = node.kind != NodeKind::External
            || referenced[at]
            || externals_after.contains(node.name.as_str());
        if keep {
            next.push(node);
        } else {
            removed = true;
        }
    }
    let identity = !removed && added.is_empty();
    if !added.is_empty() {
        next.extend(
            added
                .iter()
                .map(|name| Node::bare(*name, NodeKind::External)),
        );
        next.sort_by(|a, b| (a.kind, &a.name).cmp(&(b.kind, &b.name)));
    }
    // today's node ids to the other revision's (the same when no external came or went)
    let table: Vec<Option<NodeId>> = match identity {
        true => Vec::new(),
        false => graph
            .nodes
            .iter()
            .map(|n| find(&next, n.kind, &n.name).map(NodeId::from_index))
            .collect(),
    };
    let remap = |id: NodeId| match identity {
        true => Some(id),
        false => table[id.index()],
    };
    let id_of =
        |(kind, name): &(NodeKind, String)| find(&next, *kind, name).map(NodeId::from_index);
    let mut references: Vec<ResolvedRef> = Vec::with_capacity(graph.references.len());
    for r in kept {
        references.push(ResolvedRef {
            from: remap(r.from)?,
            to: remap(r.to)?,
            kind: r.kind,
            symbol: r.symbol.clone(),
            location: r.location.clone(),
        });
    }
    let mut touched: BTreeSet<(NodeId, NodeId)> = BTreeSet::new();
    let mut new_references = Vec::new();
    for named in after.iter().flat_map(|c| &c.references) {
        // a referencing node that does not exist (undeclared, unmeasured): dropped, as in full
        let (Some(from), Some(to)) = (id_of(&named.from), id_of(&named.to)) else {
            continue;
        };
        touched.insert((from, to));
        new_references.push(ResolvedRef {
            from,
            to,
            kind: named.kind,
            symbol: named.symbol.clone(),
            location: named.location.clone(),
        });
    }
    for named in before.iter().flat_map(|c| &c.references) {
        if let (Some(from), Some(to)) = (id_of(&named.from), id_of(&named.to)) {
            touched.insert((from, to));
        }
    }
    new_references.sort();
    // two sorted runs: the sort merges them
    references.extend(new_references);
    references.sort();
    let mut edges: BTreeMap<(NodeId, NodeId), EdgeStats> = match identity {
        true => graph.edges.clone(),
        false => graph
            .edges
            .iter()
            .filter_map(|(&(a, b), stats)| Some(((remap(a)?, remap(b)?), stats.clone())))
            .collect(),
    };
    for (from, to) in touched {
        match edge_of(&references, from, to) {
            Some(stats) => edges.insert((from, to), stats),
            None => edges.remove(&(from, to)),
        };
    }
    Some(DepGraph {
        nodes: next,
        edges,
        references,
    })
}

/// The stats of the edge `from -> to`: the sum of its references (`references` sorted).
fn edge_of(references: &[ResolvedRef], from: NodeId, to: NodeId) -> Option<EdgeStats> {
    let start = references.partition_point(|r| (r.from, r.to) < (from, to));
    let end = references.partition_point(|r| (r.from, r.to) <= (from, to));
    let mut stats = EdgeStats::default();
    for r in &references[start..end] {
        stats.add(r.kind, r.symbol.as_deref(), r.location.clone());
    }
    (start < end).then_some(stats)
}
