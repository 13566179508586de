//! One file's bytes to [`FileFacts`]: parse, match the patterns of `queries/perl/`, read the
//! structure (packages and their scopes, subs, complexity, code lines, error regions), hand the
//! references to `references.rs`, recover what parse errors hid, and sort everything.

use crate::facts::*;
use crate::lines::{count_lines, CodeLines};
use crate::literal::{normalise_package, split_qualified, text};
use crate::matches::{self, MatchEngine, Matches};
use crate::queries::KindName;
use crate::queries::{capture_name, language, queries};
use crate::recovery::{self, Recovered};
use crate::repair::{parser_source, repair_into};
use crate::scope::PackageScopes;
use crate::walker;

mod references;
mod templates;
use std::collections::BTreeSet;

/// The extractor's per-file hash maps: foldhash rather than std's SipHash (it showed in
/// profiles: short keys, many files). Seeded per process like std's, so nothing may depend on
/// their order; nothing does (membership and lookups only).
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
/// The extractor's per-file hash sets (see [`HashMap`]).
type HashSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;
use std::ops::ControlFlow;
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
    /// The repaired copy of the file being extracted (`repair.rs`), kept across files so that a
    /// file with a repair costs no allocation: it holds the largest repaired file so far.
    repaired: Vec<u8>,
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
            repaired: Vec::new(),
        }
    }

    /// Parses `source` only (the floor the extractor is benchmarked against).
    pub fn parse_only(&mut self, source: &[u8]) -> Option<Tree> {
        self.parse(source)
    }

    fn parse(&mut self, source: &[u8]) -> Option<Tree> {
        parse_with_deadline(&mut self.parser, source, self.options.parse_timeout)
    }

    /// Every pattern match in `source` found by `engine`, as sorted `capture@start-end` strings.
    /// Exists so tests can prove the walker and the query files agree.
    #[doc(hidden)]
    pub fn pattern_matches(&mut self, source: &[u8], engine: MatchEngine) -> Vec<String> {
        let terminated = with_final_newline(source);
        let source = &terminated[..];
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

    /// The limits this extractor applies.
    pub fn options(&self) -> &ExtractOptions {
        &self.options
    }

    /// The facts of a file of `len` bytes when that is over the size cap (a `skipped_too_large`
    /// diagnostic, no hash: the bytes need not be read at all), else `None`.
    pub fn too_large(&self, path: &str, len: u64) -> Option<FileFacts> {
        if len <= self.options.max_file_size {
            return None;
        }
        let mut facts = FileFacts::empty(path.to_string(), String::new(), len);
        facts.diagnostics.push(Diagnostic {
            kind: DiagnosticKind::SkippedTooLarge,
            line: None,
            message: format!(
                "{len} bytes is over the size cap of {} bytes; raise it with --max-file-size",
                self.options.max_file_size
            ),
        });
        Some(facts)
    }

    /// Extracts the facts of one file. `path` is recorded as given.
    pub fn extract(&mut self, path: &str, source: &[u8]) -> FileFacts {
        let mut facts = FileFacts::empty(
            path.to_string(),
            blake3::hash(source).to_hex().to_string(),
            source.len() as u64,
        );
        if let Some(skipped) = self.too_large(&facts.path, source.len() as u64) {
            return FileFacts {
                hash: facts.hash,
                ..skipped
            };
        }
        facts.lines = count_lines(source);
        // a binary payload after `__END__`/`__DATA__` is data: the code before it is parsed
        let source = match memchr::memchr(0, source) {
            None => source,
            Some(nul) => match data_marker_end(&source[..nul]) {
                Some(end) => &source[..end],
                None => {
                    facts.diagnostics.push(Diagnostic {
                        kind: DiagnosticKind::SkippedBinary,
                        line: Some(line_at(source, nul)),
                        message: "contains a NUL byte before any __END__/__DATA__: treated as binary, not parsed".into(),
                    });
                    return facts;
                }
            },
        };
        if let Some(interpreter) = foreign_shebang(source) {
            facts.diagnostics.push(Diagnostic {
                kind: DiagnosticKind::NotPerl,
                line: Some(1),
                message: format!("the shebang runs `{interpreter}`, not perl: not parsed"),
            });
            return facts;
        }
        if let Err(e) = std::str::from_utf8(source) {
            let line = line_at(source, e.valid_up_to());
            facts.diagnostics.push(Diagnostic {
                kind: DiagnosticKind::NotUtf8,
                line: Some(line),
                message: "not valid UTF-8: parsed as bytes, names decoded lossily".into(),
            });
        }
        let seam_comments = crate::seam_comments::scan(source);
        let terminated = with_final_newline(source);
        let source = &terminated[..];
        let parser_bytes = match repair_into(source, &mut self.repaired) {
            true => &self.repaired[..],
            false => source,
        };
        let timeout = self.options.parse_timeout;
        match parse_with_deadline(&mut self.parser, parser_bytes, timeout) {
            Some(tree) => {
                facts.seam_comments = crate::seam_comments::in_comments(seam_comments, &tree);
                let mut file = FileExtraction::new(source, &mut facts);
                let mut context = RunContext {
                    parser: &mut self.parser,
                    cursor: &mut self.cursor,
                    options: &self.options,
                    parser_bytes,
                };
                file.run(&tree, &mut context);
            }
            None => {
                facts.seam_comments = seam_comments.into_iter().map(|(_, c)| c).collect();
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
                let whole = [(0, source.len(), source.len())];
                let newlines = memchr_newlines(source);
                file.recover_packages(&whole, &newlines);
                file.scopes.finish();
                file.recover(&whole, &newlines);
                file.finish();
            }
        }
        facts
    }
}

