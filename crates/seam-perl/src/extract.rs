//! One file's bytes to [`FileFacts`]: parse, run the structure and reference queries, recover
//! what parse errors hid, and sort everything.

use crate::builtins::is_builtin;
use crate::facts::*;
use crate::lines::{count_lines, CodeLines};
use crate::literal::{
    first_literal, is_package_name, literal_list, normalise_package, split_qualified, string_value,
    text,
};
use crate::matches::{self, MatchEngine, Matches};
use crate::oldstyle::parser_source;
use crate::queries::{capture_name, language, queries};
use crate::recovery::{self, Recovered};
use crate::scope::PackageScopes;
use crate::walker;
use regex::Regex;
use std::collections::{BTreeSet, HashSet};
use std::ops::ControlFlow;
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use tree_sitter::{Node, ParseOptions, Parser, QueryCursor, Tree};

/// Limits that protect the extractor from pathological input.
#[derive(Debug, Clone)]
pub struct ExtractOptions {
    /// Files larger than this are skipped with a diagnostic.
    pub max_file_size: u64,
    /// Parsing that takes longer than this is abandoned; the line scan supplies the facts.
    pub parse_timeout: Duration,
    /// Above this share of bytes inside parse errors, the whole file is also line-scanned.
    pub fallback_error_share: f64,
    /// How the patterns of `queries/perl/` are matched (the result is the same; see
    /// [`MatchEngine`]).
    pub engine: MatchEngine,
}

impl Default for ExtractOptions {
    fn default() -> Self {
        ExtractOptions {
            max_file_size: 10 * 1024 * 1024,
            parse_timeout: Duration::from_secs(10),
            fallback_error_share: 0.5,
            engine: MatchEngine::default(),
        }
    }
}

/// A reusable extractor: one per thread (it owns a tree-sitter parser).
pub struct Extractor {
    parser: Parser,
    cursor: QueryCursor,
    options: ExtractOptions,
}

impl Extractor {
    /// Creates an extractor with its own parser.
    pub fn new(options: ExtractOptions) -> Self {
        let mut parser = Parser::new();
        parser
            .set_language(&language())
            .expect("ts-parser-perl matches the linked tree-sitter ABI");
        Extractor {
            parser,
            cursor: QueryCursor::new(),
            options,
        }
    }

    /// Parses `source` only (the floor the extractor is benchmarked against).
    pub fn parse_only(&mut self, source: &[u8]) -> Option<Tree> {
        self.parse(source)
    }

