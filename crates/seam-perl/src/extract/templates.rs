//! The Perl side of templates: calls that render or include a template by name, turned into
//! [`RefKind::Template`] references from the calling package (literal names only; a name
//! computed at run time in `$tt->process(...)` or `$m->comp(...)` is a blind spot).
//!
//! Recognised: `$tt->process('x.tt', ...)` (an invocant naming a template object, or a name with a
//! template extension), `$c->render('x')` / `render(template => 'x')` / `render_to_string`,
//! `$c->stash(template => 'x')`, `$m->comp('/x')` / `scomp` / `fetch_comp` / `comp_exists`,
//! `HTML::Template->new(filename => 'x')` / `new_file('x')`, `App::Template->new(template =>
//! 'x')` (a class named `...::Template`), and Dancer's `template 'x'`.

use super::FileExtraction;
use crate::facts::*;
use crate::literal::string_value;
use crate::queries::KindName;
use tree_sitter::Node;

/// Extensions of template files (a `process` argument ending so is a template name).
const TEMPLATE_EXTENSIONS: &[&str] = &[
    ".tt", ".tt2", ".tmpl", ".html", ".htm", ".ep", ".mas", ".mhtml", ".mc", ".mi", ".xml", ".txt",
    ".csv", ".tex",
];

/// Every method name [`FileExtraction::template_method`] reads: the arms of its `match`.
const TEMPLATE_METHODS: &[&str] = &[
    "comp",
    "scomp",
    "fetch_comp",
    "comp_exists",
    "call_next",
    "process",
    "render",
    "render_to_string",
    "render_maybe",
    "stash",
    "new",
    "new_file",
];

/// The arguments of a call as a flat list of nodes (lists and parentheses unwrapped).
fn flat_arguments(arguments: Node<'_>) -> Vec<Node<'_>> {
    let mut items = vec![arguments];
    // one list holding everything: its items (bounded: each step goes one level down)
    while let [only] = items[..] {
        if !matches!(
            only.kind_name(),
            "list_expression" | "parenthesized_expression"
        ) {
            break;
        }
        let mut cursor = only.walk();
        items = only
            .named_children(&mut cursor)
            .filter(|c| c.kind_name() != "comment")
            .collect();
    }
    items
}

/// The value of the `key => 'value'` pair among `items`: `Some(Some(value))` when literal,
/// `Some(None)` when the key is there with a computed value.
fn pair_value(items: &[Node<'_>], key: &str, source: &[u8]) -> Option<Option<String>> {
    let position = items
        .iter()
        .position(|n| string_value(*n, source).as_deref() == Some(key))?;
    let value = items.get(position + 1)?;
    Some(string_value(*value, source))
}

impl FileExtraction<'_> {
    /// A method call that renders a template: records the reference and returns true (so that
    /// the call is not also a blind spot); false when it is no such call or the name is computed.
    pub(super) fn template_method(
        &mut self,
        call: Node<'_>,
        invocant: Node<'_>,
        method: &str,
    ) -> bool {
        // most method calls are none of these: decided before any argument is read
        if !TEMPLATE_METHODS.contains(&method) {
            return false;
        }
        let Some(arguments) = call.child_by_field_name("arguments") else {
            return false;
        };
        let items = flat_arguments(arguments);
        let source = self.source;
        let first = items.first().and_then(|n| string_value(*n, source));
        let invocant_text = self.text(invocant);
        let lower = invocant_text.to_ascii_lowercase();
        let template_object = lower.contains("tt") || lower.contains("template");
        // `$tt->process("notices/$kind.tt")`, `$m->comp($path)`: a template named at run time
        let computed = first.is_none()
            && items
                .first()
                .is_some_and(|n| n.kind_name() != "anonymous_hash_expression")
            && match method {
                "comp" | "scomp" => invocant_text == "$m",
                "process" => template_object,
                _ => false,
            };
        if computed {
            let what = format!("{invocant_text}->{method}({})", self.text(items[0]));
            self.unresolved(call, what);
            return true;
        }
        let name = match method {
            "comp" | "scomp" | "fetch_comp" | "comp_exists" if invocant_text == "$m" => first,
            "call_next" if invocant_text == "$m" => return true,
            "process" => first.filter(|name| {
                TEMPLATE_EXTENSIONS.iter().any(|ext| name.ends_with(ext)) || template_object
            }),
            "render" | "render_to_string" | "render_maybe" => {
                match pair_value(&items, "template", source) {
                    Some(value) => value,
                    // `$c->render('x', ...)`: a name then pairs
                    None if items.len() % 2 == 1 => first,
                    None => None,
                }
            }
            "stash" => pair_value(&items, "template", source).flatten(),
            "new" | "new_file" if invocant_text == "HTML::Template" => {
                if method == "new_file" {
                    first
                } else {
                    pair_value(&items, "filename", source)
                        .or_else(|| pair_value(&items, "file", source))
                        .flatten()
                }
            }
            // an application's template class: `LedgerSMB::Template->new(template => 'x')`
            "new" if invocant_text.ends_with("::Template") => {
                pair_value(&items, "template", source).flatten()
            }
            _ => None,
        };
        let Some(name) = name.filter(|n| !n.is_empty()) else {
            return false;
        };
        self.push_ref(
            call,
            RefKind::Template,
            name,
            Some(method.to_string()),
            Confidence::Exact,
        );
        // `HTML::Template->new` is also a class method call on HTML::Template
        !matches!(method, "new" | "new_file")
    }

    /// Dancer's `template 'name', {...}`: a bare call that renders a template.
    pub(super) fn template_function(&mut self, node: Node<'_>, name: &str) {
        if name != "template" {
            return;
        }
        let Some(call) = node.parent() else { return };
        let Some(arguments) = call.child_by_field_name("arguments") else {
            return;
        };
        let items = flat_arguments(arguments);
        if let Some(template) = items.first().and_then(|n| string_value(*n, self.source)) {
            if !template.is_empty() {
                self.push_ref(
                    call,
                    RefKind::Template,
                    template,
                    Some("template".into()),
                    Confidence::Exact,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TEMPLATE_METHODS;
    use std::collections::BTreeSet;

    /// `TEMPLATE_METHODS` is a second statement of `template_method`'s `match method` arms (it
    /// lets most calls return before their arguments are read): an arm added without its name
    /// would never be reached. Reads the arms from this file's source and compares.
    #[test]
    fn template_methods_list_every_arm_of_the_match() {
        let source = include_str!("templates.rs");
        let start = source
            .find("let name = match method {")
            .expect("template_method's match");
        let end = start + source[start..].find("_ => None,").expect("its last arm");
        let arms: BTreeSet<&str> = source[start..end]
            .lines()
            .map(str::trim_start)
            .filter(|line| line.starts_with('"'))
            .flat_map(|line| {
                let pattern = line.split(" =>").next().unwrap_or("");
                let pattern = pattern.split(" if ").next().unwrap_or("");
                pattern.split('|').map(|p| p.trim().trim_matches('"'))
            })
            .collect();
        let listed: BTreeSet<&str> = TEMPLATE_METHODS.iter().copied().collect();
        assert!(arms.len() >= 10, "arms read: {arms:?}");
        assert_eq!(arms, listed);
    }
}
