//! One fixture per template language (`tests/fixtures/`), a snapshot of its facts each; every
//! reported line checked against the source; no panic on arbitrary bytes.

use proptest::prelude::*;
use seam_perl::{ExtractOptions, Extractor, FileFacts, RefKind};
use seam_template::{extract, name_hint, sniff, NameHint, TemplateSyntax, SNIFF_BYTES};
use std::path::Path;

fn syntax_of(path: &Path, bytes: &[u8]) -> Option<TemplateSyntax> {
    let name = path.file_name().unwrap().to_string_lossy();
    match name_hint(&name) {
        NameHint::Syntax(syntax) => Some(syntax),
        NameHint::Sniff => sniff(&bytes[..bytes.len().min(SNIFF_BYTES)], false),
        NameHint::No => None,
    }
}

fn facts_of(path: &Path) -> (String, FileFacts) {
    let bytes = std::fs::read(path).expect("fixture is readable");
    let syntax = syntax_of(path, &bytes).expect("every fixture is recognised as a template");
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let mut extractor = Extractor::new(ExtractOptions::default());
    let facts = extract(&mut extractor, &name, &bytes, syntax);
    (String::from_utf8(bytes).unwrap(), facts)
}

#[test]
fn facts_of_each_template() {
    insta::glob!("fixtures/*", |path| {
        let (_, facts) = facts_of(path);
        insta::assert_json_snapshot!(facts);
    });
}

/// Every reference's line holds what the reference names: the line map back to the template is
/// right for every fixture.
#[test]
fn reported_lines_are_the_templates_lines() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let (source, facts) = facts_of(&path);
        let lines: Vec<&str> = source.lines().collect();
        for reference in &facts.refs {
            let line = lines[reference.line as usize - 1].to_ascii_lowercase();
            let target = reference.target.to_ascii_lowercase();
            // the last name segment (`Template::Plugin::Date` from `USE date`), or any word of a
            // blind spot's text
            let last = target.rsplit("::").next().unwrap_or(&target);
            let words: Vec<&str> = target
                .split(|c: char| c.is_whitespace() || "<&>'\"{}".contains(c))
                .filter(|w| w.len() > 1 && !["include", "call"].contains(w))
                .collect();
            let last_dotted = last.rsplit('.').next().unwrap_or(last);
            assert!(
                line.contains(last)
                    || line.contains(last_dotted)
                    || words.iter().any(|w| line.contains(w)),
                "{}:{}: {:?} {} is not on that line: {line}",
                path.display(),
                reference.line,
                reference.kind,
                reference.target
            );
            checked += 1;
        }
    }
    assert!(checked > 40, "only {checked} references checked");
}

#[test]
fn mason_components_name_their_calls_and_parents() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let (_, facts) = facts_of(&dir.join("ShowLoan.mas"));
    let calls: Vec<(&str, u32)> = facts
        .refs
        .iter()
        .filter(|r| r.kind == RefKind::Template)
        .map(|r| (r.target.as_str(), r.line))
        .collect();
    assert_eq!(
        calls,
        [
            ("/Elements/Box", 16),
            ("/Elements/Footer", 21),
            ("Widgets/Date", 22),
            ("/Elements/Tabs", 23)
        ]
    );
    assert!(facts.refs.iter().all(|r| !r.target.contains("InDoc")));
    let (_, autohandler) = facts_of(&dir.join("autohandler"));
    let template = autohandler.template.unwrap();
    assert!(template.no_inherit);
    assert_eq!(template.defines, ["footer", "title"]);
    // `<& footer &>` is the local def, `SELF:title` the inheritance chain: no file
    assert!(autohandler
        .refs
        .iter()
        .filter(|r| r.kind == RefKind::Template)
        .all(|r| r.target == "/Elements/Header"));
    assert!(
        autohandler.diagnostics.is_empty(),
        "{:?}",
        autohandler.diagnostics
    );
}

