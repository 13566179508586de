//! The data a file touches: the tables its SQL strings read, write and define, the tables its
//! packages map (ORM declarations, `orm.rs`), the ORM calls only the graph stage can resolve
//! (`orm_calls.rs`) and the data files it opens (`files.rs`).
//!
//! Every string literal, interpolating string, `q`/`qq` form and heredoc is a candidate; so is a
//! chain of `.` concatenations or a `join` over literal pieces, taken whole (the SQL of
//! `"SELECT a " . "FROM fines"` is one statement, at the line of its first piece). Interpolated
//! expressions and non-literal pieces become [`seam_sql::VARIABLE`]; `seam_sql` decides whether
//! the text is SQL and which tables it touches. A table position held by a variable becomes a
//! `dynamic` entry: a data blind spot.

use crate::facts::{Confidence, DataAccess, DataKind, DataRef, DataVia};
use crate::queries::KindName;
use crate::scope::PackageScopes;
use crate::walker::fields;
use seam_sql::{Access, VARIABLE};
use tree_sitter::Node;

mod files;
mod orm;
mod orm_calls;

pub use orm_calls::orm_method_access;

/// The nodes the data pass reads, in document order (the walker gathers them in its single
/// traversal of the tree), and the line of every `<<` heredoc token.
#[derive(Default)]
pub(crate) struct Candidates<'tree> {
    nodes: Vec<Node<'tree>>,
    heredoc_lines: Vec<u32>,
}

/// What a node kind is to the data pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CandidateKind {
    /// Nothing: not read.
    None,
    /// A node [`Collector::read`] looks at.
    Node,
    /// A heredoc's `<<` token: its line is where the heredoc's SQL is reported.
    HeredocToken,
}

/// The kind of node `kind` is to the data pass (only named nodes are read).
pub(crate) fn candidate_kind(kind: &str) -> CandidateKind {
    match kind {
        "binary_expression"
        | "string_literal"
        | "interpolated_string_literal"
        | "heredoc_content"
        | "function_call_expression"
        | "ambiguous_function_call_expression"
        | "method_call_expression"
        | "subroutine_declaration_statement"
        | "anonymous_subroutine_expression"
        | "assignment_expression" => CandidateKind::Node,
        "heredoc_token" => CandidateKind::HeredocToken,
        _ => CandidateKind::None,
    }
}

impl<'tree> Candidates<'tree> {
    /// Records a named node of kind `kind` (as [`candidate_kind`] gives it), in document order.
    pub(crate) fn push(&mut self, node: Node<'tree>, kind: CandidateKind) {
        match kind {
            CandidateKind::Node => self.nodes.push(node),
            CandidateKind::HeredocToken => self
                .heredoc_lines
                .push(node.start_position().row as u32 + 1),
            CandidateKind::None => {}
        }
    }

    /// The candidates of the tree rooted at `root`, by a walk of their own (for the query engine,
    /// which has no walker to gather them).
    pub(crate) fn of_tree(root: Node<'tree>) -> Self {
        let mut candidates = Candidates::default();
        let mut cursor = root.walk();
        loop {
            let node = cursor.node();
            if node.is_named() {
                candidates.push(node, candidate_kind(node.kind_name()));
            }
            if cursor.goto_first_child() {
                continue;
            }
            while !cursor.goto_next_sibling() {
                if !cursor.goto_parent() {
                    return candidates;
                }
            }
        }
    }
}

/// The data references of a tree, from its [`Candidates`].
pub(crate) fn collect(
    candidates: &Candidates<'_>,
    source: &[u8],
    scopes: &PackageScopes,
) -> Vec<DataRef> {
    let mut collector = Collector {
        source,
        scopes,
        found: Vec::new(),
        heredoc_lines: &candidates.heredoc_lines,
        heredocs_seen: 0,
        bindings: orm_calls::Bindings::default(),
    };
    // in document order, not descending into what was read as SQL: a node that starts before
    // the end of the last node read whole lies inside it
    let mut read_up_to = 0;
    for &node in &candidates.nodes {
        if node.start_byte() < read_up_to {
            continue;
        }
        if collector.read(node) {
            read_up_to = node.end_byte();
        }
    }
    collector.found.sort();
    collector.found.dedup();
    collector.found
}

