//! The tree-sitter queries in `queries/perl/`, compiled once per process.
//!
//! The `.scm` files are the specification of what seam understands; this module compiles them into
//! one query (so each tree is walked once), remembers which patterns describe structure (processed
//! first, because references need the package scopes and subs) and resolves capture names once.

use std::sync::OnceLock;
use tree_sitter::{Language, Node, Query};

/// The Perl grammar seam is built against.
pub fn language() -> Language {
    ts_parser_perl::LANGUAGE.into()
}

/// A node's kind name without `Node::kind`'s cost. `Node::kind` asks the grammar for a C string
/// and checks it is UTF-8 (`strlen`, then a validation: ~170 instructions a call, and the
/// extractor asks ~120,000 times on LedgerSMB); this reads the same name from a table indexed by
/// the node's kind id. The names agree: `kind_id` is the node's public symbol, which tree-sitter
/// maps every symbol to by name (and named-ness), so the public symbol's name is the symbol's.
pub(crate) trait KindName {
    /// The same text as `Node::kind`.
    fn kind_name(&self) -> &'static str;
}

impl KindName for Node<'_> {
    fn kind_name(&self) -> &'static str {
        match kind_names().get(usize::from(self.kind_id())) {
            Some(name) => name,
            // ids outside the grammar's table (the `ERROR` symbol): ask the grammar
            None => self.kind(),
        }
    }
}

/// Every kind name of the grammar, by kind id.
fn kind_names() -> &'static [&'static str] {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let language = language();
        (0..language.node_kind_count() as u16)
            .map(|id| language.node_kind_for_id(id).unwrap_or(""))
            .collect()
    })
}

/// Query sources, by file name, in the order they are compiled. Exposed so tests can check that
/// every file compiles on its own and names its captures as documented.
pub const QUERY_FILES: &[(&str, &str)] = &[
    (
        "packages.scm",
        include_str!("../../../queries/perl/packages.scm"),
    ),
    ("subs.scm", include_str!("../../../queries/perl/subs.scm")),
    (
        "complexity.scm",
        include_str!("../../../queries/perl/complexity.scm"),
    ),
    ("lines.scm", include_str!("../../../queries/perl/lines.scm")),
    (
        "includes.scm",
        include_str!("../../../queries/perl/includes.scm"),
    ),
    (
        "inheritance.scm",
        include_str!("../../../queries/perl/inheritance.scm"),
    ),
    ("calls.scm", include_str!("../../../queries/perl/calls.scm")),
    (
        "variables.scm",
        include_str!("../../../queries/perl/variables.scm"),
    ),
    (
        "dynamic.scm",
        include_str!("../../../queries/perl/dynamic.scm"),
    ),
];

/// Every capture name used in `queries/perl/`, sorted. Matches carry indices into this list, so
/// both engines (and the handlers) agree on names without compiling the query; a test checks it
/// against the files.
pub const CAPTURE_NAMES: &[&str] = &[
    "autoload.name",
    "bareword.name",
    "call.function",
    "class_parent.attribute",
    "class_parent.class",
    "class_parent.name",
    "decision.branch",
    "decision.logical",
    "decision.loop",
    "decision.modifier",
    "decision.ternary",
    "do.path",
    "embedded.modifiers",
    "embedded.regexp",
    "embedded.replacement",
    "error",
    "eval.code",
    "glob_assignment.target",
    "global.variable",
    "include.module",
    "include.statement",
    "include.verb",
    "indirect.arguments",
    "indirect.method",
    "loader.arguments",
    "loader.name",
    "method.call",
    "method.invocant",
    "method.name",
    "noncode.comment",
    "noncode.data",
    "noncode.pod",
    "package.declaration",
    "package.name",
    "package_list.name",
    "package_list.values",
    "package_list.verb",
    "require.dynamic",
    "require.module",
    "require.path",
    "sub.declaration",
    "sub.name",
    "sugar.keyword",
    "sugar.names",
    "variable.array",
    "variable.hash",
    "variable.scalar",
];

/// The name of capture `index` (an index into [`CAPTURE_NAMES`]).
pub fn capture_name(index: u32) -> &'static str {
    CAPTURE_NAMES.get(index as usize).copied().unwrap_or("")
}

/// The index of capture `name` in [`CAPTURE_NAMES`].
pub fn capture_index(name: &str) -> u32 {
    CAPTURE_NAMES
        .binary_search(&name)
        .unwrap_or_else(|_| panic!("@{name} is not in CAPTURE_NAMES")) as u32
}

/// Files whose matches the extractor processes first (references need the scopes they open).
const STRUCTURE_FILES: &[&str] = &["packages.scm", "subs.scm", "complexity.scm", "lines.scm"];

/// A compiled query with its capture names resolved.
pub struct CompiledQuery {
    /// The tree-sitter query.
    pub query: Query,
    /// Patterns `0..structure_patterns` come from the structure files.
    pub structure_patterns: usize,
    /// Query capture index to [`CAPTURE_NAMES`] index.
    to_capture_name: Vec<u32>,
}

impl CompiledQuery {
    /// Compiles every query file into one query (one walk per tree), structure files first.
    fn compile() -> Self {
        let (structure, references): (Vec<_>, Vec<_>) = QUERY_FILES
            .iter()
            .partition(|(name, _)| STRUCTURE_FILES.contains(name));
        let structure_source: String = structure
            .iter()
            .map(|(_, text)| *text)
            .collect::<Vec<_>>()
            .join("\n");
        let source = format!(
            "{structure_source}\n{}",
            references
                .iter()
                .map(|(_, text)| *text)
                .collect::<Vec<_>>()
                .join("\n")
        );
        // The query files are compiled into the binary and tested (`tests/queries.rs`); a failure
        // here is a build defect, not an input problem.
        let query = Query::new(&language(), &source)
            .unwrap_or_else(|e| panic!("seam's embedded Perl queries do not compile: {e}"));
        let to_capture_name = query
            .capture_names()
            .iter()
            .map(|name| capture_index(name))
            .collect();
        let structure_patterns = (0..query.pattern_count())
            .take_while(|&i| query.start_byte_for_pattern(i) < structure_source.len())
            .count();
        CompiledQuery {
            query,
            structure_patterns,
            to_capture_name,
        }
    }

    /// The [`CAPTURE_NAMES`] index of this query's capture `index`.
    pub fn capture_name_index(&self, index: u32) -> u32 {
        self.to_capture_name[index as usize]
    }
}

/// The compiled queries.
pub struct Queries {
    /// Every query file in one query, structure patterns first.
    pub all: CompiledQuery,
}

/// The process-wide compiled queries.
pub fn queries() -> &'static Queries {
    static QUERIES: OnceLock<Queries> = OnceLock::new();
    QUERIES.get_or_init(|| Queries {
        all: CompiledQuery::compile(),
    })
}