#[test]
fn sniffing_tells_templates_from_plain_files() {
    assert_eq!(
        name_hint("autohandler"),
        NameHint::Syntax(TemplateSyntax::Mason)
    );
    assert_eq!(
        name_hint("x.html.ep"),
        NameHint::Syntax(TemplateSyntax::MojoEp)
    );
    assert_eq!(
        name_hint("x.tt2"),
        NameHint::Syntax(TemplateSyntax::TemplateToolkit)
    );
    assert_eq!(name_hint("x.png"), NameHint::No);
    assert_eq!(name_hint("Header"), NameHint::Sniff);
    assert_eq!(sniff(b"<html><body>plain</body></html>", false), None);
    assert_eq!(sniff(b"% my $x = 1;\n<p><% $x %></p>\n", false), None);
    assert_eq!(
        sniff(b"% my $x = 1;\n<p><% $x %></p>\n", true),
        Some(TemplateSyntax::Mason)
    );
    assert_eq!(
        sniff(b"<p>[% INCLUDE x.tt %]</p>", false),
        Some(TemplateSyntax::TemplateToolkit)
    );
    assert_eq!(
        sniff(b"<?lsmb INCLUDE x ?>", false),
        Some(TemplateSyntax::TemplateToolkit)
    );
    assert_eq!(sniff(b"<?xml version='1.0'?><a/>", false), None);
    assert_eq!(
        sniff(b"<TMPL_VAR NAME=x>", false),
        Some(TemplateSyntax::HtmlTemplate)
    );
    assert_eq!(sniff(b"<& /x &>", false), Some(TemplateSyntax::Mason));
}

fn any_syntax() -> impl Strategy<Value = TemplateSyntax> {
    prop_oneof![
        Just(TemplateSyntax::Mason),
        Just(TemplateSyntax::TemplateToolkit),
        Just(TemplateSyntax::MojoEp),
        Just(TemplateSyntax::HtmlTemplate),
    ]
}

/// Pieces of every syntax, so random input hits the scanners' edges (unclosed tags, tags at
/// the end, nested openers).
fn template_soup() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop_oneof![
        Just("<%init>".to_string()),
        Just("</%init>".to_string()),
        Just("<%args>\n$x => 1\n".to_string()),
        Just("<& /a, b => 1".to_string()),
        Just("&>".to_string()),
        Just("<&|".to_string()),
        Just("<%".to_string()),
        Just("%>".to_string()),
        Just("\n% ".to_string()),
        Just("[%".to_string()),
        Just("%]".to_string()),
        Just("[% PERL %]".to_string()),
        Just("[% END %]".to_string()),
        Just("INCLUDE ".to_string()),
        Just("USE a = ".to_string()),
        Just("<?lsmb ".to_string()),
        Just("?>".to_string()),
        Just("<TMPL_INCLUDE NAME=\"".to_string()),
        Just("begin".to_string()),
        Just("end".to_string()),
        Just("'".to_string()),
        Just("\"".to_string()),
        Just("Foo::Bar->x(".to_string()),
        Just("\n".to_string()),
        "[ -~\u{e9}]{0,8}".prop_map(|s| s),
    ];
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat().into_bytes())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400), syntax in any_syntax()) {
        let mut extractor = Extractor::new(ExtractOptions::default());
        let facts = extract(&mut extractor, "x", &bytes, syntax);
        let lines = facts.lines.max(1);
        prop_assert!(facts.refs.iter().all(|r| r.line >= 1 && r.line <= lines));
        let _ = sniff(&bytes, true);
    }

    #[test]
    fn template_soup_never_panics_and_keeps_lines_in_range(bytes in template_soup(), syntax in any_syntax()) {
        let mut extractor = Extractor::new(ExtractOptions::default());
        let started = std::time::Instant::now();
        let facts = extract(&mut extractor, "x", &bytes, syntax);
        prop_assert!(started.elapsed().as_secs() < 5);
        let lines = facts.lines.max(1);
        prop_assert!(facts.refs.iter().all(|r| r.line >= 1 && r.line <= lines), "{:?}", facts.refs);
        let again = extract(&mut extractor, "x", &bytes, syntax);
        prop_assert_eq!(facts, again);
    }
}

#[test]
fn a_mojolicious_helper_before_an_arrow_is_not_a_class() {
    let text = "<p><%= app->mode %> <%= url_for->base %> <%= Mojo::URL->new('/x') %></p>\n\
                % my $m = LibSys::Money->new;\n";
    let mut extractor = Extractor::new(ExtractOptions::default());
    let facts = extract(
        &mut extractor,
        "page.html.ep",
        text.as_bytes(),
        TemplateSyntax::MojoEp,
    );
    let classes: Vec<&str> = facts
        .refs
        .iter()
        .filter(|r| r.kind == RefKind::ClassMethod)
        .map(|r| r.target.as_str())
        .collect();
    assert_eq!(classes, ["Mojo::URL", "LibSys::Money"], "{:?}", facts.refs);
}
