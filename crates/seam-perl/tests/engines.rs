//! The walker implements `queries/perl/*.scm` by hand for speed; these tests prove it finds exactly
//! what tree-sitter's query engine finds with the `.scm` files, on every fixture and on the example
//! monolith, so the query files remain the specification.

use seam_perl::{ExtractOptions, Extractor, MatchEngine};
use std::path::{Path, PathBuf};

fn perl_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            perl_files(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn walker_and_query_engine_find_the_same_matches() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    perl_files(&manifest.join("tests/fixtures"), &mut files);
    perl_files(&manifest.join("../../examples"), &mut files);
    files.sort();
    assert!(files.len() >= 20, "fixtures are missing");
    let mut extractor = Extractor::new(ExtractOptions::default());
    for file in files {
        let source = std::fs::read(&file).unwrap();
        let by_query = extractor.pattern_matches(&source, MatchEngine::Query);
        let by_walker = extractor.pattern_matches(&source, MatchEngine::Walker);
        let only_query: Vec<_> = by_query.iter().filter(|m| !by_walker.contains(m)).collect();
        let only_walker: Vec<_> = by_walker.iter().filter(|m| !by_query.contains(m)).collect();
        assert!(
            only_query.is_empty() && only_walker.is_empty(),
            "{}: query-only {only_query:?}, walker-only {only_walker:?}",
            file.display()
        );
        assert_eq!(
            by_query,
            by_walker,
            "{}: duplicate matches differ",
            file.display()
        );
    }
}

#[test]
fn the_loader_names_are_the_ones_in_dynamic_scm() {
    let dynamic = seam_perl::QUERY_FILES
        .iter()
        .find(|(name, _)| *name == "dynamic.scm")
        .unwrap()
        .1;
    let quoted = format!("\"{}\"", seam_perl::LOADER_NAMES);
    assert_eq!(
        dynamic.matches(&quoted).count(),
        2,
        "dynamic.scm and walker.rs disagree"
    );
}

/// The shapes the walker does not look under (plain variables, single-quoted strings) and their
/// neighbours that it must: the query engine looks under everything.
#[test]
fn walker_skips_only_what_no_pattern_reads() {
    let source = br#"package Skips;
our @ISA = ('Base::Class');
my $plain = $Other::global . @Some::list . %Some::hash;
my $deref = ${ $Inner::ref } + @{ $Inner::aref } + $Qual::h{key} + $Qual::a[0];
my $spaced = $ # a comment between sigil and name
  Spaced::name;
print 'not $Quoted::var', q{also $Not::var}, "but $Interp::var and @{[ Foo::bar() ]}";
my $old = $Old'style;
my $broken = 'unterminated . $Broken::x;
"#;
    let mut extractor = Extractor::new(ExtractOptions::default());
    let by_query = extractor.pattern_matches(source, MatchEngine::Query);
    let by_walker = extractor.pattern_matches(source, MatchEngine::Walker);
    assert!(
        by_query.iter().any(|m| m.starts_with("variable.scalar")),
        "the source has qualified variables: {by_query:?}"
    );
    assert_eq!(by_query, by_walker);
}
