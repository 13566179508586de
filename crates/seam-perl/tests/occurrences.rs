//! Per-occurrence checks of the fixtures whose every line matters: each reference a line makes,
//! by (line, kind, target, symbol), and no other.

use seam_perl::{ExtractOptions, Extractor, FileFacts, RefKind};

fn facts_of(fixture: &str) -> FileFacts {
    let path = format!("{}/tests/fixtures/{fixture}", env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read(&path).expect("fixture is readable");
    Extractor::new(ExtractOptions::default()).extract(fixture, &source)
}

/// The references on `line`, as (kind, target, symbol).
fn on_line(facts: &FileFacts, line: u32) -> Vec<(RefKind, String, Option<String>)> {
    facts
        .refs
        .iter()
        .filter(|r| r.line == line)
        .map(|r| (r.kind, r.target.clone(), r.symbol.clone()))
        .collect()
}

fn one(kind: RefKind, target: &str, symbol: Option<&str>) -> (RefKind, String, Option<String>) {
    (kind, target.to_string(), symbol.map(str::to_string))
}

#[test]
fn a_constant_or_sub_as_invocant_is_called_not_a_class() {
    let facts = facts_of("constant_invocant.pm");
    // imported by a literal `use` list: a bare call, resolved through the imports
    assert!(on_line(&facts, 17).is_empty());
    assert!(facts
        .bare_calls
        .iter()
        .any(|c| c.line == 17 && c.name == "TOKEN_UNKNOWN"));
    // `use constant NAME => ...`, `use constant { ... }`, a sub of the package: no reference
    for line in [18, 19, 20, 21, 22] {
        assert!(on_line(&facts, line).is_empty(), "line {line}");
        assert!(
            facts.bare_calls.iter().all(|c| c.line != line),
            "line {line}"
        );
    }
    // a class is still a class
    assert_eq!(
        on_line(&facts, 23),
        vec![one(
            RefKind::ClassMethod,
            "PPIx::Regexp::Token::Unknown",
            Some("new")
        )]
    );
    // a package declared in the file is a class, even with a sub of the same name
    assert_eq!(
        on_line(&facts, 42),
        vec![one(RefKind::ClassMethod, "DB", Some("prestop"))]
    );
    // in another package, the same names are classes
    assert_eq!(
        on_line(&facts, 30),
        vec![one(RefKind::ClassMethod, "TOKEN_UNKNOWN", Some("new"))]
    );
    assert_eq!(
        on_line(&facts, 31),
        vec![one(RefKind::ClassMethod, "helper", Some("new"))]
    );
    // a sub is called from its declaration on, not before (Perl compiles in order)
    assert_eq!(
        on_line(&facts, 35),
        vec![one(RefKind::ClassMethod, "version", Some("new"))]
    );
    assert!(on_line(&facts, 37).is_empty());
}

#[test]
fn the_code_of_a_literal_string_eval_is_read() {
    let facts = facts_of("eval_code.pl");
    assert_eq!(
        on_line(&facts, 2),
        vec![
            one(RefKind::Call, "Foo::Util", Some("helper")),
            one(RefKind::ClassMethod, "Foo::Bar", Some("new")),
        ]
    );
    // `use` stays a dynamic load (read from the string), the code around it is read
    assert_eq!(
        on_line(&facts, 3),
        vec![
            one(RefKind::ClassMethod, "Optional::Module", Some("setup")),
            one(RefKind::DynamicLoad, "Optional::Module", None),
        ]
    );
    assert_eq!(
        on_line(&facts, 4),
        vec![
            one(RefKind::Call, "Other::Module", Some("init")),
            one(RefKind::DynamicLoad, "Other::Module", None),
        ]
    );
    // lines inside a multi-line string are the file's lines
    assert_eq!(
        on_line(&facts, 6),
        vec![one(RefKind::Variable, "Config::Vars", Some("$debug"))]
    );
    assert_eq!(
        on_line(&facts, 7),
        vec![one(RefKind::ClassMethod, "Multi::Line", Some("new"))]
    );
    // an interpolating string is not literal code
    assert!(on_line(&facts, 9).is_empty());
}
