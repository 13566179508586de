//! ORM calls whose table only the graph stage can name: methods on a DBIx::Class result set
//! (`$schema->resultset('Loan')->search(...)`: the result source `Loan`) and on an object whose
//! class a local assignment names (`my $card = App::Card->new($h); $card->Load($id)`: class
//! `App::Card`).
//!
//! What a call does to the table is read off the method's name by [`orm_method_access`], the one
//! rule for every ORM call (the graph stage applies it to `Mapper->search(...)` too). A file does
//! not know which table a class or result source maps, so each call is recorded with the name it
//! was reached through (`result_source`, `orm_class`) and confidence `inferred`; the graph stage
//! resolves it through the mappers' declarations and the schemas' result namespaces.
//!
//! A variable is bound by `my $x = EXPR` or `$x = EXPR` where `EXPR` is a bound variable or a
//! method chain that starts at a class (`App::Card->new`, `__PACKAGE__->new`), at
//! `->resultset('Name')`, or at a bound variable, and continues through `new` or ORM methods
//! only (`->search(...)->first` keeps the source; any other method loses it). Bindings hold within the sub (named or
//! anonymous) where they are made, from the assignment on; a later assignment of anything else
//! drops them.

use super::orm::is_package_name;
use super::Collector;
use crate::facts::{Confidence, DataAccess, DataKind, DataRef, DataVia};
use crate::literal::normalise_package;
use crate::queries::KindName;
use crate::walker::fields;
use std::collections::HashMap;
use tree_sitter::Node;

/// How an ORM method touches its mapper's table, by name: `create`, `insert`, `update`,
/// `delete`, `populate`, `update_or_create`, `find_or_create`, `update_or_new`, `delete_all`,
/// `update_all`, `Create`, `Delete` and `Set*` write; `search`, `search_rs`, `search_like`,
/// `search_where`, `find`, `find_or_new`, `single`, `all`, `count`, `first`, `retrieve`,
/// `retrieve_all`, `fetch` and `Load*` read; `None` for any other method (`new`, accessors).
/// Documented in docs/data.md.
pub fn orm_method_access(method: &str) -> Option<DataAccess> {
    const WRITES: [&str; 12] = [
        "create",
        "insert",
        "update",
        "delete",
        "populate",
        "update_or_create",
        "find_or_create",
        "update_or_new",
        "delete_all",
        "update_all",
        "Create",
        "Delete",
    ];
    const READS: [&str; 13] = [
        "search",
        "search_rs",
        "search_like",
        "search_where",
        "find",
        "find_or_new",
        "single",
        "all",
        "count",
        "first",
        "retrieve",
        "retrieve_all",
        "fetch",
    ];
    if WRITES.contains(&method) || (method.starts_with("Set") && method.len() > 3) {
        Some(DataAccess::Write)
    } else if READS.contains(&method) || method.starts_with("Load") {
        Some(DataAccess::Read)
    } else {
        None
    }
}

/// What an expression holds, as far as the table it reaches is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Source {
    /// An object (or the class itself) of this package.
    Class(String),
    /// A DBIx::Class result set of this result source (moniker as written).
    ResultSource(String),
}

/// The variables bound to a [`Source`], per sub, while the data pass reads a file in document
/// order.
#[derive(Default)]
pub(super) struct Bindings {
    /// Byte ranges of the subs around the current node, innermost last.
    open: Vec<(usize, usize)>,
    /// (start of the enclosing sub, `None` at file level; variable with sigil) → its source.
    vars: HashMap<(Option<usize>, String), Source>,
}

impl Bindings {
    /// The start of the innermost sub around byte `at` (nodes come in document order, so a sub
    /// that ended before `at` is closed for good).
    fn scope(&mut self, at: usize) -> Option<usize> {
        while self.open.last().is_some_and(|&(_, end)| end <= at) {
            self.open.pop();
        }
        self.open.last().map(|&(start, _)| start)
    }
}