    fn parse(&mut self, source: &[u8]) -> Option<Tree> {
        let deadline = Instant::now() + self.options.parse_timeout;
        let mut check = |_: &tree_sitter::ParseState| {
            if Instant::now() > deadline {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        };
        let len = source.len();
        let tree = self.parser.parse_with_options(
            &mut |i, _| if i < len { &source[i..] } else { &[] },
            None,
            Some(ParseOptions::new().progress_callback(&mut check)),
        );
        if tree.is_none() {
            self.parser.reset();
        }
        tree
    }

    /// Every pattern match in `source` found by `engine`, as sorted `capture@start-end` strings.
    /// Exists so tests can prove the walker and the query files agree.
    #[doc(hidden)]
    pub fn pattern_matches(&mut self, source: &[u8], engine: MatchEngine) -> Vec<String> {
        let parser_bytes = parser_source(source);
        let Some(tree) = self.parse(&parser_bytes) else {
            return Vec::new();
        };
        let matches = match engine {
            MatchEngine::Walker => walker::collect(tree.root_node(), source),
            MatchEngine::Query => matches::collect_with_query(
                &mut self.cursor,
                &queries().all,
                tree.root_node(),
                source,
            ),
        };
        matches.summary()
    }

    /// Extracts the facts of one file. `path` is recorded as given.
    pub fn extract(&mut self, path: &str, source: &[u8]) -> FileFacts {
        let mut facts = FileFacts::empty(
            path.to_string(),
            blake3::hash(source).to_hex().to_string(),
            source.len() as u64,
        );
        if source.len() as u64 > self.options.max_file_size {
            facts.diagnostics.push(Diagnostic {
                kind: DiagnosticKind::SkippedTooLarge,
                line: None,
                message: format!(
                    "{} bytes is over the size cap of {} bytes; raise it with --max-file-size",
                    source.len(),
                    self.options.max_file_size
                ),
            });
            return facts;
        }
        facts.lines = count_lines(source);
        if source.contains(&0) {
            facts.diagnostics.push(Diagnostic {
                kind: DiagnosticKind::SkippedBinary,
                line: None,
                message: "contains NUL bytes: treated as binary, not parsed".into(),
            });
            return facts;
        }
        if let Some(interpreter) = foreign_shebang(source) {
            facts.diagnostics.push(Diagnostic {
                kind: DiagnosticKind::NotPerl,
                line: Some(1),
                message: format!("the shebang runs `{interpreter}`, not perl: not parsed"),
            });
            return facts;
        }
        if let Err(e) = std::str::from_utf8(source) {
            let line = count_lines(&source[..e.valid_up_to()]).max(1);
            facts.diagnostics.push(Diagnostic {
                kind: DiagnosticKind::NotUtf8,
                line: Some(line),
                message: "not valid UTF-8: parsed as bytes, names decoded lossily".into(),
            });
        }
        let parser_bytes = parser_source(source);
        match self.parse(&parser_bytes) {
            Some(tree) => {
                let mut file = FileExtraction::new(source, &mut facts);
                file.run(&tree, &mut self.cursor, &self.options);
            }
            None => {
                facts.diagnostics.push(Diagnostic {
                    kind: DiagnosticKind::ParseTimeout,
                    line: None,
                    message: format!(
                        "parsing took longer than {:?}: facts come from a line scan",
                        self.options.parse_timeout
                    ),
                });
                let mut code = CodeLines::new(source);
                code.finish();
                facts.code_lines = code.total();
                let mut file = FileExtraction::new(source, &mut facts);
                file.recover_packages(0, source.len(), source.len());
                file.scopes.finish();
                file.recover(0, source.len());
                file.finish();
            }
        }
        facts
    }
}

/// The state of one file's extraction.
struct FileExtraction<'f> {
    source: &'f [u8],
    facts: &'f mut FileFacts,
    scopes: PackageScopes,
    /// Nodes already accounted for by a more specific pattern (by start byte and kind).
    consumed: HashSet<(usize, &'static str)>,
    /// Bare calls before filtering out subs the package defines itself.
    bare_calls: Vec<BareCall>,
    /// Start byte of each sub in `facts.subs`, to find its package once scopes are known.
    sub_starts: Vec<usize>,
}

/// A sub's byte range, for attributing decision points.
struct SubSpan {
    start: usize,
    end: usize,
    index: usize,
}

impl<'f> FileExtraction<'f> {
    fn new(source: &'f [u8], facts: &'f mut FileFacts) -> Self {
        FileExtraction {
            source,
            facts,
            scopes: PackageScopes::default(),
            consumed: HashSet::new(),
            bare_calls: Vec::new(),
            sub_starts: Vec::new(),
        }
    }

    fn text(&self, node: Node<'_>) -> String {
        text(node, self.source).into_owned()
    }

