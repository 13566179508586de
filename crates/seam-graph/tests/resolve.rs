//! Resolution on small codebases written inline: what each kind of reference becomes.

use seam_graph::{
    analyze, automatic_depth, AnalyzeOptions, DepGraph, EdgeKind, NodeKind, Partition,
    ResolveOptions,
};
use seam_perl::{ExtractOptions, Extractor, FileFacts};

fn facts(files: &[(&str, &str)]) -> Vec<FileFacts> {
    let mut extractor = Extractor::new(ExtractOptions::default());
    files
        .iter()
        .map(|(path, code)| extractor.extract(path, code.as_bytes()))
        .collect()
}

fn graph(files: &[(&str, &str)]) -> DepGraph {
    analyze(&facts(files), &AnalyzeOptions::default()).package_graph
}

/// The kinds on the edge `from -> to`, or `None` when there is no edge.
fn edge(graph: &DepGraph, from: &str, to: &str) -> Option<Vec<EdgeKind>> {
    let (a, b) = (graph.index_of(from)?, graph.index_of(to)?);
    graph
        .edges
        .get(&(a, b))
        .map(|stats| stats.kinds.keys().copied().collect())
}

const UTIL: (&str, &str) = (
    "lib/App/Util.pm",
    "package App::Util;\nuse Exporter 'import';\nour @EXPORT = qw(trim);\nour @EXPORT_OK = qw(money);\nour %EXPORT_TAGS = (all => [qw(trim money datefmt)]);\nsub trim {1}\nsub money {1}\nsub datefmt {1}\n1;\n",
);

#[test]
fn bare_calls_resolve_through_explicit_default_and_tag_imports() {
    let g = graph(&[
        UTIL,
        (
            "lib/App/Explicit.pm",
            "package App::Explicit;\nuse App::Util qw(money);\nsub f { money(1) }\n1;\n",
        ),
        (
            "lib/App/Default.pm",
            "package App::Default;\nuse App::Util;\nsub f { trim(1) }\n1;\n",
        ),
        (
            "lib/App/Tagged.pm",
            "package App::Tagged;\nuse App::Util qw(:all);\nsub f { datefmt(1) }\n1;\n",
        ),
        (
            "lib/App/Nothing.pm",
            "package App::Nothing;\nuse App::Util ();\nsub f { trim(1) }\n1;\n",
        ),
    ]);
    for from in ["App::Explicit", "App::Default", "App::Tagged"] {
        let kinds = edge(&g, from, "App::Util").unwrap();
        assert!(kinds.contains(&EdgeKind::ImportCall), "{from}: {kinds:?}");
    }
    // `use App::Util ()` imports nothing: the bare call is not an import of App::Util
    let kinds = edge(&g, "App::Nothing", "App::Util").unwrap();
    assert_eq!(kinds, [EdgeKind::Use]);
}

#[test]
fn super_calls_reach_the_parent_that_defines_the_method() {
    let g = graph(&[
        ("lib/A.pm", "package A;\nsub new { bless {}, shift }\n1;\n"),
        ("lib/M.pm", "package M;\nsub other {1}\n1;\n"),
        ("lib/B.pm", "package B;\nuse parent -norequire, 'M', 'A';\nsub new { my $c = shift; $c->SUPER::new(@_) }\n1;\n"),
    ]);
    assert!(edge(&g, "B", "A").unwrap().contains(&EdgeKind::SuperCall));
    assert!(!edge(&g, "B", "M").unwrap().contains(&EdgeKind::SuperCall));
}