impl Collector<'_> {
    /// A named or anonymous sub opens a scope for bindings.
    pub(super) fn orm_scope(&mut self, node: Node<'_>) {
        self.bindings.scope(node.start_byte());
        self.bindings
            .open
            .push((node.start_byte(), node.end_byte()));
    }

    /// `my $x = EXPR` / `$x = EXPR`: binds `$x` to what `EXPR` holds, or unbinds it.
    pub(super) fn orm_assignment(&mut self, node: Node<'_>) {
        let Some(left) = node.child_by_field_id(fields().left) else {
            return;
        };
        let variable = match left.kind_name() {
            "variable_declaration" => match left.child_by_field_id(fields().variable) {
                Some(variable) => variable,
                None => return,
            },
            _ => left,
        };
        if variable.kind_name() != "scalar" {
            return;
        }
        let source = match node.child_by_field_id(fields().right) {
            Some(right) if matches!(right.kind_name(), "method_call_expression" | "scalar") => {
                self.source_of(right)
            }
            _ => None,
        };
        if source.is_none() && self.bindings.vars.is_empty() {
            return;
        }
        let scope = self.bindings.scope(node.start_byte());
        let key = (scope, self.text(variable).into_owned());
        match source {
            Some(source) => {
                self.bindings.vars.insert(key, source);
            }
            None => {
                self.bindings.vars.remove(&key);
            }
        }
    }

    /// `EXPR->method(...)` where `method` reads or writes by [`orm_method_access`] and `EXPR`
    /// holds a result set or an object of a known class. `Class->method` itself is the graph
    /// stage's (a class-method reference).
    pub(super) fn orm_call(&mut self, node: Node<'_>, method: Node<'_>) {
        // most methods are not ORM methods: nothing else is looked at for them
        let Some(access) = std::str::from_utf8(&self.source[method.byte_range()])
            .ok()
            .and_then(orm_method_access)
        else {
            return;
        };
        let Some(invocant) = node.child_by_field_id(fields().invocant) else {
            return;
        };
        if invocant.kind_name() == "bareword" {
            return;
        }
        let (kind, target) = match self.source_of(invocant) {
            Some(Source::Class(class)) => (DataKind::OrmClass, class),
            Some(Source::ResultSource(moniker)) => (DataKind::ResultSource, moniker),
            None => return,
        };
        self.found.push(DataRef {
            package: self.scopes.package_at(node.start_byte()).to_string(),
            kind,
            target,
            access,
            via: DataVia::Orm,
            line: method.start_position().row as u32 + 1,
            confidence: Confidence::Inferred,
        });
    }

    /// What `expr` holds: a chain of method calls read from its innermost invocant out
    /// (iteratively: chains can be long).
    fn source_of(&mut self, expr: Node<'_>) -> Option<Source> {
        let mut calls = Vec::new();
        let mut base = expr;
        while base.kind_name() == "method_call_expression" {
            calls.push(base);
            base = base.child_by_field_id(fields().invocant)?;
        }
        let mut source = match base.kind_name() {
            "bareword" => Some(Source::Class(normalise_package(&self.text(base)))),
            "func0op_call_expression" if self.text(base) == "__PACKAGE__" => Some(Source::Class(
                self.scopes.package_at(base.start_byte()).to_string(),
            )),
            "scalar" => {
                let scope = self.bindings.scope(base.start_byte());
                let key = (scope, self.text(base).into_owned());
                self.bindings.vars.get(&key).cloned()
            }
            _ => None,
        };
        for call in calls.iter().rev() {
            let method = call
                .child_by_field_id(fields().method)
                .map(|m| self.text(m).into_owned())
                .unwrap_or_default();
            source = if method == "resultset" {
                self.moniker(*call).map(Source::ResultSource)
            } else if method == "new" || orm_method_access(&method).is_some() {
                source
            } else {
                None
            };
        }
        source
    }

    /// The literal result source name of `->resultset('Name')`.
    fn moniker(&self, call: Node<'_>) -> Option<String> {
        let arguments = self.arguments(call);
        let [argument] = arguments[..] else {
            return None;
        };
        self.literal(argument).filter(|name| is_package_name(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orm_methods_read_or_write_by_name() {
        for (method, access) in [
            ("search", Some(DataAccess::Read)),
            ("LoadByCols", Some(DataAccess::Read)),
            ("Load", Some(DataAccess::Read)),
            ("find", Some(DataAccess::Read)),
            ("create", Some(DataAccess::Write)),
            ("Create", Some(DataAccess::Write)),
            ("SetStatus", Some(DataAccess::Write)),
            ("Set", None),
            ("new", None),
            ("name", None),
            ("resultset", None),
        ] {
            assert_eq!(orm_method_access(method), access, "{method}");
        }
    }
}