/// Parses `source` (within the parser's included ranges), giving up after `timeout`.
fn parse_with_deadline(parser: &mut Parser, source: &[u8], timeout: Duration) -> Option<Tree> {
    let deadline = Instant::now() + timeout;
    let mut check = |_: &tree_sitter::ParseState| {
        if Instant::now() > deadline {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    };
    let len = source.len();
    let tree = parser.parse_with_options(
        &mut |i, _| if i < len { &source[i..] } else { &[] },
        None,
        Some(ParseOptions::new().progress_callback(&mut check)),
    );
    if tree.is_none() {
        parser.reset();
    }
    tree
}

/// At most this many pieces of code inside regexes are parsed per file (each is a parse of its
/// own; the budget keeps a file of generated substitutions from costing more than its parse).
const MAX_EMBEDDED_PARSES: usize = 1_000;

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
    /// Byte ranges of Perl code inside regexes (`s///e` replacements, `(?{ })` blocks) and
    /// literal string evals (`eval q{...}`) found by the reference pass, still to be parsed and
    /// read.
    embedded: Vec<Embedded>,
    /// Names that are subs of a package, not classes, when they stand as an invocant
    /// (`TOKEN_UNKNOWN->m`): (package, name, declared here) and the first line Perl knows them
    /// from. Constants (`use constant`) and subs are declared here; names imported by a literal
    /// `use` list come from elsewhere.
    functions: HashMap<(String, String, bool), u32>,
}

/// A piece of Perl code inside the file's code, parsed on its own.
#[derive(Debug, Clone, Copy)]
struct Embedded {
    start: usize,
    end: usize,
    /// The code of a string eval: its `use` and `require` are read from the string already.
    eval: bool,
}

/// What a file's extraction borrows from its [`Extractor`]: the parser (code inside regexes is
/// parsed on its own), the query cursor and the options.
struct RunContext<'e> {
    parser: &'e mut Parser,
    cursor: &'e mut QueryCursor,
    options: &'e ExtractOptions,
    /// The bytes the parser reads (the source, or `repair.rs`'s copy of it).
    parser_bytes: &'e [u8],
}