#[test]
fn scripts_are_nodes_and_required_files_resolve_relative_to_the_script() {
    let g = graph(&[
        ("cgi-bin/search.cgi", "#!/usr/bin/perl\nuse lib '../lib';\nrequire '../lib/common.pl';\nuse App::Util;\nprint header();\nApp::Util::trim(1);\n"),
        ("lib/common.pl", "sub header { 'x' }\n1;\n"),
        UTIL,
    ]);
    let script = g
        .index_of("cgi-bin/search.cgi")
        .expect("the script is a node");
    assert_eq!(g.node(script).kind, NodeKind::Script);
    assert_eq!(Partition::namespaces(&g, 2).label(&g, script), "cgi-bin/");
    let kinds = edge(&g, "cgi-bin/search.cgi", "lib/common.pl").unwrap();
    assert!(
        kinds.contains(&EdgeKind::RequireFile) && kinds.contains(&EdgeKind::ImportCall),
        "{kinds:?}"
    );
    assert!(edge(&g, "cgi-bin/search.cgi", "App::Util")
        .unwrap()
        .contains(&EdgeKind::Call));
}

#[test]
fn pragmas_are_not_nodes_externals_are() {
    let g = graph(&[(
        "lib/A.pm",
        "package A;\nuse strict;\nuse warnings;\nuse JSON::PP;\nsub f { JSON::PP->new }\n1;\n",
    )]);
    assert!(g.index_of("strict").is_none() && g.index_of("warnings").is_none());
    let json = g.index_of("JSON::PP").unwrap();
    assert_eq!(g.node(json).kind, NodeKind::External);
    assert_eq!(
        edge(&g, "A", "JSON::PP").unwrap(),
        [EdgeKind::Use, EdgeKind::ClassMethod]
    );
}

#[test]
fn dynamic_code_counts_as_blind_spots() {
    let analysis = analyze(
        &facts(&[("lib/A.pm", "package A;\nsub f { my $c = shift; require $c; $c->$_() for 1; }\nsub AUTOLOAD {}\n1;\n")]),
        &AnalyzeOptions::default(),
    );
    assert_eq!(analysis.packages[0].node.blind_spots, 3);
    assert_eq!(analysis.summary.blind_spots, 3);
}

#[test]
fn packages_declared_twice_are_reported_not_merged() {
    let analysis = analyze(
        &facts(&[
            ("lib/A.pm", "package A;\n1;\n"),
            ("lib/A_old.pm", "package A;\n1;\n"),
        ]),
        &AnalyzeOptions::default(),
    );
    assert_eq!(
        analysis.resolution.duplicate_packages["A"],
        ["lib/A.pm", "lib/A_old.pm"]
    );
}

#[test]
fn tests_are_left_out_unless_asked_for() {
    let files = facts(&[
        ("lib/A.pm", "package A;\n1;\n"),
        ("t/a.t", "use A;\nA::f();\n"),
    ]);
    let without = analyze(&files, &AnalyzeOptions::default());
    assert_eq!(without.summary.scripts, 0);
    let with = analyze(
        &files,
        &AnalyzeOptions {
            resolve: ResolveOptions {
                include_tests: true,
                ..Default::default()
            },
            depth: None,
        },
    );
    assert_eq!(with.summary.scripts, 1);
}

#[test]
fn module_depth_follows_the_layout() {
    let single_root = facts(&[
        ("lib/App/A.pm", "package App::A;\n"),
        ("lib/App/B/C.pm", "package App::B::C;\n"),
    ]);
    assert_eq!(automatic_depth(&single_root), 2);
    let cpan_like = facts(&[
        ("lib/Foo.pm", "package Foo;\n"),
        ("lib/Bar.pm", "package Bar;\n"),
        ("lib/Baz/Q.pm", "package Baz::Q;\n"),
        ("lib/Qux.pm", "package Qux;\n"),
        ("lib/Quux.pm", "package Quux;\n"),
    ]);
    assert_eq!(automatic_depth(&cpan_like), 1);
}

