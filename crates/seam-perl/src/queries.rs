//! The tree-sitter queries in `queries/perl/`, compiled once per process.
//!
//! The `.scm` files are the specification of what seam understands; this module only groups them
//! into the two passes the extractor runs (structure first, because references need the package
//! scopes and subs it finds) and resolves capture names to indices once.

use std::sync::OnceLock;
use tree_sitter::{Language, Query};

/// The Perl grammar seam is built against.
pub fn language() -> Language {
    ts_parser_perl::LANGUAGE.into()
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

const STRUCTURE_FILES: &[&str] = &["packages.scm", "subs.scm", "complexity.scm", "lines.scm"];
const REFERENCE_FILES: &[&str] = &[
    "includes.scm",
    "inheritance.scm",
    "calls.scm",
    "variables.scm",
    "dynamic.scm",
];

/// A compiled query with its capture names resolved.
pub struct CompiledQuery {
    /// The tree-sitter query.
    pub query: Query,
    names: Vec<&'static str>,
}

impl CompiledQuery {
    fn compile(files: &[&str]) -> Self {
        let source: String = files
            .iter()
            .map(|name| {
                QUERY_FILES
                    .iter()
                    .find(|(file, _)| file == name)
                    .map(|(_, text)| *text)
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join("\n");
        // The query files are compiled into the binary and tested (`tests/queries.rs`); a failure
        // here is a build defect, not an input problem.
        let query = Query::new(&language(), &source)
            .unwrap_or_else(|e| panic!("seam's embedded Perl queries do not compile: {e}"));
        let names = query
            .capture_names()
            .iter()
            .map(|n| &*Box::leak(n.to_string().into_boxed_str()))
            .collect();
        CompiledQuery { query, names }
    }

    /// The capture name of capture index `index`.
    pub fn name(&self, index: u32) -> &'static str {
        self.names[index as usize]
    }
}

/// Both passes' queries.
pub struct Queries {
    /// Packages, subs, decision points, non-code regions and parse errors.
    pub structure: CompiledQuery,
    /// Everything that refers to another package or file.
    pub references: CompiledQuery,
}

/// The process-wide compiled queries.
pub fn queries() -> &'static Queries {
    static QUERIES: OnceLock<Queries> = OnceLock::new();
    QUERIES.get_or_init(|| Queries {
        structure: CompiledQuery::compile(STRUCTURE_FILES),
        references: CompiledQuery::compile(REFERENCE_FILES),
    })
}
