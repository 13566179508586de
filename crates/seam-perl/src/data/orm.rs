//! ORM and table-mapping declarations: "this package *is* table T".
//!
//! DBIx::Class and Class::DBI `__PACKAGE__->table('t')`, DBIx::SearchBuilder `->Table('T')` and
//! `sub Table { 'T' }`, Rose::DB::Object `->setup(table => 't', …)`, Data::ObjectDriver
//! `->install_properties({ datasource => 't' })`. The package in scope becomes the table's
//! mapper (`access: map`, `via: orm`). A DBIx::Class schema's `load_namespaces` /
//! `load_classes` names where its result classes live (`result_namespace`), for the graph stage
//! to find `->resultset('Name')`'s class (`orm_calls.rs`).

use super::Collector;
use crate::facts::{DataAccess, DataKind, DataVia};
use crate::literal::normalise_package;
use crate::queries::KindName;
use crate::walker::fields;
use tree_sitter::Node;

impl Collector<'_> {
    /// `->table('t')`, `->Table('t')`, `->setup(table => 't')`, `->install_properties({ datasource => 't' })`,
    /// `->load_namespaces(...)`, `->load_classes(...)`.
    pub(super) fn orm_method(&mut self, node: Node<'_>, method: Node<'_>) {
        // most methods are none of these: nothing else is looked at for them
        if !matches!(
            &self.source[method.byte_range()],
            b"table"
                | b"Table"
                | b"setup"
                | b"install_properties"
                | b"load_namespaces"
                | b"load_classes"
        ) {
            return;
        }
        let arguments = self.arguments(node);
        // the class declares its own table: `__PACKAGE__->table`, `My::Class->table`,
        // SearchBuilder's `$self->Table`; `$layout->table(...)` is some other object's method
        let invocant = node
            .child_by_field_id(fields().invocant)
            .map(|i| (i.kind_name(), self.text(i).into_owned()))
            .unwrap_or_default();
        let own_class = invocant.1 == "__PACKAGE__" || invocant.0 == "bareword";
        let method = self.text(method);
        if method.starts_with("load_") {
            if own_class {
                let schema = match invocant.0 {
                    "bareword" => normalise_package(&invocant.1),
                    _ => self.scopes.package_at(node.start_byte()).to_string(),
                };
                if let Some(namespace) = self.result_namespace(&method, &schema, &arguments) {
                    let kind = DataKind::ResultNamespace;
                    self.push_other(kind, namespace, DataAccess::Map, DataVia::Orm, node);
                }
            }
            return;
        }
        let table = match &*method {
            "table" if own_class && arguments.len() == 1 => self.literal(arguments[0]),
            "Table" if (own_class || invocant.1 == "$self") && arguments.len() == 1 => {
                self.literal(arguments[0])
            }
            "setup" => self.pair(&arguments, "table"),
            "install_properties" => self.pair(&arguments, "datasource"),
            _ => None,
        };
        if let Some(table) = table.filter(|t| is_table_name(t)) {
            self.map(table, node);
        }
    }

    /// `sub Table { 'Tickets' }`: SearchBuilder's declaration.
    pub(super) fn orm_sub(&mut self, node: Node<'_>) {
        let Some(name) = node.child_by_field_id(fields().name) else {
            return;
        };
        if self.text(name) != "Table" {
            return;
        }
        let Some(body) = node.child_by_field_id(fields().body) else {
            return;
        };
        let mut cursor = body.walk();
        let statements: Vec<Node<'_>> = body.named_children(&mut cursor).collect();
        if let [statement] = statements[..] {
            let value = statement.named_child(0).and_then(|v| self.literal(v));
            if let Some(table) = value.filter(|t| is_table_name(t)) {
                self.map(table, node);
            }
        }
    }

    /// Where `schema`'s result classes live: `load_namespaces` gives `Schema::Result` or its
    /// literal `result_namespace` (`+Full::Name` as is, else under the schema); `load_classes`
    /// the schema's own namespace (with no list, or a literal one). `None` when an argument
    /// cannot be read.
    fn result_namespace(
        &self,
        method: &str,
        schema: &str,
        arguments: &[Node<'_>],
    ) -> Option<String> {
        if method == "load_classes" {
            let literal = arguments.iter().all(|a| {
                matches!(
                    a.kind_name(),
                    "string_literal" | "interpolated_string_literal" | "quoted_word_list"
                )
            });
            return literal.then(|| schema.to_string());
        }
        let given = arguments
            .iter()
            .any(|a| a.kind_name() == "autoquoted_bareword" && self.text(*a) == "result_namespace");
        let namespace = match self.pair(arguments, "result_namespace") {
            Some(name) => match name.strip_prefix('+') {
                Some(full) => full.to_string(),
                None => format!("{schema}::{name}"),
            },
            None if given => return None,
            None => format!("{schema}::Result"),
        };
        let namespace = normalise_package(&namespace);
        is_package_name(&namespace).then_some(namespace)
    }

    /// The literal after `key =>` in a list of arguments.
    fn pair(&self, arguments: &[Node<'_>], key: &str) -> Option<String> {
        let at = arguments
            .iter()
            .position(|a| a.kind_name() == "autoquoted_bareword" && self.text(*a) == key)?;
        self.literal(*arguments.get(at + 1)?)
    }

    fn map(&mut self, table: String, node: Node<'_>) {
        let table = seam_sql::table_name(&table);
        self.push_other(DataKind::Table, table, DataAccess::Map, DataVia::Orm, node);
    }
}

/// A plausible package name: words joined by `::`.
pub(super) fn is_package_name(text: &str) -> bool {
    text.split("::")
        .all(|part| !part.is_empty() && part.chars().all(|c| c.is_alphanumeric() || c == '_'))
}

/// A plausible table name: a word, maybe schema-qualified.
fn is_table_name(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == '"' || c == '`')
}