#[test]
fn cycles_name_the_cheapest_cut_with_its_location() {
    let analysis = analyze(
        &facts(&[
            (
                "lib/A.pm",
                "package A;\nuse B;\nsub f { B::g(); B::h(); B::i() }\n1;\n",
            ),
            (
                "lib/B.pm",
                "package B;\nsub g { A::f() }\nsub h {1}\nsub i {1}\n1;\n",
            ),
        ]),
        &AnalyzeOptions::default(),
    );
    let cycle = &analysis.package_cycles[0];
    assert_eq!(cycle.members, ["A", "B"]);
    assert_eq!(cycle.breakers.len(), 1);
    let cut = &cycle.breakers[0];
    assert_eq!((cut.from.as_str(), cut.to.as_str()), ("B", "A"));
    assert_eq!(cut.locations[0].to_string(), "lib/B.pm:2");
}

#[test]
fn propagation_cost_of_a_chain() {
    // A -> B -> C: A sees 3, B sees 2, C sees 1: (3 + 2 + 1) / 9
    let analysis = analyze(
        &facts(&[
            ("lib/A.pm", "package A;\nuse B;\n1;\n"),
            ("lib/B.pm", "package B;\nuse C;\n1;\n"),
            ("lib/C.pm", "package C;\n1;\n"),
        ]),
        &AnalyzeOptions::default(),
    );
    assert_eq!(analysis.summary.propagation_cost, 0.667);
}

#[test]
fn packages_not_where_their_name_says_are_listed() {
    let analysis = analyze(
        &facts(&[
            (
                "lib/App/Payment.pm",
                "package App::Payment;\n1;\npackage App::Refund;\n1;\n",
            ),
            ("lib/App/Old.pm", "package App::New;\n1;\n"),
        ]),
        &AnalyzeOptions::default(),
    );
    let off: Vec<&String> = analysis.resolution.packages_off_their_path.keys().collect();
    assert_eq!(off, ["App::New", "App::Refund"]);
}

#[test]
fn main_qualified_names_are_the_package_and_main_is_never_a_node() {
    let g = graph(&[
        ("lib/Foo.pm", "package Foo;\nsub f {1}\n1;\n"),
        (
            "app.pl",
            "#!/usr/bin/perl\npackage main;\n::Foo->new;\nmain::Foo::f();\n$::Foo::x = 1;\n",
        ),
    ]);
    assert!(g.index_of("main").is_none() && g.index_of("main::Foo").is_none());
    let kinds = edge(&g, "app.pl", "Foo").unwrap();
    assert_eq!(
        kinds,
        [EdgeKind::Call, EdgeKind::ClassMethod, EdgeKind::Variable]
    );
}

#[test]
fn lowercase_internal_packages_export_like_any_other() {
    let g = graph(&[
        ("lib/utils.pm", "package utils;\nuse Exporter 'import';\nour @EXPORT_OK = qw(helper);\nsub helper {1}\n1;\n"),
        ("app.pl", "#!/usr/bin/perl\nuse utils qw(helper);\nhelper();\n"),
    ]);
    assert!(edge(&g, "app.pl", "utils")
        .unwrap()
        .contains(&EdgeKind::ImportCall));
}

#[test]
fn default_tag_and_use_lib_relative_to_the_root() {
    let g = graph(&[
        UTIL,
        (
            "lib/App/D.pm",
            "package App::D;\nuse App::Util qw(:DEFAULT money);\nsub f { trim(1) }\n1;\n",
        ),
        ("perllib/common.pl", "sub helper {1}\n1;\n"),
        (
            "bin/app.pl",
            "#!/usr/bin/perl\nuse lib 'perllib';\nrequire 'common.pl';\nhelper();\n",
        ),
    ]);
    assert!(edge(&g, "App::D", "App::Util")
        .unwrap()
        .contains(&EdgeKind::ImportCall));
    let kinds = edge(&g, "bin/app.pl", "perllib/common.pl").unwrap();
    assert!(
        kinds.contains(&EdgeKind::RequireFile) && kinds.contains(&EdgeKind::ImportCall),
        "{kinds:?}"
    );
}

