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

/// The plain shapes the walker does not look under (fifth pass: subscripts, declarations, method
/// calls on plain operands, `use` lines, double-quoted strings, one-token names) next to the
/// same shapes holding what a pattern or the data pass reads, which it must look under. Both
/// the matches and the whole facts (the data pass's SQL included) must agree with the query
/// engine, which looks under everything; each line of the source below is one a skip rule
/// would miss if it were looser.
#[test]
fn walker_skips_plain_shapes_only() {
    let source = br#"package Shapes;
use strict;
use POSIX qw(floor ceil);
use Foo::Bar 1.2;
use Loaded::Here (Inner::call());
use Quoted 'SELECT id FROM use_args';
my $h = {}; my @a; my $self = {};
my $plain = $h->{key} + $a[0] + $self->{dbh}{name} + $self->[$i]{key} + $h{time};
my $keyed = $h->{Key::Qualified::func()} + $h{$Qual::key} + $a[$Qual::i] + $h{'SELECT x FROM keyed'};
my $chain = $Qual::h->{key} + $Qual::a[0] + $self->{key}{Sub::call()};
my ($x, @y) = @$self; our ($Our::x, @z); my $q = $Other::init;
my $deref = @$Qual::ref + %$Qual::h + $$Qual::s + @$plain;
$self->name; $self->name(); $self->{dbh}->prepare($x, $h{key});
$self->name($Qual::arg); $self->name(Arg::call()); $self->name('SELECT a FROM method_args');
$Qual::obj->name; $self->Other::Pkg::name; Class::Name->new($x);
print "plain $x and @y", "qualified $Interp::var", "element $h->{key}", "code @{[ Code::f() ]}";
print "SELECT b FROM interp_plain", "old $Old'style", "sub ${\ Deref::f() }";
print "a
$Multi::line";
print Foo::bar(), CORE::time, &Amp::func;
our $Global = 1; our @EXPORT = @list; my $from = $Qual::from; my $sql = 'SELECT c FROM assigned';
my ($p, $r) = @_; my @list = @{$self->{list}}; my %h2 = %{$Qual::ref}; $x = shift;
f($x, $y); f($x, $Qual::y); f($x, Call::g()); return $x; return $Qual::x; return Call::h();
"#;
    let mut extractor = Extractor::new(ExtractOptions::default());
    let by_query = extractor.pattern_matches(source, MatchEngine::Query);
    let by_walker = extractor.pattern_matches(source, MatchEngine::Walker);
    for expected in [
        "variable.scalar",
        "call.function",
        "method.call",
        "include.module",
    ] {
        assert!(
            by_query.iter().any(|m| m.contains(expected)),
            "the source has {expected}: {by_query:?}"
        );
    }
    assert_eq!(by_query, by_walker);
    let mut query_engine = Extractor::new(ExtractOptions {
        engine: MatchEngine::Query,
        ..ExtractOptions::default()
    });
    let by_query = query_engine.extract("lib/Shapes.pm", source);
    let by_walker = extractor.extract("lib/Shapes.pm", source);
    assert!(
        by_query.data.len() >= 5,
        "the source has SQL in skipped shapes' neighbours: {:?}",
        by_query.data
    );
    assert_eq!(by_query, by_walker);
}
