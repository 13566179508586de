//! Matches of the `queries/perl/` patterns over one tree, and the reference way to find them.
//!
//! The `.scm` files are the specification. Two engines find their matches: tree-sitter's query
//! engine ([`collect_with_query`]), and a hand-written walker (`walker.rs`) that implements the
//! same patterns in one pass over the named nodes. The query engine costs about 30% of parse time
//! on real Perl even for a one-pattern query; the walker about half of that. `tests/engines.rs`
//! checks that both produce the same matches on every fixture and on the example monolith, so the
//! `.scm` files stay the truth and the walker is only an optimisation of them.

use crate::data::Candidates;
use crate::queries::{capture_name, CompiledQuery};
use streaming_iterator::StreamingIterator;
use tree_sitter::{Node, QueryCapture, QueryCursor};

/// Which engine matches the patterns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum MatchEngine {
    /// The hand-written walker: one pass over the named nodes, the default.
    #[default]
    Walker,
    /// tree-sitter's query engine running the `.scm` files directly (the reference).
    Query,
}

/// Every match over one tree, stored flat: structure matches are processed before reference
/// matches (references need the package scopes), but the tree is walked once.
pub struct Matches<'tree> {
    captures: Vec<QueryCapture<'tree>>,
    /// (is a structure pattern, start, end) into `captures`, in match order.
    spans: Vec<(bool, usize, usize)>,
    /// The nodes the data pass reads, when the walker gathered them on its way.
    pub(crate) data: Option<Candidates<'tree>>,
    /// When the walker found the matches: the start byte of every `function` node that is its
    /// call's `function` field, in document order (recorded on the way down, so that the
    /// references need no `Node::parent`, which walks down from the root, per bare call).
    pub(crate) call_functions: Option<Vec<usize>>,
    /// When the walker found the matches: the start byte of every `bareword.name` capture that
    /// stands where a name is declared or a class invokes (see [`Matches::is_name_bareword`]),
    /// in document order (read from the parent on the way down, for the same reason).
    pub(crate) name_barewords: Option<Vec<usize>>,
}

impl<'tree> Matches<'tree> {
    pub(crate) fn new() -> Self {
        Matches {
            captures: Vec::new(),
            spans: Vec::new(),
            data: None,
            call_functions: None,
            name_barewords: None,
        }
    }

    /// Records one match.
    pub(crate) fn push(&mut self, structure: bool, captures: &[QueryCapture<'tree>]) {
        let start = self.captures.len();
        self.captures.extend_from_slice(captures);
        self.spans.push((structure, start, self.captures.len()));
    }

    /// How many matches were recorded.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether `function` (a `function` node) is the `function` field of a call
    /// (`function_call_expression` or `ambiguous_function_call_expression`); `None` when the
    /// engine did not record it.
    pub(crate) fn is_call_function(&self, function: Node<'_>) -> Option<bool> {
        let starts = self.call_functions.as_ref()?;
        Some(starts.binary_search(&function.start_byte()).is_ok())
    }

    /// Whether `bareword` (a `bareword.name` capture) is in a name position: under a
    /// `require_expression`, its parent's `name` field, or a method call's `invocant`; `None`
    /// when the engine did not record it.
    pub(crate) fn is_name_bareword(&self, bareword: Node<'_>) -> Option<bool> {
        let starts = self.name_barewords.as_ref()?;
        Some(starts.binary_search(&bareword.start_byte()).is_ok())
    }

    fn select(&self, structure: bool) -> impl Iterator<Item = &[QueryCapture<'tree>]> {
        self.spans
            .iter()
            .filter(move |(is_structure, _, _)| *is_structure == structure)
            .map(|&(_, start, end)| &self.captures[start..end])
    }

    /// Matches of `packages.scm`, `subs.scm`, `complexity.scm` and `lines.scm`.
    pub fn structure(&self) -> impl Iterator<Item = &[QueryCapture<'tree>]> {
        self.select(true)
    }

    /// Matches of the reference files.
    pub fn references(&self) -> impl Iterator<Item = &[QueryCapture<'tree>]> {
        self.select(false)
    }

    /// Every match as sorted `capture-name@start-end` lists, for comparing engines.
    pub fn summary(&self) -> Vec<String> {
        let mut all: Vec<String> = self
            .spans
            .iter()
            .map(|&(_, start, end)| {
                let mut captures: Vec<String> = self.captures[start..end]
                    .iter()
                    .map(|c| {
                        format!(
                            "{}@{}-{}",
                            capture_name(c.index),
                            c.node.start_byte(),
                            c.node.end_byte()
                        )
                    })
                    .collect();
                captures.sort();
                captures.join(" ")
            })
            .collect();
        all.sort();
        all
    }
}

/// Finds the matches with tree-sitter's query engine.
pub fn collect_with_query<'tree>(
    cursor: &mut QueryCursor,
    query: &CompiledQuery,
    root: Node<'tree>,
    source: &[u8],
) -> Matches<'tree> {
    let mut collected = Matches::new();
    let mut matches = cursor.matches(&query.query, root, source);
    let mut captures = Vec::new();
    while let Some(m) = matches.next() {
        captures.clear();
        captures.extend(m.captures.iter().map(|c| QueryCapture {
            node: c.node,
            index: query.capture_name_index(c.index),
        }));
        collected.push(m.pattern_index < query.structure_patterns, &captures);
    }
    collected
}
