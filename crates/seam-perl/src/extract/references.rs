//! Second pass: what each reference pattern of `queries/perl/` (includes, inheritance, calls,
//! variables, dynamic) means, turned into [`Reference`]s, exports, bare calls and globals.

use super::FileExtraction;
use crate::builtins::{is_builtin, is_core_namespace};
use crate::facts::*;
use crate::literal::{
    first_literal, is_package_name, literal_list, normalise_package, split_qualified, string_value,
};
use crate::matches::Matches;
use crate::queries::capture_name;
use crate::queries::KindName;
use regex::Regex;
use std::sync::OnceLock;
use tree_sitter::Node;

/// What a `use` imports, as far as the statement says.
enum Imports {
    /// No list (or not a `use`): the module's default exports.
    Default,
    /// A literal list, possibly empty.
    List(Vec<String>),
    /// A list that is not literal (`use M ($x)`, `use M @list`).
    Unknown,
}

/// Whether the list of `use module LIST` names subs to import: not for pragmas (`use parent
/// 'Foo'`, `use if ...`) nor for sugar that names a parent (`use Mojo::Base 'Foo'`).
fn exports_subs(module: &str) -> bool {
    module.starts_with(|c: char| c.is_uppercase()) && module != "Mojo::Base"
}

/// Pragmas and sugar whose `use` line names further modules.
fn parents_from_use(module: &str) -> bool {
    matches!(module, "parent" | "base" | "superclass")
}
impl FileExtraction<'_> {
    /// Second pass: every reference to another package or file.
    pub(super) fn references(&mut self, matches: &Matches<'_>) {
        let mut functions = Vec::new();
        let mut barewords = Vec::new();
        let mut variables = Vec::new();
        let source = self.source;
        for m in matches.structure() {
            for capture in m.iter().filter(|c| capture_name(c.index) == "error") {
                self.error_catch(capture.node);
            }
        }
        for m in matches.references() {
            let capture = |name: &str| {
                m.iter()
                    .find(|c| capture_name(c.index) == name)
                    .map(|c| c.node)
            };
            let Some(first) = m.first() else {
                continue;
            };
            let family = capture_name(first.index).split('.').next().unwrap_or("");
            match family {
                "include" => {
                    if let (Some(statement), Some(verb), Some(module)) = (
                        capture("include.statement"),
                        capture("include.verb"),
                        capture("include.module"),
                    ) {
                        self.include(statement, verb, module);
                    }
                }
                "require" => {
                    if let Some(module) = capture("require.module") {
                        let target = normalise_package(&self.text(module));
                        self.push_ref(module, RefKind::Require, target, None, Confidence::Exact);
                    } else if let Some(path) = capture("require.path") {
                        self.require_path(path);
                    } else if let Some(dynamic) = capture("require.dynamic") {
                        self.unresolved(dynamic, format!("require {}", self.text(dynamic)));
                    }
                }
                "do" => {
                    if let Some(path) = capture("do.path") {
                        let literal = path.named_child(0).and_then(|n| string_value(n, source));
                        match literal {
                            Some(file) => {
                                self.push_ref(path, RefKind::DoFile, file, None, Confidence::Exact)
                            }
                            None => self.unresolved(path, format!("do {}", self.text(path))),
                        }
                    }
                }
                "package_list" => {
                    if let (Some(name), Some(values)) =
                        (capture("package_list.name"), capture("package_list.values"))
                    {
                        self.package_list(name, values);
                    }
                }
                "class_parent" => {
                    if let (Some(class), Some(parent)) =
                        (capture("class_parent.class"), capture("class_parent.name"))
                    {
                        // `:isa(App::Base 1.0)`: the name, then an optional version
                        let parent_text = self.text(parent);
                        let name = parent_text.split_whitespace().next().unwrap_or("");
                        if is_package_name(name) {
                            let package = normalise_package(&self.text(class));
                            let target = normalise_package(name);
                            self.push_ref_in(
                                package,
                                parent,
                                RefKind::Parent,
                                target,
                                None,
                                Confidence::Exact,
                                Imports::Default,
                            );
                        }
                    }
                }
                "sugar" => {
                    if let (Some(keyword), Some(names)) =
                        (capture("sugar.keyword"), capture("sugar.names"))
                    {
                        self.sugar(keyword, names);
                    }
                }
                "call" => functions.extend(capture("call.function")),
                "bareword" => barewords.extend(capture("bareword.name")),
                "method" => {
                    if let (Some(call), Some(invocant), Some(method)) = (
                        capture("method.call"),
                        capture("method.invocant"),
                        capture("method.name"),
                    ) {
                        self.method_call(call, invocant, method);
                    }
                }
                "indirect" => {
                    if let (Some(method), Some(arguments)) =
                        (capture("indirect.method"), capture("indirect.arguments"))
                    {
                        self.indirect(method, arguments);
                    }
                }
                "variable" => variables.extend(m.iter().map(|c| {
                    let sigil = match capture_name(c.index) {
                        "variable.array" => '@',
                        "variable.hash" => '%',
                        _ => '$',
                    };
                    (c.node, sigil)
                })),
                "global" => {
                    if let Some(variable) = capture("global.variable") {
                        self.global(variable);
                    }
                }
                "eval" => {
                    if let Some(code) = capture("eval.code") {
                        self.eval_string(code);
                    }
                }
                "loader" => {
                    if let (Some(name), Some(arguments)) =
                        (capture("loader.name"), capture("loader.arguments"))
                    {
                        match first_literal(arguments, source) {
                            Some(module) if is_package_name(&module) => {
                                let target = normalise_package(&module);
                                self.push_ref(
                                    arguments,
                                    RefKind::DynamicLoad,
                                    target,
                                    None,
                                    Confidence::Dynamic,
                                );
                            }
                            _ => self.unresolved(
                                name,
                                format!("{} {}", self.text(name), self.text(arguments)),
                            ),
                        }
                    }
                }
                "autoload" => {
                    if let Some(name) = capture("autoload.name") {
                        let package = self.scopes.package_at(name.start_byte()).to_string();
                        self.push_ref(
                            name,
                            RefKind::DynamicUnresolved,
                            package,
                            Some("AUTOLOAD".into()),
                            Confidence::Dynamic,
                        );
                    }
                }
                "embedded" => {
                    if let Some(replacement) = capture("embedded.replacement") {
                        self.embed(replacement.start_byte(), replacement.end_byte(), false);
                    } else if let Some(regex) = capture("embedded.regexp") {
                        let start = regex.start_byte();
                        let blocks = crate::walker::code_blocks(&source[regex.byte_range()]);
                        for (s, e) in blocks {
                            self.embed(start + s, start + e, false);
                        }
                    }
                }
                "glob_assignment" => {
                    if let Some(target) = capture("glob_assignment.target") {
                        self.unresolved(target, format!("{} = ...", self.text(target)));
                    }
                }
                _ => {}
            }
        }
        for function in functions {
            let is_call = matches.is_call_function(function);
            self.function(function, is_call);
        }
        for bareword in barewords {
            let named = matches.is_name_bareword(bareword);
            self.qualified_bareword(bareword, named);
        }
        for (name, sigil) in variables {
            self.variable(name, sigil);
        }
    }

    pub(super) fn push_ref(
        &mut self,
        at: Node<'_>,
        kind: RefKind,
        target: String,
        symbol: Option<String>,
        confidence: Confidence,
    ) {
        let package = self.scopes.package_at(at.start_byte()).to_string();
        self.push_ref_in(
            package,
            at,
            kind,
            target,
            symbol,
            confidence,
            Imports::Default,
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn push_ref_in(
        &mut self,
        package: String,
        at: Node<'_>,
        kind: RefKind,
        target: String,
        symbol: Option<String>,
        confidence: Confidence,
        imports: Imports,
    ) {
        // `CORE::say`, `CORE::GLOBAL::die`: builtins and their overrides, never dependencies
        if target.is_empty() || is_core_namespace(&target) {
            return;
        }
        self.facts.refs.push(Reference {
            package,
            kind,
            target,
            symbol,
            line: at.start_position().row as u32 + 1,
            confidence,
            imports_unknown: matches!(imports, Imports::Unknown),
            imports: match imports {
                Imports::List(list) => Some(list),
                Imports::Default | Imports::Unknown => None,
            },
        });
    }

    /// Records a place where the analyzer is blind, with the source text it could not resolve.
    pub(super) fn unresolved(&mut self, at: Node<'_>, what: String) {
        let mut what: String = what.split_whitespace().collect::<Vec<_>>().join(" ");
        if what.len() > 80 {
            let cut = (0..=77)
                .rev()
                .find(|&i| what.is_char_boundary(i))
                .unwrap_or(0);
            what.truncate(cut);
            what.push_str("...");
        }
        self.push_ref(
            at,
            RefKind::DynamicUnresolved,
            what,
            None,
            Confidence::Dynamic,
        );
    }

    fn include(&mut self, statement: Node<'_>, verb: Node<'_>, module_node: Node<'_>) {
        let module = normalise_package(&self.text(module_node));
        let negated = verb.kind_name() == "no";
        let kind = if negated { RefKind::No } else { RefKind::Use };
        // everything after the module name (and version) up to the `;`
        let mut cursor = statement.walk();
        let arguments: Vec<Node> = statement
            .named_children(&mut cursor)
            .filter(|c| c.start_byte() >= module_node.end_byte())
            .filter(|c| Some(*c) != statement.child_by_field_name("version"))
            .filter(|c| c.kind_name() != "comment")
            .collect();
        let imports = match arguments.as_slice() {
            [] => Imports::Default,
            [only] if only.kind_name() == "stub_expression" => Imports::List(Vec::new()),
            _ => {
                let mut items = Vec::new();
                let mut complete = true;
                for argument in &arguments {
                    let list = literal_list(*argument, self.source);
                    items.extend(list.items);
                    complete &= list.complete;
                }
                if complete {
                    Imports::List(items)
                } else {
                    Imports::Unknown
                }
            }
        };
        let package = self.scopes.package_at(statement.start_byte()).to_string();
        if !negated {
            self.use_sugar(&package, &module, &arguments, statement);
            self.declared_functions(&package, &module, &arguments, &imports, statement);
        }
        self.push_ref_in(
            package,
            statement,
            kind,
            module,
            None,
            Confidence::Exact,
            imports,
        );
    }

    /// The subs a `use` gives `package`: the constants of `use constant` (declared here) and the
    /// names of a literal import list (declared elsewhere).
    fn declared_functions(
        &mut self,
        package: &str,
        module: &str,
        arguments: &[Node<'_>],
        imports: &Imports,
        at: Node<'_>,
    ) {
        let is_name = |name: &str| {
            name.starts_with(|c: char| c.is_alphabetic() || c == '_')
                && name.chars().all(|c| c.is_alphanumeric() || c == '_')
        };
        let line = at.start_position().row as u32 + 1;
        if module == "constant" {
            for name in constant_names(arguments, self.source) {
                if is_name(&name) {
                    super::declare_function(
                        &mut self.functions,
                        (package.to_string(), name, true),
                        line,
                    );
                }
            }
        } else if let (Imports::List(items), true) = (imports, exports_subs(module)) {
            for item in items {
                let name = item.strip_prefix('&').unwrap_or(item);
                if is_name(name) {
                    let key = (package.to_string(), name.to_string(), false);
                    super::declare_function(&mut self.functions, key, line);
                }
            }
        }
    }

    /// Records a piece of code to parse on its own (`eval`: the code of a string eval).
    fn embed(&mut self, start: usize, end: usize, eval: bool) {
        self.embedded.push(super::Embedded { start, end, eval });
    }

    /// The modules that `use parent`, `use base`, `use Mojo::Base`, `use if` and `use aliased`
    /// name in their arguments.
    fn use_sugar(&mut self, package: &str, module: &str, arguments: &[Node<'_>], at: Node<'_>) {
        let literals = |nodes: &[Node<'_>]| {
            let mut items = Vec::new();
            for node in nodes {
                items.extend(literal_list(*node, self.source).items);
            }
            items
        };
        let mut parents = Vec::new();
        let mut uses = Vec::new();
        if parents_from_use(module) {
            parents = literals(arguments)
                .iter()
                .flat_map(|s| s.split_whitespace())
                .filter(|s| !s.starts_with('-') && is_package_name(s))
                .map(normalise_package)
                .collect();
        } else if module == "Mojo::Base" {
            parents.extend(
                literals(arguments)
                    .into_iter()
                    .take(1)
                    .filter(|s| !s.starts_with('-') && is_package_name(s))
                    .map(|s| normalise_package(&s)),
            );
        } else if module == "aliased" {
            uses.extend(
                literals(arguments)
                    .into_iter()
                    .take(1)
                    .map(|s| normalise_package(&s)),
            );
        } else if module == "if" {
            uses.extend(self.use_if_module(arguments));
        }
        for parent in parents {
            self.push_ref_in(
                package.to_string(),
                at,
                RefKind::Parent,
                parent,
                None,
                Confidence::Exact,
                Imports::Default,
            );
        }
        for used in uses {
            self.push_ref_in(
                package.to_string(),
                at,
                RefKind::Use,
                used,
                None,
                Confidence::Exact,
                Imports::Default,
            );
        }
    }

    /// `use if COND, 'Module' => ARGS;` names the module after the first comma.
    fn use_if_module(&self, arguments: &[Node<'_>]) -> Option<String> {
        let list = arguments.first()?;
        let mut cursor = list.walk();
        let children: Vec<Node> = list.children(&mut cursor).collect();
        let comma = children
            .iter()
            .position(|c| matches!(c.kind_name(), "," | "=>"))?;
        let module_node = children[comma + 1..].iter().find(|c| c.is_named())?;
        let name = string_value(*module_node, self.source)?;
        is_package_name(&name).then(|| normalise_package(&name))
    }

    fn require_path(&mut self, path: Node<'_>) {
        match string_value(path, self.source) {
            Some(file) => match module_for_path(&file) {
                Some(module) => {
                    self.push_ref(path, RefKind::Require, module, None, Confidence::Exact)
                }
                None => self.push_ref(path, RefKind::RequireFile, file, None, Confidence::Exact),
            },
            None => self.unresolved(path, format!("require {}", self.text(path))),
        }
    }

    /// `@ISA`, `@EXPORT`, `@EXPORT_OK`, `%EXPORT_TAGS` assignments and pushes.
    fn package_list(&mut self, name_node: Node<'_>, values: Node<'_>) {
        let name = self.text(name_node);
        let (owner, list) = match split_qualified(&name) {
            Some((owner, list)) => (owner, list.to_string()),
            None => (
                self.scopes.package_at(name_node.start_byte()).to_string(),
                name.clone(),
            ),
        };
        // the array itself is not a coupling `variable` reference
        self.consumed.insert((name_node.start_byte(), "varname"));
        let line = name_node.start_position().row as u32 + 1;
        match list.as_str() {
            "ISA" => {
                for parent in literal_list(values, self.source)
                    .items
                    .iter()
                    .flat_map(|s| s.split_whitespace())
                    .filter(|s| is_package_name(s))
                {
                    let parent = normalise_package(parent);
                    self.push_ref_in(
                        owner.clone(),
                        name_node,
                        RefKind::Parent,
                        parent,
                        None,
                        Confidence::Exact,
                        Imports::Default,
                    );
                }
            }
            "EXPORT" | "EXPORT_OK" => {
                let symbols = literal_list(values, self.source).items;
                self.facts.exports.push(Export {
                    package: owner,
                    list: if list == "EXPORT" {
                        ExportList::Export
                    } else {
                        ExportList::ExportOk
                    },
                    tag: None,
                    symbols,
                    line,
                });
            }
            "EXPORT_TAGS" => self.export_tags(owner, values, line),
            _ => {}
        }
    }

    /// `%EXPORT_TAGS = (tag => [qw(a b)], ...)`.
    fn export_tags(&mut self, owner: String, values: Node<'_>, line: u32) {
        let mut pending_tag: Option<String> = None;
        let mut stack = vec![values];
        while let Some(node) = stack.pop() {
            match node.kind_name() {
                "list_expression" | "parenthesized_expression" => {
                    let mut cursor = node.walk();
                    let children: Vec<Node> = node.named_children(&mut cursor).collect();
                    stack.extend(children.into_iter().rev());
                }
                "anonymous_array_expression" => {
                    if let Some(tag) = pending_tag.take() {
                        let symbols = literal_list(node, self.source).items;
                        self.facts.exports.push(Export {
                            package: owner.clone(),
                            list: ExportList::ExportTags,
                            tag: Some(tag),
                            symbols,
                            line,
                        });
                    }
                }
                _ => pending_tag = string_value(node, self.source),
            }
        }
    }

    /// Moose/Moo `extends` and `with`.
    fn sugar(&mut self, keyword: Node<'_>, names: Node<'_>) {
        let kind = if self.text(keyword) == "extends" {
            RefKind::Parent
        } else {
            RefKind::Role
        };
        // `with 'Role' => { -excludes => ... }`: option hashes are not names
        for name in literal_list(names, self.source).items {
            if is_package_name(&name) {
                let target = normalise_package(&name);
                self.push_ref(names, kind, target, None, Confidence::Exact);
            }
        }
        self.consumed.insert((keyword.start_byte(), "function"));
    }

    fn method_call(&mut self, call: Node<'_>, invocant: Node<'_>, method: Node<'_>) {
        let mut method_name = self.text(method);
        // `Class->UNIVERSAL::can(...)`: UNIVERSAL's method, called on Class (on an object it
        // stays a call to `UNIVERSAL::can`, the sub that runs)
        if let Some(universal) = method_name.strip_prefix("UNIVERSAL::") {
            if invocant.kind_name() == "bareword" {
                method_name = universal.to_string();
            }
        }
        let named = method.kind_name() == "method" && is_package_name(&method_name);
        if named && (method_name.contains("::") || method_name.contains('\'')) {
            self.qualified_method(method, &method_name);
            return;
        }
        if named && self.template_method(call, invocant, &method_name) {
            return;
        }
        let symbol = Some(method_name.clone());
        match invocant.kind_name() {
            "bareword" => {
                let class = normalise_package(&self.text(invocant));
                if is_package_name(&class) {
                    self.push_ref(
                        invocant,
                        RefKind::ClassMethod,
                        class,
                        symbol,
                        Confidence::Exact,
                    );
                }
            }
            // `'Foo::Bar'->new`, `"Foo::Bar"->new`, `q{Foo::Bar}->new`
            "string_literal" | "interpolated_string_literal" => {
                match string_value(invocant, self.source) {
                    Some(class) if is_package_name(&class) => {
                        let class = normalise_package(&class);
                        self.push_ref(
                            invocant,
                            RefKind::ClassMethod,
                            class,
                            symbol,
                            Confidence::Exact,
                        );
                    }
                    _ if !named => self.unresolved_method(call),
                    _ => {}
                }
            }
            "func0op_call_expression" if self.text(invocant) == "__PACKAGE__" => {
                let package = self.scopes.package_at(invocant.start_byte()).to_string();
                self.push_ref(
                    invocant,
                    RefKind::SelfCall,
                    package,
                    symbol,
                    Confidence::Exact,
                );
            }
            _ if !named => self.unresolved_method(call),
            _ => {}
        }
    }

    /// A method call on an invocant seam cannot name: a blind spot, shown as the call up to its
    /// arguments.
    fn unresolved_method(&mut self, call: Node<'_>) {
        let text = self.text(call).split('(').next().unwrap_or("").to_string();
        self.unresolved(call, text);
    }

    /// Error.pm's `try { ... } catch Foo::X with { ... };`: the grammar reads `try`/`catch` as
    /// Perl 5.34's statement and leaves `Foo::X with` as an error between `catch` and the block.
    /// It is the class method `catch` of `Foo::X` (`Foo::X->catch(with {...})`).
    fn error_catch(&mut self, error: Node<'_>) {
        let after_catch = error
            .prev_sibling()
            .is_some_and(|p| !p.is_named() && p.kind_name() == "catch");
        let in_try = error
            .parent()
            .is_some_and(|p| p.kind_name() == "try_statement");
        if !(after_catch && in_try) {
            return;
        }
        let text = self.text(error);
        let mut words = text.split_whitespace();
        if let (Some(class), Some("with"), None) = (words.next(), words.next(), words.next()) {
            if is_package_name(class) {
                let class = normalise_package(class);
                let symbol = Some("catch".to_string());
                self.push_ref(
                    error,
                    RefKind::ClassMethod,
                    class,
                    symbol,
                    Confidence::Exact,
                );
            }
        }
    }

    /// Indirect object syntax, `METHOD CLASS ARGS`: `new Foo::Bar(...)`, `throw Foo::X $@`.
    fn indirect(&mut self, method: Node<'_>, arguments: Node<'_>) {
        // a builtin (`print Foo::Bar(1)`) has a keyword child; `&foo` is a call
        if method.child_count() > 0 {
            return;
        }
        let Some(class) = indirect_class(arguments) else {
            return;
        };
        let method_name = self.text(method);
        let class_name = self.text(class);
        if method_name.contains("::") || !is_package_name(&class_name) {
            return;
        }
        let kind = if matches!(method_name.as_str(), "new" | "import" | "unimport") {
            RefKind::ClassMethod
        } else if looks_like_class(&class_name) {
            // `throw Foo::X(...)`: a class method, unless `Foo::X` turns out to be a sub of `Foo`
            RefKind::Indirect
        } else {
            // `croak Foo::msg()`: a call, read as such by `function`
            return;
        };
        self.consumed.insert((method.start_byte(), "function"));
        self.consumed.insert((class.start_byte(), "function"));
        let target = normalise_package(&class_name);
        self.push_ref(class, kind, target, Some(method_name), Confidence::Exact);
    }

    /// `$obj->Foo::Bar::meth` (a call into Foo::Bar) or `$self->SUPER::meth`.
    fn qualified_method(&mut self, method: Node<'_>, name: &str) {
        if let Some(symbol) = super_call_symbol(name) {
            let package = self.scopes.package_at(method.start_byte()).to_string();
            self.push_ref(
                method,
                RefKind::SuperCall,
                package,
                Some(symbol.into()),
                Confidence::Exact,
            );
        } else if let Some((target, symbol)) = split_qualified(name) {
            let symbol = symbol.to_string();
            self.push_ref(
                method,
                RefKind::Call,
                target,
                Some(symbol),
                Confidence::Exact,
            );
        }
    }

    /// A `function` node: a qualified call, a bare call, or a builtin. `is_call`: whether it is
    /// its call's `function` field, when the walker recorded it (looked up otherwise).
    fn function(&mut self, node: Node<'_>, is_call: Option<bool>) {
        if self.consumed.contains(&(node.start_byte(), "function")) {
            return;
        }
        let name_node = match node.child(0) {
            None => node,
            // `&name` / `&Foo::name`
            Some(first) if first.kind_name() == "&" => match node.child(1) {
                Some(name) if name.kind_name() == "varname" => name,
                _ => return,
            },
            // the grammar marks builtins with a keyword child
            Some(_) => return,
        };
        let name = self.text(name_node);
        // `::ok(1)` calls `main::ok`
        if !is_package_name(name.strip_prefix("::").unwrap_or(&name)) {
            return;
        }
        if name.contains("::") || name.contains('\'') {
            if let Some(symbol) = super_call_symbol(&name) {
                let package = self.scopes.package_at(node.start_byte()).to_string();
                self.push_ref(
                    node,
                    RefKind::SuperCall,
                    package,
                    Some(symbol.into()),
                    Confidence::Exact,
                );
            } else if let Some((target, symbol)) = split_qualified(&name) {
                let symbol = symbol.to_string();
                self.push_ref(node, RefKind::Call, target, Some(symbol), Confidence::Exact);
            }
            return;
        }
        let is_call = is_call.unwrap_or_else(|| {
            node.parent().is_some_and(|p| {
                matches!(
                    p.kind_name(),
                    "function_call_expression" | "ambiguous_function_call_expression"
                ) && p.child_by_field_name("function") == Some(node)
            })
        });
        if is_call {
            self.template_function(node, &name);
        }
        if is_call && !is_builtin(&name) {
            self.bare_calls.push(BareCall {
                package: self.scopes.package_at(node.start_byte()).to_string(),
                name,
                line: node.start_position().row as u32 + 1,
            });
        }
    }

    /// `Foo::Constants::DEPENDS_ON`, `Foo::Bar::VERSION`, `Foo::bar`: a qualified bareword
    /// without arguments names a constant or sub of another package. A name that reads as a
    /// class (`Foo::Bar`: a class name as a string), a class invocant, `require Foo::bar` and the
    /// name of `sub Foo::bar {...}` are not calls.
    ///
    /// `in_name_position`: whether it stands in one of those names' places, when the walker
    /// recorded it (looked up from its parent otherwise).
    fn qualified_bareword(&mut self, node: Node<'_>, in_name_position: Option<bool>) {
        if self.consumed.contains(&(node.start_byte(), "function")) {
            return;
        }
        // `sub Foo::bar {...}` names a sub, it does not call one
        let in_name_position = in_name_position.unwrap_or_else(|| {
            node.parent()
                .is_some_and(|p| crate::walker::is_name_position(p, node, crate::walker::fields()))
        });
        let name = self.text(node);
        if in_name_position || looks_like_class(&name) || !is_package_name(&name) {
            return;
        }
        if let Some((target, symbol)) = split_qualified(&name) {
            if !symbol.is_empty() {
                let symbol = symbol.to_string();
                self.push_ref(node, RefKind::Call, target, Some(symbol), Confidence::Exact);
            }
        }
    }

    fn variable(&mut self, name_node: Node<'_>, sigil: char) {
        if self.consumed.contains(&(name_node.start_byte(), "varname")) {
            return;
        }
        let name = self.text(name_node);
        // `@{ Foo->list }` is a dereference: the grammar puts a block inside the varname
        if name_node.named_child_count() > 0 || !is_package_name(name.trim_start_matches("::")) {
            return;
        }
        if let Some((target, symbol)) = split_qualified(&name) {
            if symbol.is_empty() {
                return;
            }
            self.push_ref(
                name_node,
                RefKind::Variable,
                target,
                Some(format!("{sigil}{symbol}")),
                Confidence::Exact,
            );
        }
    }

    fn global(&mut self, variable: Node<'_>) {
        let declared = self.text(variable);
        self.facts.globals.push(Global {
            package: self.scopes.package_at(variable.start_byte()).to_string(),
            name: declared.split_whitespace().collect(),
            line: variable.start_position().row as u32 + 1,
        });
    }

    /// `eval "use Foo; 1"`, `eval "require $class"`.
    fn eval_string(&mut self, code: Node<'_>) {
        static LOAD: OnceLock<Regex> = OnceLock::new();
        let load = LOAD.get_or_init(|| {
            Regex::new(r"\b(?:use|require)\s+(\$?)([A-Za-z_][\w:]*)(.?)").expect("valid regex")
        });
        // literal code (`eval q{ Foo::Bar->new }`, `eval 'Foo::f()'`) is parsed like the code in
        // `s///e`
        if let Some(content) = literal_code(code) {
            self.embed(content.start_byte(), content.end_byte(), true);
        }
        let text = eval_text(code, self.source);
        for c in load.captures_iter(&text) {
            let module = &c[2];
            let next = &c[3];
            if &c[1] == "$" || next.starts_with('$') || module.ends_with("::") {
                self.unresolved(
                    code,
                    format!("eval {}", c.get(0).map_or("", |m| m.as_str())),
                );
            } else if !(next.starts_with(['@', '{']) || matches!(module, "strict" | "warnings")) {
                let target = normalise_package(module);
                self.push_ref(
                    code,
                    RefKind::DynamicLoad,
                    target,
                    None,
                    Confidence::Dynamic,
                );
            }
        }
    }
}

/// The content of a string eval's string when it is all literal code: a `'...'`/`q{...}`
/// string, or a `"..."`/`qq{...}` one that neither interpolates nor escapes.
fn literal_code(code: Node<'_>) -> Option<Node<'_>> {
    let interpolating = match code.kind_name() {
        "string_literal" => false,
        "interpolated_string_literal" => true,
        _ => return None,
    };
    let mut cursor = code.walk();
    let mut contents = code.children_by_field_name("content", &mut cursor);
    let content = contents.next()?;
    if contents.next().is_some() || interpolating && content.named_child_count() > 0 {
        return None;
    }
    Some(content)
}

/// The code of a string eval as far as it is literal: string fragments joined by `.` are kept, and
/// anything computed becomes `$?` (so `"use Foo::" . $x` reads as a dynamic name).
fn eval_text(code: Node<'_>, source: &[u8]) -> String {
    let mut text = String::new();
    let mut stack = vec![code];
    while let Some(node) = stack.pop() {
        let concatenation = node.kind_name() == "binary_expression"
            && node
                .child_by_field_name("operator")
                .is_some_and(|op| op.kind_name() == ".");
        if concatenation || node.kind_name() == "parenthesized_expression" {
            let mut cursor = node.walk();
            let parts: Vec<Node> = node.named_children(&mut cursor).collect();
            stack.extend(parts.into_iter().rev());
        } else if matches!(
            node.kind_name(),
            "string_literal" | "interpolated_string_literal"
        ) {
            let mut cursor = node.walk();
            for content in node.children_by_field_name("content", &mut cursor) {
                text.push_str(&crate::literal::text(content, source));
            }
        } else {
            text.push_str("$?");
        }
    }
    text
}

/// The names `use constant` declares: `NAME => value`, `NAME, value`, or the keys of
/// `{ A => 1, B => 2 }`.
fn constant_names(arguments: &[Node<'_>], source: &[u8]) -> Vec<String> {
    let mut items: Vec<Node<'_>> = arguments.to_vec();
    // one list holding everything: its items
    while let [only] = items[..] {
        if !matches!(
            only.kind_name(),
            "list_expression" | "parenthesized_expression"
        ) {
            break;
        }
        let mut cursor = only.walk();
        items = only.named_children(&mut cursor).collect();
    }
    match items.first() {
        Some(hash) if hash.kind_name() == "anonymous_hash_expression" => {
            let mut pairs = vec![*hash];
            while let [only] = pairs[..] {
                if !matches!(
                    only.kind_name(),
                    "anonymous_hash_expression" | "list_expression"
                ) {
                    break;
                }
                let mut cursor = only.walk();
                pairs = only.named_children(&mut cursor).collect();
            }
            pairs
                .iter()
                .step_by(2)
                .filter_map(|key| string_value(*key, source))
                .collect()
        }
        Some(name) => string_value(*name, source).into_iter().collect(),
        None => Vec::new(),
    }
}

/// The class of an indirect method call: the leftmost name of its arguments (`Foo` in `Foo`,
/// `Foo(1)`, `Foo $x`, `Foo($id) || die`, `Foo(1), 2`).
fn indirect_class(arguments: Node<'_>) -> Option<Node<'_>> {
    let mut node = arguments;
    loop {
        node = match node.kind_name() {
            "bareword" => return Some(node),
            "function_call_expression" | "ambiguous_function_call_expression" => {
                let function = node.child_by_field_name("function")?;
                // `&Foo` and builtins are calls, never classes
                return (function.kind_name() == "function" && function.child_count() == 0)
                    .then_some(function);
            }
            "binary_expression" | "lowprec_logical_expression" => {
                node.child_by_field_name("left")?
            }
            "list_expression" => node.named_child(0)?,
            _ => return None,
        };
    }
}

/// Whether a qualified name reads as a class rather than a sub: `Foo::Bar`, `Error::Simple` (its
/// last segment is capitalised and not a constant), not `Foo::bar` or `Foo::BAR`.
fn looks_like_class(name: &str) -> bool {
    let Some((_, last)) = name.rsplit_once("::") else {
        return false;
    };
    last.starts_with(|c: char| c.is_ascii_uppercase())
        && last.bytes().any(|b| b.is_ascii_lowercase())
}

/// The method a `SUPER::x`, `next::method` or `maybe::next::method` call dispatches to: `x` for
/// `SUPER::x`, the whole name for the C3 forms (they name the mechanism, not a method).
fn super_call_symbol(name: &str) -> Option<&str> {
    if let Some(rest) = name.strip_prefix("SUPER::") {
        return Some(rest);
    }
    ["next::", "maybe::next::"]
        .iter()
        .any(|prefix| name.starts_with(prefix))
        .then_some(name)
}

/// `Foo/Bar.pm` names the module `Foo::Bar`.
fn module_for_path(path: &str) -> Option<String> {
    let stem = path
        .strip_prefix("./")
        .unwrap_or(path)
        .strip_suffix(".pm")?;
    // `App/WS/2/Artist.pm`: segments after the first may start with a digit
    let valid = !stem.is_empty()
        && stem.split('/').enumerate().all(|(i, part)| {
            part.chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || i > 0 && c.is_ascii_digit())
                && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
    valid.then(|| stem.replace('/', "::"))
}