    fn run(&mut self, tree: &Tree, cursor: &mut QueryCursor, options: &ExtractOptions) {
        let root = tree.root_node();
        let matches = match options.engine {
            MatchEngine::Walker => walker::collect(root, self.source),
            MatchEngine::Query => {
                matches::collect_with_query(cursor, &queries().all, root, self.source)
            }
        };
        let errors = self.structure(&matches);
        let error_bytes: usize = errors.iter().map(|(s, e)| e - s).sum();
        let mostly_errors = !self.source.is_empty()
            && error_bytes as f64 / self.source.len() as f64 > options.fallback_error_share;
        if !errors.is_empty() {
            let first_line = count_lines(&self.source[..errors[0].0]) + 1;
            self.facts.diagnostics.push(Diagnostic {
                kind: DiagnosticKind::ParseErrors,
                line: Some(first_line),
                message: format!(
                    "{} parse-error region(s) covering {} bytes; statements inside were recovered by a line scan",
                    errors.len(),
                    error_bytes
                ),
            });
        }
        // recovered packages open scopes, so recovery runs before scopes are frozen
        let mut recovered = Vec::new();
        if mostly_errors {
            self.facts.diagnostics.push(Diagnostic {
                kind: DiagnosticKind::LineScanFallback,
                line: None,
                message: "most of the file did not parse (is it Perl?): the whole file was line-scanned; its facts are inferred".into(),
            });
            recovered.push((0, self.source.len(), root.end_byte()));
        } else {
            for &(start, end) in &errors {
                recovered.push((start, end, root.end_byte()));
            }
        }
        for &(start, end, scope_end) in &recovered {
            self.recover_packages(start, end, scope_end);
        }
        self.scopes.finish();
        self.references(&matches);
        for (start, end, _) in recovered {
            self.recover(start, end);
        }
        self.finish();
    }

    /// First pass: packages (and their scopes), subs, complexity, code lines, error regions.
    fn structure(&mut self, matches: &Matches<'_>) -> Vec<(usize, usize)> {
        let mut code = CodeLines::new(self.source);
        let mut errors: Vec<(usize, usize)> = Vec::new();
        let mut sub_spans: Vec<SubSpan> = Vec::new();
        let mut decisions: Vec<usize> = Vec::new();
        for m in matches.structure() {
            let mut name = None;
            let mut declaration = None;
            for capture in m {
                match capture_name(capture.index) {
                    "package.name" | "sub.name" => name = Some(capture.node),
                    "package.declaration" | "sub.declaration" => declaration = Some(capture.node),
                    "noncode.pod" | "noncode.data" => {
                        let n = capture.node;
                        code.exclude(n.start_position().row, n.end_position().row);
                    }
                    "noncode.comment" => {
                        let n = capture.node;
                        code.exclude_comment(self.source, n.start_byte(), n.start_position().row);
                    }
                    "error" => {
                        let n = capture.node;
                        // nested ERROR nodes come after their parent: keep the outermost
                        match errors.last_mut() {
                            Some(last) if n.start_byte() < last.1 => {
                                last.1 = last.1.max(n.end_byte())
                            }
                            _ => errors.push((n.start_byte(), n.end_byte())),
                        }
                    }
                    other if other.starts_with("decision.") => {
                        decisions.push(capture.node.start_byte())
                    }
                    _ => {}
                }
            }
            let (Some(name), Some(declaration)) = (name, declaration) else {
                continue;
            };
            if declaration.kind().ends_with("package_statement")
                || declaration.kind() == "class_statement"
            {
                self.package_declaration(declaration, name);
            } else {
                sub_spans.push(SubSpan {
                    start: declaration.start_byte(),
                    end: declaration.end_byte(),
                    index: self.facts.subs.len(),
                });
                self.facts.subs.push(SubDecl {
                    package: String::new(), // filled in once scopes are known
                    name: self.text(name),
                    line: declaration.start_position().row as u32 + 1,
                    end_line: declaration.end_position().row as u32 + 1,
                    code_lines: 0,
                    complexity: 1,
                });
            }
        }
        code.finish();
        self.facts.code_lines = code.total();
        for sub in &mut self.facts.subs {
            sub.code_lines = code.count(sub.line as usize - 1, sub.end_line as usize - 1);
        }
        // innermost sub containing each decision point: subs are sorted by start
        for decision in decisions {
            if let Some(span) = sub_spans
                .iter()
                .rev()
                .find(|s| s.start <= decision && decision < s.end)
            {
                self.facts.subs[span.index].complexity += 1;
            }
        }
        self.sub_starts = sub_spans.iter().map(|s| s.start).collect();
        errors
    }
}

/// Pragmas and sugar whose `use` line names further modules.
fn parents_from_use(module: &str) -> bool {
    matches!(module, "parent" | "base" | "superclass")
}

impl FileExtraction<'_> {
    fn package_declaration(&mut self, declaration: Node<'_>, name_node: Node<'_>) {
        let mut name = self.text(name_node);
        // `package X::822;` arrives as name `X::` + version `822`
        if let Some(version) = declaration.child_by_field_name("version") {
            if name.ends_with("::") && version.start_byte() == name_node.end_byte() {
                name.push_str(&self.text(version));
            }
        }
        let name = normalise_package(&name);
        let block = {
            let mut cursor = declaration.walk();
            let found = declaration
                .named_children(&mut cursor)
                .find(|c| c.kind() == "block");
            found
        };
        let (start, end, form) = match block {
            Some(block) => (block.start_byte(), block.end_byte(), PackageForm::Block),
            None => {
                let enclosing_end = declaration
                    .parent()
                    .map_or(self.source.len(), |p| p.end_byte());
                (
                    declaration.start_byte(),
                    enclosing_end,
                    PackageForm::Statement,
                )
            }
        };
        self.scopes.add(start, end, name.clone());
        self.facts.packages.push(PackageDecl {
            name,
            line: declaration.start_position().row as u32 + 1,
            form,
            confidence: Confidence::Exact,
        });
    }

