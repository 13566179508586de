//! Literal values in Perl syntax: names, strings and word lists.

use crate::queries::KindName;
use std::borrow::Cow;
use tree_sitter::Node;

/// The source text of `node`, decoded lossily (names in non-UTF-8 files still come out).
pub fn text<'s>(node: Node<'_>, source: &'s [u8]) -> Cow<'s, str> {
    String::from_utf8_lossy(&source[node.byte_range()])
}

/// Normalises a package name as Perl reads it: `Foo'Bar` is `Foo::Bar`, `::Foo` and `main::Foo`
/// are `Foo`, `Foo::` (as in `Foo::->new`) is `Foo`.
pub fn normalise_package(name: &str) -> String {
    let mut name = name.trim().replace('\'', "::");
    if name.starts_with("::") {
        name.insert_str(0, "main");
    }
    // `main::Foo` is `Foo` (and `::Foo` is `main::Foo`): the main stash holds every package
    while let Some(rest) = name.strip_prefix("main::").filter(|rest| !rest.is_empty()) {
        name = rest.to_string();
    }
    while name.ends_with("::") {
        name.truncate(name.len() - 2);
    }
    name
}

/// Whether `name` looks like a package name (`Foo`, `Foo::Bar`, `Foo'Bar`, and under `use utf8`
/// `Café::Ünïcode`: letters and digits of any script).
pub fn is_package_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic() || c == '_')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == ':' || c == '\'')
}

/// Whether a bareword is conventionally a constant (`OS_CONF`), not a class (`Fh`, `URI::urn`).
fn is_constant_name(name: &str) -> bool {
    !name.contains("::")
        && name.bytes().any(|b| b.is_ascii_uppercase())
        && name
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

/// Splits a qualified name at its last `::` into (package, symbol).
pub fn split_qualified(name: &str) -> Option<(String, &str)> {
    let normalised_sep = name.rfind("::").map(|i| (i, 2));
    let old_sep = name.rfind('\'').map(|i| (i, 1));
    let (at, width) = match (normalised_sep, old_sep) {
        (Some(a), Some(b)) => {
            if a.0 > b.0 {
                a
            } else {
                b
            }
        }
        (a, b) => a.or(b)?,
    };
    let symbol = &name[at + width..];
    let package = if at == 0 {
        "main".to_string()
    } else {
        normalise_package(&name[..at])
    };
    Some((package, symbol))
}

/// The literal strings in a list-like expression, in order.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct LiteralList {
    /// Strings, words of `qw()` lists, and autoquoted barewords (`-norequire`, `key =>`).
    pub items: Vec<String>,
    /// False when the list also held something that is not a literal (a variable, a call).
    pub complete: bool,
}

/// Node kinds that group list elements without changing them.
fn is_list_container(kind: &str) -> bool {
    matches!(
        kind,
        "list_expression" | "parenthesized_expression" | "anonymous_array_expression"
    )
}

/// The alternatives of `a || b`, `a // b`, `a or b` and `c ? a : b`.
fn fallback_branches(node: Node<'_>) -> Option<Vec<Node<'_>>> {
    match node.kind_name() {
        "binary_expression" | "lowprec_logical_expression" => {
            let operator = node.child_by_field_name("operator")?;
            matches!(operator.kind_name(), "||" | "//" | "or").then(|| {
                [
                    node.child_by_field_name("left"),
                    node.child_by_field_name("right"),
                ]
                .into_iter()
                .flatten()
                .collect()
            })
        }
        "conditional_expression" => Some(
            [
                node.child_by_field_name("consequent"),
                node.child_by_field_name("alternative"),
            ]
            .into_iter()
            .flatten()
            .collect(),
        ),
        _ => None,
    }
}

/// The literal content of a single string-like node, or `None` when it is not a literal.
pub fn string_value(node: Node<'_>, source: &[u8]) -> Option<String> {
    match node.kind_name() {
        "string_literal" | "interpolated_string_literal" => {
            let mut cursor = node.walk();
            let content = node.children_by_field_name("content", &mut cursor).next();
            match content {
                None => Some(String::new()),
                Some(content) => {
                    // interpolation (`"$x.pm"`) makes the value unknowable; escapes are kept raw
                    let mut inner = content.walk();
                    let interpolates = content
                        .named_children(&mut inner)
                        .any(|c| c.kind_name() != "escape_sequence");
                    (!interpolates).then(|| text(content, source).into_owned())
                }
            }
        }
        "autoquoted_bareword" | "bareword" => Some(text(node, source).into_owned()),
        _ => None,
    }
}

/// Collects the literal strings of `node`, descending into lists and parentheses (iteratively:
/// real code nests deeply). `qw()` lists contribute one item per word.
pub fn literal_list(node: Node<'_>, source: &[u8]) -> LiteralList {
    let mut list = LiteralList {
        items: Vec::new(),
        complete: true,
    };
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        let kind = node.kind_name();
        if kind == "quoted_word_list" {
            let mut cursor = node.walk();
            for content in node.children_by_field_name("content", &mut cursor) {
                list.items
                    .extend(text(content, source).split_whitespace().map(str::to_string));
            }
        } else if kind == "bareword" && is_constant_name(&text(node, source)) {
            // `use base OS_CONF;`, `@ISA = (CAN_IPV6)`: a constant, whose value we cannot know
            list.complete = false;
        } else if let Some(value) = string_value(node, source) {
            list.items.push(value);
        } else if let Some(branches) = fallback_branches(node) {
            // `$class || 'Default'`, `$x ? 'A' : 'B'`: the literal alternatives are still names
            list.complete = false;
            stack.extend(branches.into_iter().rev());
        } else if is_list_container(kind) {
            let mut cursor = node.walk();
            let children: Vec<Node> = node.named_children(&mut cursor).collect();
            stack.extend(children.into_iter().rev());
        } else if node.is_named() && kind != "comment" {
            list.complete = false;
        }
    }
    list
}

/// The first literal string in `node` (descending into lists), if the first element is one.
pub fn first_literal(node: Node<'_>, source: &[u8]) -> Option<String> {
    let mut node = node;
    loop {
        if is_list_container(node.kind_name()) {
            node = node.named_child(0)?;
            continue;
        }
        if node.kind_name() == "quoted_word_list" {
            return literal_list(node, source).items.into_iter().next();
        }
        return match node.kind_name() {
            "string_literal" | "interpolated_string_literal" => string_value(node, source),
            _ => None,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_old_separators_and_edges() {
        assert_eq!(normalise_package("Foo'Bar"), "Foo::Bar");
        assert_eq!(normalise_package("::Foo"), "Foo");
        assert_eq!(normalise_package("main::Foo::Bar"), "Foo::Bar");
        assert_eq!(normalise_package("main"), "main");
        assert_eq!(normalise_package("Foo::"), "Foo");
    }

    #[test]
    fn splits_at_the_last_separator() {
        assert_eq!(
            split_qualified("Foo::Bar::baz"),
            Some(("Foo::Bar".into(), "baz"))
        );
        assert_eq!(split_qualified("Foo'baz"), Some(("Foo".into(), "baz")));
        assert_eq!(split_qualified("::baz"), Some(("main".into(), "baz")));
        assert_eq!(split_qualified("baz"), None);
    }
}
