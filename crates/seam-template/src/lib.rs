//! Template and component files to seam facts: HTML::Mason and Mason 2 components, Template
//! Toolkit, Mojolicious `.ep` and HTML::Template templates.
//!
//! One job: a template's bytes to a [`FileFacts`] record whose `template` field says what it is
//! and whose `refs` hold its component calls and includes ([`RefKind::Template`]), plugin uses,
//! and every reference of its embedded Perl. The embedded Perl goes through the same extractor as
//! any Perl file, in one parse: each piece is laid out on the template line it comes from (see
//! `perl_lines`), so every reported line is the template's. Like the Perl extractor, this never
//! panics on input, runs in time linear in the input (plus the parser's own time limit), and
//! knows nothing about other files: names are resolved by the graph stage.

mod ep;
mod html_template;
mod mason;
mod perl_lines;
mod tt;

use perl_lines::PerlLines;
use seam_perl::{Confidence, Diagnostic, DiagnosticKind, Extractor, FileFacts, RefKind, Reference};
pub use seam_perl::{TemplateFacts, TemplateSyntax};
use std::collections::BTreeSet;

/// A reference a template scanner found, before it joins the embedded Perl's.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    kind: RefKind,
    target: String,
    symbol: Option<String>,
    /// 1-based line.
    line: u32,
    confidence: Confidence,
}

/// What a scanner read from one template.
#[derive(Debug)]
pub(crate) struct Scan {
    perl: PerlLines,
    found: Vec<Found>,
    defines: BTreeSet<String>,
    no_inherit: bool,
}

impl Scan {
    fn new(text: &str) -> Self {
        Scan {
            perl: PerlLines::new(text.split('\n').count()),
            found: Vec::new(),
            defines: BTreeSet::new(),
            no_inherit: false,
        }
    }
}

/// Extensions of Mason components (besides extension-less files, `autohandler`, `dhandler`).
const MASON_EXTENSIONS: &[&str] = &[".mas", ".mhtml", ".mc", ".mi", ".comp", ".mtxt"];
/// Extensions of Template Toolkit templates.
const TT_EXTENSIONS: &[&str] = &[".tt", ".tt2"];
/// Extensions whose files are templates only when their content says so.
const SNIFFED_EXTENSIONS: &[&str] = &[".html", ".htm", ".tmpl", ".xml", ".txt", ".csv", ".tex"];
/// How much of a file sniffing reads.
pub const SNIFF_BYTES: usize = 64 * 1024;

/// What a file's name says about it being a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameHint {
    /// The extension names the syntax.
    Syntax(TemplateSyntax),
    /// Extension-less or a shared extension (`.html`): the content decides.
    Sniff,
    /// Not a template.
    No,
}

/// Classifies a file name (the last path segment).
pub fn name_hint(file_name: &str) -> NameHint {
    let lower = file_name.to_ascii_lowercase();
    if lower == "autohandler" || lower == "dhandler" {
        return NameHint::Syntax(TemplateSyntax::Mason);
    }
    if lower.ends_with(".ep") {
        return NameHint::Syntax(TemplateSyntax::MojoEp);
    }
    if TT_EXTENSIONS.iter().any(|e| lower.ends_with(e)) {
        return NameHint::Syntax(TemplateSyntax::TemplateToolkit);
    }
    if MASON_EXTENSIONS.iter().any(|e| lower.ends_with(e)) {
        return NameHint::Syntax(TemplateSyntax::Mason);
    }
    if SNIFFED_EXTENSIONS.iter().any(|e| lower.ends_with(e)) || !lower.contains('.') {
        return NameHint::Sniff;
    }
    NameHint::No
}

/// Mason block tags that only a component has.
const MASON_MARKERS: &[&str] = &[
    "<%init>",
    "<%args>",
    "<%perl>",
    "<%once>",
    "<%shared>",
    "<%cleanup>",
    "<%flags>",
    "<%attr>",
    "<%method ",
    "<%def ",
    "<%class>",
    "<%doc>",
];

/// The syntax of a file that [`name_hint`] could not decide, from its first bytes (`head`, up
/// to [`SNIFF_BYTES`]). `loose`: the file is under a component root, where `% ` lines and
/// `<% expr %>` alone make a Mason component.
pub fn sniff(head: &[u8], loose: bool) -> Option<TemplateSyntax> {
    if head.contains(&0) {
        return None;
    }
    let text = String::from_utf8_lossy(head);
    let lower = text.to_ascii_lowercase();
    if MASON_MARKERS.iter().any(|m| lower.contains(m)) || has_component_call(&text) {
        return Some(TemplateSyntax::Mason);
    }
    if lower.contains("<tmpl_") || lower.contains("<!-- tmpl_") {
        return Some(TemplateSyntax::HtmlTemplate);
    }
    if has_tt_directive(&text) {
        return Some(TemplateSyntax::TemplateToolkit);
    }
    let mason_lines = text
        .lines()
        .any(|l| l.starts_with("% ") || l == "%" || l.starts_with("%#"));
    if loose && (mason_lines || text.contains("<% ")) {
        return Some(TemplateSyntax::Mason);
    }
    None
}