#[test]
fn indirect_objects_are_class_methods_unless_the_name_is_a_sub() {
    let g = graph(&[
        ("lib/App.pm", "package App;\nsub Helper { 1 }\n1;\n"),
        ("lib/App/Exception.pm", "package App::Exception;\nsub throw { die }\n1;\n"),
        (
            "lib/App/User.pm",
            "package App::User;\nsub f { throw App::Exception(-text => 'x') }\nsub g { return record App::Helper(1) || die }\n1;\n",
        ),
    ]);
    // `App` has no sub `Exception`: the class method `throw` of App::Exception, no edge to App
    assert_eq!(
        edge(&g, "App::User", "App::Exception"),
        Some(vec![EdgeKind::ClassMethod])
    );
    // `App` defines `Helper`: `record App::Helper(1)` passes the result of a call
    assert_eq!(edge(&g, "App::User", "App"), Some(vec![EdgeKind::Call]));
    assert!(g.index_of("App::Helper").is_none());
}

#[test]
fn super_calls_follow_the_method_resolution_order() {
    // D isa (B, C), both isa A; only A and C define `hello`
    let base = [
        ("lib/A.pm", "package A;\nsub hello { 1 }\n1;\n"),
        ("lib/B.pm", "package B;\nuse parent -norequire, 'A';\n1;\n"),
        (
            "lib/C.pm",
            "package C;\nuse parent -norequire, 'A';\nsub hello { 2 }\n1;\n",
        ),
    ];
    let with = |d: &'static str| {
        let mut files = base.to_vec();
        files.push(("lib/D.pm", d));
        graph(&files)
    };
    // depth-first left-to-right: D, B, A, C — A's `hello` is found before C's
    let dfs = with(
        "package D;\nuse parent -norequire, 'B', 'C';\nsub hello { shift->SUPER::hello }\n1;\n",
    );
    assert!(edge(&dfs, "D", "A").unwrap().contains(&EdgeKind::SuperCall));
    assert!(!edge(&dfs, "D", "C").unwrap().contains(&EdgeKind::SuperCall));
    // C3: D, B, C, A — C's `hello` comes first
    let c3 = with("package D;\nuse mro 'c3';\nuse parent -norequire, 'B', 'C';\nsub hello { shift->SUPER::hello }\n1;\n");
    assert!(edge(&c3, "D", "C").unwrap().contains(&EdgeKind::SuperCall));
    assert!(edge(&c3, "D", "A").is_none());
}

#[test]
fn a_function_call_as_invocant_is_a_call_not_a_class() {
    let g = graph(&[
        ("lib/B.pm", "package B;\nsub begin_av { 1 }\n1;\n"),
        ("lib/URI/urn.pm", "package URI::urn;\nsub new { 1 }\n1;\n"),
        (
            "lib/Deparse.pm",
            "package Deparse;\nsub f { B::begin_av->ARRAY; URI::urn->new }\n1;\n",
        ),
    ]);
    assert_eq!(edge(&g, "Deparse", "B"), Some(vec![EdgeKind::Call]));
    assert!(g.index_of("B::begin_av").is_none());
    // a declared lowercase class stays a class
    assert_eq!(
        edge(&g, "Deparse", "URI::urn"),
        Some(vec![EdgeKind::ClassMethod])
    );
}

#[test]
fn a_non_literal_import_list_is_not_the_default_exports() {
    let g = graph(&[
        UTIL,
        (
            "lib/App/Computed.pm",
            "package App::Computed;\nmy @names;\nuse App::Util @names;\nsub f { trim(1) }\n1;\n",
        ),
        (
            "lib/App/Default.pm",
            "package App::Default;\nuse App::Util;\nsub f { trim(1) }\n1;\n",
        ),
    ]);
    // `trim` is in @EXPORT, but `use App::Util @names` may import anything: no import_call
    assert_eq!(
        edge(&g, "App::Computed", "App::Util"),
        Some(vec![EdgeKind::Use])
    );
    assert!(edge(&g, "App::Default", "App::Util")
        .unwrap()
        .contains(&EdgeKind::ImportCall));
}