struct Collector<'s> {
    source: &'s [u8],
    scopes: &'s PackageScopes,
    found: Vec<DataRef>,
    /// Line of each `<<` token, in order: a heredoc's SQL is reported where it is introduced.
    heredoc_lines: &'s [u32],
    heredocs_seen: usize,
    /// Variables holding ORM objects and result sets, per sub (`orm_calls.rs`).
    bindings: orm_calls::Bindings,
}

impl Collector<'_> {
    /// Reads `node` if it is a string, a heredoc, a concatenation or a `join` holding SQL;
    /// whether its subtree is done with.
    fn read(&mut self, node: Node<'_>) -> bool {
        // `kind()` is an FFI call and a UTF-8 check: once per node
        let kind = node.kind_name();
        match kind {
            // most strings are not SQL: look at the first word before building any text
            "binary_expression"
            | "string_literal"
            | "interpolated_string_literal"
            | "heredoc_content"
                if !self.may_be_sql(node, kind) =>
            {
                if kind == "heredoc_content" {
                    // heredocs pair with their `<<` lines in order: count it all the same
                    self.heredocs_seen += 1;
                }
                kind != "binary_expression"
            }
            "binary_expression" if self.operator(node) == Some(".") => {
                let text = self.concatenation(node);
                self.record(&text, node)
            }
            "function_call_expression" | "ambiguous_function_call_expression" => {
                if let Some(text) = self.join(node) {
                    if self.record(&text, node) {
                        return true;
                    }
                }
                self.file_call(node);
                false
            }
            "method_call_expression" => {
                // the method's name decides whether any of these reads further: looked up once
                if let Some(method) = node.child_by_field_id(fields().method) {
                    self.orm_method(node, method);
                    self.orm_call(node, method);
                    self.file_method(node, method);
                }
                false
            }
            "subroutine_declaration_statement" => {
                self.orm_scope(node);
                self.orm_sub(node);
                false
            }
            "anonymous_subroutine_expression" => {
                self.orm_scope(node);
                false
            }
            "assignment_expression" => {
                self.orm_assignment(node);
                false
            }
            "string_literal" | "interpolated_string_literal" => {
                let text = self.string(node);
                self.record(&text, node);
                true
            }
            "heredoc_content" => {
                let line = self.heredoc_lines.get(self.heredocs_seen).copied();
                self.heredocs_seen += 1;
                let text = self.string(node);
                if let Some(tables) = seam_sql::tables(&text) {
                    let line = line.unwrap_or(node.start_position().row as u32);
                    self.push(tables, node.start_byte(), line);
                }
                true
            }
            _ => false,
        }
    }

    /// Whether the text `node` starts with (its first literal piece, for a concatenation) opens
    /// with an SQL keyword; a concatenation that starts with a variable may still be SQL.
    /// `kind` is `node`'s (`kind()` is an FFI call and a UTF-8 check: once per node).
    fn may_be_sql(&self, node: Node<'_>, kind: &str) -> bool {
        let mut first = node;
        let mut kind = kind;
        while kind == "binary_expression" {
            if self.operator(first) != Some(".") {
                return true;
            }
            match first.child_by_field_id(fields().left) {
                Some(left) => first = left,
                None => return true,
            }
            kind = first.kind_name();
        }
        let start = match kind {
            "string_literal" | "interpolated_string_literal" => first
                .child_by_field_id(fields().content)
                .map_or(first.end_byte(), |c| c.start_byte()),
            "heredoc_content" => first.start_byte(),
            _ => return true,
        };
        let end = first.end_byte().min(start + 256);
        let prefix = String::from_utf8_lossy(&self.source[start..end.max(start)]);
        seam_sql::starts_with_keyword(&prefix)
    }

    /// Records the tables of `text` at `node`; whether it was SQL.
    fn record(&mut self, text: &str, node: Node<'_>) -> bool {
        match seam_sql::tables(text) {
            Some(tables) => {
                let line = node.start_position().row as u32 + 1;
                self.push(tables, node.start_byte(), line);
                true
            }
            None => false,
        }
    }

    fn push(&mut self, tables: seam_sql::SqlTables, at: usize, line: u32) {
        let package = self.scopes.package_at(at).to_string();
        let confidence = match tables.confidence {
            seam_sql::Confidence::Exact => Confidence::Exact,
            seam_sql::Confidence::Inferred => Confidence::Inferred,
        };
        for (table, access) in tables.tables {
            self.found.push(DataRef {
                package: package.clone(),
                kind: DataKind::Table,
                target: table,
                access: data_access(access),
                via: DataVia::Sql,
                line,
                confidence,
            });
        }
        for access in tables.dynamic {
            self.found.push(DataRef {
                package: package.clone(),
                kind: DataKind::Dynamic,
                target: String::new(),
                access: data_access(access),
                via: DataVia::Sql,
                line,
                confidence,
            });
        }
    }

    /// Records a data reference that is not SQL (a mapped table, a data file).
    fn push_other(
        &mut self,
        kind: DataKind,
        target: String,
        access: DataAccess,
        via: DataVia,
        node: Node<'_>,
    ) {
        self.found.push(DataRef {
            package: self.scopes.package_at(node.start_byte()).to_string(),
            kind,
            target,
            access,
            via,
            line: node.start_position().row as u32 + 1,
            confidence: Confidence::Exact,
        });
    }

    /// The source text of `node`.
    fn text(&self, node: Node<'_>) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.source[node.byte_range()])
    }

    /// The arguments of a call, one node each.
    fn arguments<'t>(&self, node: Node<'t>) -> Vec<Node<'t>> {
        let Some(arguments) = node.child_by_field_id(fields().arguments) else {
            return Vec::new();
        };
        let list = match arguments.kind_name() {
            "anonymous_hash_expression" => arguments.named_child(0).unwrap_or(arguments),
            _ => arguments,
        };
        if list.kind_name() == "list_expression" {
            let mut cursor = list.walk();
            list.named_children(&mut cursor).collect()
        } else {
            vec![list]
        }
    }

    /// The literal text of a string argument (not interpolating anything), if it is one.
    fn literal(&self, node: Node<'_>) -> Option<String> {
        match node.kind_name() {
            "string_literal" | "interpolated_string_literal" => {
                let text = self.string(node);
                (!text.contains(VARIABLE)).then_some(text)
            }
            "autoquoted_bareword" | "bareword" => Some(self.text(node).into_owned()),
            _ => None,
        }
    }

    fn operator(&self, node: Node<'_>) -> Option<&str> {
        let op = node.child_by_field_id(fields().operator)?;
        std::str::from_utf8(&self.source[op.byte_range()]).ok()
    }

    /// The text of a `.` chain, left to right: literal pieces as written, anything else
    /// [`VARIABLE`].
    fn concatenation(&self, node: Node<'_>) -> String {
        self.concatenation_with(node, &|_| Some(VARIABLE.to_string()))
            .unwrap_or_default()
    }

    /// The text of a `.` chain (or a single piece), left to right: strings read by
    /// [`Self::string_with`], anything else written by `hole`; `None` when `hole` gives up.
    fn concatenation_with(
        &self,
        node: Node<'_>,
        hole: &dyn Fn(Node<'_>) -> Option<String>,
    ) -> Option<String> {
        let mut text = String::new();
        let mut stack = vec![node];
        while let Some(node) = stack.pop() {
            match node.kind_name() {
                "binary_expression" if self.operator(node) == Some(".") => {
                    for field in [fields().right, fields().left] {
                        stack.extend(node.child_by_field_id(field));
                    }
                }
                "string_literal" | "interpolated_string_literal" => {
                    text.push_str(&self.string_with(node, hole)?)
                }
                _ => text.push_str(&hole(node)?),
            }
        }
        Some(text)
    }

    /// `join(SEP, LIST)` over literal pieces, as one text.
    fn join(&self, node: Node<'_>) -> Option<String> {
        let function = node.child_by_field_id(fields().function)?;
        if &self.source[function.byte_range()] != b"join" {
            return None;
        }
        let arguments = node.child_by_field_id(fields().arguments)?;
        let mut cursor = arguments.walk();
        let items: Vec<Node<'_>> = if arguments.kind_name() == "list_expression" {
            arguments.named_children(&mut cursor).collect()
        } else {
            vec![arguments]
        };
        let (separator, rest) = items.split_first()?;
        if !matches!(
            separator.kind_name(),
            "string_literal" | "interpolated_string_literal"
        ) {
            return None;
        }
        let separator = self.string(*separator);
        let pieces: Vec<String> = rest
            .iter()
            .map(|&item| match item.kind_name() {
                "string_literal" | "interpolated_string_literal" => self.string(item),
                _ => VARIABLE.to_string(),
            })
            .collect();
        Some(pieces.join(&separator))
    }

    /// The text of a string or heredoc: literal parts with Perl escapes read, each interpolated
    /// expression replaced by [`VARIABLE`].
    fn string(&self, node: Node<'_>) -> String {
        self.string_with(node, &|_| Some(VARIABLE.to_string()))
            .unwrap_or_default()
    }

    /// The text of a string or heredoc, each interpolated expression written by `hole` (no
    /// spaces around it: `${prefix}_log` is one name); `None` when `hole` gives up on one.
    fn string_with(
        &self,
        node: Node<'_>,
        hole: &dyn Fn(Node<'_>) -> Option<String>,
    ) -> Option<String> {
        let Some(content) = node
            .child_by_field_id(fields().content)
            .or_else(|| (node.kind_name() == "heredoc_content").then_some(node))
        else {
            // no content node: nothing but whitespace between the delimiters (`' '`)
            return Some(whitespace_between_delimiters(
                &self.source[node.byte_range()],
            ));
        };
        let interpolating = node.kind_name() != "string_literal";
        let mut out = String::new();
        let mut at = content.start_byte();
        let mut end = content.end_byte();
        let mut cursor = content.walk();
        for child in content.named_children(&mut cursor) {
            match child.kind_name() {
                "heredoc_end" => {
                    end = child.start_byte();
                    break;
                }
                "string_content" | "escape_sequence" => continue,
                _ => {
                    out.push_str(&unescape(
                        &self.source[at..child.start_byte()],
                        interpolating,
                    ));
                    out.push_str(&hole(child)?);
                    at = child.end_byte();
                }
            }
        }
        if at < end {
            out.push_str(&unescape(&self.source[at..end], interpolating));
        }
        Some(out)
    }
}

fn data_access(access: Access) -> DataAccess {
    match access {
        Access::Read => DataAccess::Read,
        Access::Write => DataAccess::Write,
        Access::Ddl => DataAccess::Ddl,
    }
}

/// The text of a literal that has no content node: `' '` is a space, `''` nothing.
fn whitespace_between_delimiters(literal: &[u8]) -> String {
    let inner = literal
        .get(1..literal.len().saturating_sub(1))
        .unwrap_or_default();
    let inner = match literal.first() {
        // q( ), qq{ }: after the operator and its delimiter
        Some(b'q') => inner
            .iter()
            .position(|b| !b.is_ascii_alphabetic())
            .map_or(&[][..], |at| &inner[at + 1..]),
        _ => inner,
    };
    inner
        .iter()
        .filter(|b| b.is_ascii_whitespace())
        .map(|&b| b as char)
        .collect()
}

/// Perl's escapes in a literal: whitespace escapes become spaces, escaped characters themselves.
fn unescape(bytes: &[u8], interpolating: bool) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 't' | 'r') if interpolating => out.push(' '),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}