/// `<& path ... &>` on one line.
fn has_component_call(text: &str) -> bool {
    text.lines().any(|l| {
        l.find("<&")
            .is_some_and(|at| l[at..].contains("&>") && !l[at..].starts_with("<&&"))
    })
}

/// A `[% ... %]` directive, or a `<?name ... ?>` tag style (not `<?xml`/`<?php`).
fn has_tt_directive(text: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "INCLUDE", "PROCESS", "WRAPPER", "INSERT", "USE", "IF", "FOREACH", "SET", "BLOCK", "END",
        "GET", "CALL", "UNLESS", "FOR",
    ];
    let keyword_after = |rest: &str| {
        let rest = rest.trim_start_matches(['-', '+', '~', '=']).trim_start();
        KEYWORDS.iter().any(|k| {
            rest.starts_with(k)
                && !rest[k.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
        })
    };
    if let Some(at) = text.find("[%") {
        if text[at..].contains("%]") {
            return true;
        }
    }
    if let Some(name) = tt::processing_tag(text) {
        // a `<?name ... ?>` tag that is not XML's or PHP's: a keyword, or a variable closed by
        // `?>` (LedgerSMB's `<?lsmb company ?>`)
        let tag = format!("<?{name}");
        return text.match_indices(&tag).any(|(at, _)| {
            let rest = &text[at + tag.len()..];
            keyword_after(rest)
                || rest
                    .find("?>")
                    .is_some_and(|end| !rest[..end].contains('<'))
        });
    }
    false
}

/// The extractor's facts for a template file: its Perl parsed once with the template's lines,
/// its component calls, includes and plugin uses.
pub fn extract(
    extractor: &mut Extractor,
    path: &str,
    source: &[u8],
    syntax: TemplateSyntax,
) -> FileFacts {
    let text = String::from_utf8_lossy(source);
    let scan = match syntax {
        TemplateSyntax::Mason => mason::scan(&text),
        TemplateSyntax::TemplateToolkit => tt::scan(&text),
        TemplateSyntax::MojoEp => ep::scan(&text),
        TemplateSyntax::HtmlTemplate => html_template::scan(&text),
    };
    let perl = scan.perl.source();
    let mut facts = extractor.extract(path, perl.as_bytes());
    facts.hash = blake3::hash(source).to_hex().to_string();
    facts.bytes = source.len() as u64;
    facts.lines = physical_lines(source);
    facts.code_lines = text.lines().filter(|l| !l.trim().is_empty()).count() as u32;
    if matches!(text, std::borrow::Cow::Owned(_)) {
        facts.diagnostics.push(Diagnostic {
            kind: DiagnosticKind::NotUtf8,
            line: None,
            message: "not valid UTF-8: read with replacement characters".into(),
        });
    }
    for found in scan.found {
        facts.refs.push(Reference {
            package: "main".into(),
            kind: found.kind,
            target: found.target,
            symbol: found.symbol,
            line: found.line,
            confidence: found.confidence,
            imports: None,
            imports_unknown: false,
        });
    }
    if syntax == TemplateSyntax::Mason {
        mason_targets(&mut facts.refs, &scan.defines);
    }
    if syntax == TemplateSyntax::MojoEp {
        helper_invocants(&mut facts.refs);
    }
    facts.refs.sort_by(|a, b| {
        (a.line, a.kind, &a.target, &a.symbol, &a.package)
            .cmp(&(b.line, b.kind, &b.target, &b.symbol, &b.package))
    });
    facts.refs.dedup();
    facts.template = Some(TemplateFacts {
        syntax,
        defines: scan.defines.into_iter().collect(),
        no_inherit: scan.no_inherit,
    });
    facts
}

/// Mason component names: `SELF:x`, `PARENT:x` and `REQUEST:x` go through the inheritance chain
/// (not a file), a `<%def>`/`<%method>` of this component is local, `/path:method` calls a
/// method of the component at `/path`.
fn mason_targets(refs: &mut Vec<Reference>, defines: &BTreeSet<String>) {
    refs.retain_mut(|r| {
        if r.kind != RefKind::Template || r.symbol.as_deref() == Some("inherit") {
            return true;
        }
        if let Some((component, _method)) = r.target.split_once(':') {
            if matches!(component, "SELF" | "PARENT" | "REQUEST") || component.is_empty() {
                return false;
            }
            r.target = component.to_string();
        }
        !defines.contains(&r.target)
    });
}

/// In a Mojolicious template a lowercase bareword before `->` is a helper called without
/// parentheses (`app->mode`, `url_for->base`, `stash->{x}`), never a class: Mojolicious defines
/// the helpers as functions of the template's package. Class-method references to such a
/// one-word lowercase name are dropped (a real class is capitalised or qualified: `Mojo::URL`).
fn helper_invocants(refs: &mut Vec<Reference>) {
    refs.retain(|r| {
        r.kind != RefKind::ClassMethod
            || r.target.contains("::")
            || !r.target.starts_with(|c: char| c.is_ascii_lowercase())
    });
}

/// Physical lines (a last line without a newline counts).
fn physical_lines(source: &[u8]) -> u32 {
    let newlines = source.iter().filter(|&&b| b == b'\n').count();
    let unterminated = !source.is_empty() && source.last() != Some(&b'\n');
    (newlines + usize::from(unterminated)) as u32
}
