//! ORM and table-mapping declarations: "this package *is* table T".
//!
//! DBIx::Class and Class::DBI `__PACKAGE__->table('t')`, DBIx::SearchBuilder `->Table('T')` and
//! `sub Table { 'T' }`, Rose::DB::Object `->setup(table => 't', …)`, Data::ObjectDriver
//! `->install_properties({ datasource => 't' })`. The package in scope becomes the table's
//! mapper (`access: map`, `via: orm`).

use super::Collector;
use crate::facts::{DataAccess, DataKind, DataVia};
use crate::walker::fields;
use tree_sitter::Node;

impl Collector<'_> {
    /// `->table('t')`, `->Table('t')`, `->setup(table => 't')`, `->install_properties({ datasource => 't' })`.
    pub(super) fn orm_method(&mut self, node: Node<'_>) {
        let Some(method) = node.child_by_field_id(fields().method) else {
            return;
        };
        // most methods are none of these: nothing else is looked at for them
        if !matches!(
            &self.source[method.byte_range()],
            b"table" | b"Table" | b"setup" | b"install_properties"
        ) {
            return;
        }
        let arguments = self.arguments(node);
        // the class declares its own table: `__PACKAGE__->table`, `My::Class->table`,
        // SearchBuilder's `$self->Table`; `$layout->table(...)` is some other object's method
        let invocant = node
            .child_by_field_id(fields().invocant)
            .map(|i| (i.kind(), self.text(i).into_owned()))
            .unwrap_or_default();
        let own_class = invocant.1 == "__PACKAGE__" || invocant.0 == "bareword";
        let table = match &*self.text(method) {
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

    /// The literal after `key =>` in a list of arguments.
    fn pair(&self, arguments: &[Node<'_>], key: &str) -> Option<String> {
        let at = arguments
            .iter()
            .position(|a| a.kind() == "autoquoted_bareword" && self.text(*a) == key)?;
        self.literal(*arguments.get(at + 1)?)
    }

    fn map(&mut self, table: String, node: Node<'_>) {
        let table = seam_sql::table_name(&table);
        self.push_other(DataKind::Table, table, DataAccess::Map, DataVia::Orm, node);
    }
}

/// A plausible table name: a word, maybe schema-qualified.
fn is_table_name(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == '"' || c == '`')
}
