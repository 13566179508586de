//! Perl source to dependency facts.
//!
//! `seam-perl` parses one Perl file at a time with tree-sitter (the `ts-parser-perl` grammar) and
//! returns its [`FileFacts`]: packages, subs with size and complexity, typed references with lines
//! and confidence, export lists, bare calls, globals and diagnostics. The patterns it looks for
//! live in `queries/perl/*.scm`; this crate adds what a query cannot say (scoping, literal lists,
//! normalisation, error recovery).
//!
//! Invariants: facts depend only on the file's bytes; the crate never runs Perl; it never panics
//! on input (binary, non-UTF-8, huge, deeply nested or non-Perl files yield diagnostics).
//!
//! ```
//! let mut extractor = seam_perl::Extractor::new(Default::default());
//! let facts = extractor.extract("lib/Foo.pm", b"package Foo;\nuse parent 'Bar';\n");
//! assert_eq!(facts.packages[0].name, "Foo");
//! assert!(facts.refs.iter().any(|r| r.kind == seam_perl::RefKind::Parent && r.target == "Bar"));
//! ```

mod builtins;
mod data;
mod extract;
mod facts;
pub mod files;
mod lines;
mod literal;
mod matches;
mod queries;
mod recovery;
mod repair;
mod scope;
mod seam_comments;
mod walker;

pub use builtins::is_core_namespace;
pub use data::orm_method_access;
pub use extract::{ExtractOptions, Extractor};
pub use facts::*;
pub use matches::MatchEngine;
pub use queries::{language, CAPTURE_NAMES, QUERY_FILES};
#[doc(hidden)]
pub use walker::LOADER_NAMES;