    /// Line-scans `[start, end)` for package statements the grammar lost; they open scopes up to
    /// `scope_end`. Returns the recovered (line, name) pairs.
    fn recover_packages(&mut self, start: usize, end: usize, scope_end: usize) -> usize {
        let (region_start, first_line, region) = self.region_lines(start, end);
        let known: HashSet<(u32, String)> = self
            .facts
            .packages
            .iter()
            .map(|p| (p.line, p.name.clone()))
            .collect();
        let mut found = 0;
        for item in recovery::scan(&region) {
            if let Recovered::Package { name, block } = item.statement {
                let line = first_line + item.line as u32 + 1;
                if known.contains(&(line, name.clone())) {
                    continue;
                }
                self.scopes
                    .add(region_start + item.offset, scope_end, name.clone());
                self.facts.packages.push(PackageDecl {
                    name,
                    line,
                    form: if block {
                        PackageForm::Block
                    } else {
                        PackageForm::Statement
                    },
                    confidence: Confidence::Inferred,
                });
                found += 1;
            }
        }
        found
    }

    /// The text of `[start, end)` widened to whole lines: (start offset, 0-based first line, text).
    fn region_lines(&self, start: usize, end: usize) -> (usize, u32, String) {
        let line_start = self.source[..start]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let first_line = count_lines(&self.source[..line_start]);
        let text = String::from_utf8_lossy(&self.source[line_start..end]).into_owned();
        (line_start, first_line, text)
    }

    /// Line-scans `[start, end)` for `use`/`no`/`require` statements the tree did not yield.
    fn recover(&mut self, start: usize, end: usize) {
        let (region_start, first_line, region) = self.region_lines(start, end);
        let known: HashSet<(RefKind, String, u32)> = self
            .facts
            .refs
            .iter()
            .map(|r| (r.kind, r.target.clone(), r.line))
            .collect();
        for item in recovery::scan(&region) {
            let line = first_line + item.line as u32 + 1;
            let (kind, target) = match item.statement {
                Recovered::Package { .. } => continue,
                Recovered::Use { module, negated } => {
                    (if negated { RefKind::No } else { RefKind::Use }, module)
                }
                Recovered::Require { module } => (RefKind::Require, module),
                Recovered::Parent { name } => (RefKind::Parent, name),
            };
            if known.contains(&(kind, target.clone(), line)) {
                continue;
            }
            let package = self
                .scopes
                .package_at(region_start + item.offset)
                .to_string();
            self.facts.refs.push(Reference {
                package,
                kind,
                target,
                symbol: None,
                line,
                confidence: Confidence::Inferred,
                imports: None,
            });
        }
    }