impl RunContext<'_> {
    /// Every pattern match under `root`, by the configured engine.
    fn matches<'tree>(&mut self, root: Node<'tree>, source: &[u8]) -> Matches<'tree> {
        match self.options.engine {
            MatchEngine::Walker => walker::collect(root, source),
            MatchEngine::Query => {
                matches::collect_with_query(self.cursor, &queries().all, root, source)
            }
        }
    }
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
            consumed: HashSet::default(),
            bare_calls: Vec::new(),
            sub_starts: Vec::new(),
            embedded: Vec::new(),
            functions: HashMap::default(),
        }
    }

    fn text(&self, node: Node<'_>) -> String {
        text(node, self.source).into_owned()
    }

    fn run(&mut self, tree: &Tree, context: &mut RunContext<'_>) {
        let options = context.options;
        let root = tree.root_node();
        let matches = context.matches(root, self.source);
        let errors = self.structure(&matches);
        let error_bytes: usize = errors.iter().map(|(s, e)| e - s).sum();
        let mostly_errors = !self.source.is_empty()
            && error_bytes as f64 / self.source.len() as f64 > options.fallback_error_share;
        if !errors.is_empty() {
            let first_line = line_at(self.source, errors[0].0);
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
        // line starts are needed for error regions and code inside regexes only (most files
        // have neither)
        let mut newlines = if recovered.is_empty() {
            Vec::new()
        } else {
            memchr_newlines(self.source)
        };
        self.recover_packages(&recovered, &newlines);
        self.scopes.finish();
        self.references(&matches);
        if newlines.is_empty() && !self.embedded.is_empty() {
            newlines = memchr_newlines(self.source);
        }
        // the walker gathered the data pass's nodes on its way; the query engine did not
        let gathered;
        let candidates = match &matches.data {
            Some(candidates) => candidates,
            None => {
                gathered = crate::data::Candidates::of_tree(root);
                &gathered
            }
        };
        self.facts.data = crate::data::collect(candidates, self.source, &self.scopes);
        self.embedded_code(context, &newlines);
        self.recover(&recovered, &newlines);
        self.finish();
    }

    /// Parses each piece of code inside a regex on its own (the parser restricted to its byte
    /// range, so offsets and lines stay the file's) and reads its references. Code found inside
    /// that code is queued in turn; each range lies strictly inside the one it came from.
    fn embedded_code(&mut self, context: &mut RunContext<'_>, newlines: &[usize]) {
        let point = |offset: usize| {
            let row = newlines.partition_point(|&nl| nl < offset);
            let line_start = if row == 0 { 0 } else { newlines[row - 1] + 1 };
            tree_sitter::Point::new(row, offset - line_start)
        };
        let mut parsed = 0;
        while let Some(Embedded { start, end, eval }) = self.embedded.pop() {
            if start >= end || end > self.source.len() {
                continue;
            }
            parsed += 1;
            if parsed > MAX_EMBEDDED_PARSES {
                break;
            }
            let range = tree_sitter::Range {
                start_byte: start,
                end_byte: end,
                start_point: point(start),
                end_point: point(end),
            };
            if context.parser.set_included_ranges(&[range]).is_err() {
                continue;
            }
            let tree = parse_with_deadline(
                context.parser,
                context.parser_bytes,
                context.options.parse_timeout,
            );
            // back to the whole document for the next file
            let _ = context.parser.set_included_ranges(&[]);
            let Some(tree) = tree else { continue };
            let before = self.embedded.len();
            let refs_before = self.facts.refs.len();
            let matches = context.matches(tree.root_node(), self.source);
            self.references(&matches);
            if eval {
                // `eval "use Foo; 1"` is a dynamic load, already read from the string
                let refs = self.facts.refs.split_off(refs_before);
                self.facts
                    .refs
                    .extend(refs.into_iter().filter(|r| !read_from_eval_string(r)));
            }
            // a nested range must shrink, or the queue could never empty
            let nested = self.embedded.split_off(before);
            self.embedded.extend(
                nested
                    .into_iter()
                    .filter(|e| start <= e.start && e.end <= end && e.end - e.start < end - start),
            );
        }
        self.embedded.clear();
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
            if declaration.kind_name().ends_with("package_statement")
                || declaration.kind_name() == "class_statement"
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

impl FileExtraction<'_> {
    fn package_declaration(&mut self, declaration: Node<'_>, name_node: Node<'_>) {
        // `package X::822;` reads whole: `repair.rs` keeps digit-led segments in the name
        let name = normalise_package(&self.text(name_node));
        let block = {
            let mut cursor = declaration.walk();
            let found = declaration
                .named_children(&mut cursor)
                .find(|c| c.kind_name() == "block");
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

    /// Line-scans the regions `(start, end, scope_end)` for package statements the grammar lost;
    /// each opens a scope up to its region's `scope_end`.
    fn recover_packages(&mut self, regions: &[(usize, usize, usize)], newlines: &[usize]) {
        if regions.is_empty() {
            return;
        }
        let mut known: HashSet<(u32, String)> = self
            .facts
            .packages
            .iter()
            .map(|p| (p.line, p.name.clone()))
            .collect();
        for &(start, end, scope_end) in regions {
            let (region_start, first_line, region) = self.region_lines(start, end, newlines);
            for item in recovery::scan(&region) {
                if let Recovered::Package { name, block } = item.statement {
                    let line = first_line + item.line as u32 + 1;
                    if !known.insert((line, name.clone())) {
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
                }
            }
        }
    }

    /// The text of `[start, end)` widened to whole lines: (start offset, 0-based first line, text).
    fn region_lines(&self, start: usize, end: usize, newlines: &[usize]) -> (usize, u32, String) {
        // newlines before `start`: the 0-based line of `start`; the line starts after the last one
        let before = newlines.partition_point(|&nl| nl < start);
        let line_start = if before == 0 {
            0
        } else {
            newlines[before - 1] + 1
        };
        let text = String::from_utf8_lossy(&self.source[line_start..end]).into_owned();
        (line_start, before as u32, text)
    }

    /// Line-scans the regions for `use`/`no`/`require` statements the tree did not yield.
    fn recover(&mut self, regions: &[(usize, usize, usize)], newlines: &[usize]) {
        if regions.is_empty() {
            return;
        }
        let mut known: HashSet<(RefKind, String, u32)> = self
            .facts
            .refs
            .iter()
            .map(|r| (r.kind, r.target.clone(), r.line))
            .collect();
        for &(start, end, _) in regions {
            let (region_start, first_line, region) = self.region_lines(start, end, newlines);
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
                if !known.insert((kind, target.clone(), line)) {
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
                    imports_unknown: false,
                });
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
        self.function_invocants();
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

impl FileExtraction<'_> {
    /// `TOKEN_UNKNOWN->m`, `Foo::CONST->m`: an invocant that names a constant or sub is called,
    /// and the method is called on its result. One declared in this file (a sub, `use constant`)
    /// is no reference at all (or a call, qualified with another package); one imported by a
    /// literal `use` list is a bare call, which the graph stage resolves through the imports.
    fn function_invocants(&mut self) {
        if self.functions.is_empty() && self.facts.subs.is_empty() {
            return;
        }
        for sub in &self.facts.subs {
            let key = (sub.package.clone(), sub.name.clone(), true);
            declare_function(&mut self.functions, key, sub.line);
        }
        let refs = std::mem::take(&mut self.facts.refs);
        for mut reference in refs {
            // a package this file declares is a class, whatever sub shares its name (`DB->x` in
            // DB.pm, which also has `sub DB`)
            let declared_package = || {
                self.facts
                    .packages
                    .iter()
                    .any(|p| p.name == reference.target)
            };
            if reference.kind != RefKind::ClassMethod || declared_package() {
                self.facts.refs.push(reference);
                continue;
            }
            let (package, name) = match split_qualified(&reference.target) {
                Some((package, name)) => (package, name.to_string()),
                None => (reference.package.clone(), reference.target.clone()),
            };
            // a sub Perl does not know yet when it compiles the line is not called there
            let known = |key| {
                self.functions
                    .get(&key)
                    .is_some_and(|&l| l <= reference.line)
            };
            let here = known((package.clone(), name.clone(), true));
            let imported = known((package.clone(), name.clone(), false));
            let qualified = reference.target.contains("::");
            if here {
                if package != reference.package {
                    reference.kind = RefKind::Call;
                    reference.target = package;
                    reference.symbol = Some(name);
                    self.facts.refs.push(reference);
                }
            } else if !qualified && imported {
                self.bare_calls.push(BareCall {
                    package,
                    name,
                    line: reference.line,
                });
            } else {
                self.facts.refs.push(reference);
            }
        }
    }
}

/// Records in `functions` that `key` (package, name, declared here) is a sub from `line` on.
fn declare_function(
    functions: &mut HashMap<(String, String, bool), u32>,
    key: (String, String, bool),
    line: u32,
) {
    let first = functions.entry(key).or_insert(line);
    *first = (*first).min(line);
}

/// Whether a reference read in the code of a string eval was read from the string already
/// (`use`/`require` as a dynamic load, `require $x` as a blind spot).
fn read_from_eval_string(reference: &Reference) -> bool {
    match reference.kind {
        RefKind::Use | RefKind::No | RefKind::Require | RefKind::RequireFile => true,
        RefKind::DynamicUnresolved => reference.target.starts_with("require "),
        _ => false,
    }
}

/// The source with a final newline. The grammar's heredoc scanner loops forever on an
/// unterminated interpolating heredoc whose last line has no newline (`print <<EOF;\nHi $x`), and
/// no parse timeout can stop it (the progress callback never runs inside the scanner); a final
/// newline changes nothing else for Perl. Line counts and the hash come from the original bytes.
fn with_final_newline(source: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if source.is_empty() || source.ends_with(b"\n") {
        std::borrow::Cow::Borrowed(source)
    } else {
        let mut owned = Vec::with_capacity(source.len() + 1);
        owned.extend_from_slice(source);
        owned.push(b'\n');
        std::borrow::Cow::Owned(owned)
    }
}

/// Offsets of every newline, for turning offsets into lines without rescanning.
fn memchr_newlines(source: &[u8]) -> Vec<usize> {
    source
        .iter()
        .enumerate()
        .filter(|(_, &b)| b == b'\n')
        .map(|(i, _)| i)
        .collect()
}

/// The 1-based line of byte `offset`.
fn line_at(source: &[u8], offset: usize) -> u32 {
    source[..offset.min(source.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u32
        + 1
}

/// The end of the first `__END__` or `__DATA__` line (at the start of a line) in `code`, where the
/// code ends and data begins.
fn data_marker_end(code: &[u8]) -> Option<usize> {
    let mut line_start = 0;
    for line in code.split_inclusive(|&b| b == b'\n') {
        let marker = [&b"__END__"[..], b"__DATA__"].into_iter().any(|m| {
            line.strip_prefix(m).is_some_and(|rest| {
                !rest
                    .first()
                    .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_')
            })
        });
        if marker {
            return Some(line_start + line.len());
        }
        line_start += line.len();
    }
    None
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