    /// Second pass: every reference to another package or file.
    fn references(&mut self, matches: &Matches<'_>) {
        let mut functions = Vec::new();
        let mut variables = Vec::new();
        let source = self.source;
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
                "sugar" => {
                    if let (Some(keyword), Some(names)) =
                        (capture("sugar.keyword"), capture("sugar.names"))
                    {
                        self.sugar(keyword, names);
                    }
                }
                "call" => functions.extend(capture("call.function")),
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
                    if let (Some(method), Some(class)) =
                        (capture("indirect.method"), capture("indirect.class"))
                    {
                        self.consumed.insert((method.start_byte(), "function"));
                        self.consumed.insert((class.start_byte(), "function"));
                        let target = normalise_package(&self.text(class));
                        let method_name = self.text(method);
                        self.push_ref(
                            class,
                            RefKind::ClassMethod,
                            target,
                            Some(method_name),
                            Confidence::Exact,
                        );
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
                "glob_assignment" => {
                    if let Some(target) = capture("glob_assignment.target") {
                        self.unresolved(target, format!("{} = ...", self.text(target)));
                    }
                }
                _ => {}
            }
        }
        for function in functions {
            self.function(function);
        }
        for (name, sigil) in variables {
            self.variable(name, sigil);
        }
    }

    fn push_ref(
        &mut self,
        at: Node<'_>,
        kind: RefKind,
        target: String,
        symbol: Option<String>,
        confidence: Confidence,
    ) {
        let package = self.scopes.package_at(at.start_byte()).to_string();
        self.push_ref_in(package, at, kind, target, symbol, confidence, None);
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
        imports: Option<Vec<String>>,
    ) {
        if target.is_empty() {
            return;
        }
        self.facts.refs.push(Reference {
            package,
            kind,
            target,
            symbol,
            line: at.start_position().row as u32 + 1,
            confidence,
            imports,
        });
    }

    /// Records a place where the analyzer is blind, with the source text it could not resolve.
    fn unresolved(&mut self, at: Node<'_>, what: String) {
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
        let negated = verb.kind() == "no";
        let kind = if negated { RefKind::No } else { RefKind::Use };
        // everything after the module name (and version) up to the `;`
        let mut cursor = statement.walk();
        let arguments: Vec<Node> = statement
            .named_children(&mut cursor)
            .filter(|c| c.start_byte() >= module_node.end_byte())
            .filter(|c| Some(*c) != statement.child_by_field_name("version"))
            .filter(|c| c.kind() != "comment")
            .collect();
        let imports = match arguments.as_slice() {
            [] => None,
            [only] if only.kind() == "stub_expression" => Some(Vec::new()),
            _ => {
                let mut items = Vec::new();
                let mut complete = true;
                for argument in &arguments {
                    let list = literal_list(*argument, self.source);
                    items.extend(list.items);
                    complete &= list.complete;
                }
                complete.then_some(items)
            }
        };
        let package = self.scopes.package_at(statement.start_byte()).to_string();
        if !negated {
            self.use_sugar(&package, &module, &arguments, statement);
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
                None,
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
                None,
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
            .position(|c| matches!(c.kind(), "," | "=>"))?;
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
                        None,
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
            match node.kind() {
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
        let method_name = self.text(method);
        let named = method.kind() == "method" && is_package_name(&method_name);
        if named && (method_name.contains("::") || method_name.contains('\'')) {
            self.qualified_method(method, &method_name);
            return;
        }
        let symbol = Some(method_name.clone());
        match invocant.kind() {
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
            _ if !named => self.unresolved(
                call,
                self.text(call).split('(').next().unwrap_or("").to_string(),
            ),
            _ => {}
        }
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

    /// A `function` node: a qualified call, a bare call, or a builtin.
    fn function(&mut self, node: Node<'_>) {
        if self.consumed.contains(&(node.start_byte(), "function")) {
            return;
        }
        let name_node = match node.child(0) {
            None => node,
            // `&name` / `&Foo::name`
            Some(first) if first.kind() == "&" => match node.child(1) {
                Some(name) if name.kind() == "varname" => name,
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
        let is_call = node.parent().is_some_and(|p| {
            matches!(
                p.kind(),
                "function_call_expression" | "ambiguous_function_call_expression"
            ) && p.child_by_field_name("function") == Some(node)
        });
        if is_call && !is_builtin(&name) {
            self.bare_calls.push(BareCall {
                package: self.scopes.package_at(node.start_byte()).to_string(),
                name,
                line: node.start_position().row as u32 + 1,
            });
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

    /// Attributes subs to packages, filters bare calls, sorts and deduplicates.
    fn finish(&mut self) {
        for (sub, &start) in self.facts.subs.iter_mut().zip(&self.sub_starts) {
            match split_qualified(&sub.name) {
                Some((package, name)) => {
                    sub.name = name.to_string();
                    sub.package = package;
                }
                None => sub.package = self.scopes.package_at(start).to_string(),
            }
        }
        let defined: HashSet<(&str, &str)> = self
            .facts
            .subs
            .iter()
            .map(|s| (s.package.as_str(), s.name.as_str()))
            .collect();
        let mut bare: BTreeSet<BareCall> = BTreeSet::new();
        for call in self.bare_calls.drain(..) {
            if !defined.contains(&(call.package.as_str(), call.name.as_str())) {
                bare.insert(call);
            }
        }
        self.facts.bare_calls = bare.into_iter().collect();
        self.facts
            .bare_calls
            .sort_by(|a, b| (a.line, &a.package, &a.name).cmp(&(b.line, &b.package, &b.name)));
        self.facts.packages.sort_by_key(|p| p.line);
        self.facts
            .subs
            .sort_by(|a, b| (a.line, &a.name).cmp(&(b.line, &b.name)));
        self.facts.refs.sort_by(|a, b| {
            (a.line, a.kind, &a.target, &a.symbol, &a.package)
                .cmp(&(b.line, b.kind, &b.target, &b.symbol, &b.package))
        });
        self.facts.refs.dedup();
        self.facts
            .globals
            .sort_by(|a, b| (a.line, &a.package, &a.name).cmp(&(b.line, &b.package, &b.name)));
        self.facts.globals.dedup();
        self.facts.exports.sort_by(|a, b| {
            (a.line, &a.package, a.list, &a.tag).cmp(&(b.line, &b.package, b.list, &b.tag))
        });
    }
}

/// The interpreter named by a shebang line that does not run perl (`#!/bin/sh`).
fn foreign_shebang(source: &[u8]) -> Option<String> {
    let first_line = source.split(|&b| b == b'\n').next()?;
    if !first_line.starts_with(b"#!") || crate::files::is_perl_shebang(first_line) {
        return None;
    }
    let command = String::from_utf8_lossy(&first_line[2..]).trim().to_string();
    // an empty `#!` line says nothing
    (!command.is_empty()).then_some(command)
}

/// The code of a string eval as far as it is literal: string fragments joined by `.` are kept, and
/// anything computed becomes `$?` (so `"use Foo::" . $x` reads as a dynamic name).
fn eval_text(code: Node<'_>, source: &[u8]) -> String {
    let mut text = String::new();
    let mut stack = vec![code];
    while let Some(node) = stack.pop() {
        let concatenation = node.kind() == "binary_expression"
            && node
                .child_by_field_name("operator")
                .is_some_and(|op| op.kind() == ".");
        if concatenation || node.kind() == "parenthesized_expression" {
            let mut cursor = node.walk();
            let parts: Vec<Node> = node.named_children(&mut cursor).collect();
            stack.extend(parts.into_iter().rev());
        } else if matches!(
            node.kind(),
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
    let valid = !stem.is_empty()
        && stem.split('/').all(|part| {
            part.chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
    valid.then(|| stem.replace('/', "::"))
}
