//! `resolve_changed`: another revision's graph from today's, re-resolving only the changed files,
//! is the graph a full resolution of that revision gives, and declines when the index changes.

use seam_graph::{resolve, resolve_changed, same_index, DepGraph, ResolveOptions};
use seam_perl::{ExtractOptions, Extractor, FileFacts};
use std::collections::BTreeSet;

/// Facts of `files`, sorted by path (as the workspace and `facts_at_revision` hold them).
fn facts(files: &[(&str, &str)]) -> Vec<FileFacts> {
    let mut extractor = Extractor::new(ExtractOptions::default());
    let mut facts: Vec<FileFacts> = files
        .iter()
        .map(|(path, code)| extractor.extract(path, code.as_bytes()))
        .collect();
    facts.sort_by(|a, b| a.path.cmp(&b.path));
    facts
}

fn options() -> ResolveOptions {
    ResolveOptions {
        keep_references: true,
        ..ResolveOptions::default()
    }
}

const BASE: &[(&str, &str)] = &[
    (
        "lib/App/Util.pm",
        "package App::Util;\nuse Exporter 'import';\nour @EXPORT = qw(trim);\nsub trim {1}\nsub money {1}\n1;\n",
    ),
    (
        "lib/App/Base.pm",
        "package App::Base;\nsub new { bless {}, shift }\nsub save {1}\n1;\n",
    ),
    (
        "lib/App/Order.pm",
        "package App::Order;\nuse parent 'App::Base';\nuse App::Util;\nuse JSON::XS;\nsub new { my $c = shift; $c->SUPER::new(@_) }\nsub total { trim(1); App::Util::money(2); JSON::XS->new; $_[0]->$m() }\n1;\n",
    ),
    (
        "lib/App/Report.pm",
        "package App::Report;\nuse App::Order;\nuse JSON::XS;\nsub run { App::Order->new->total; require 'helpers.pl'; helper(); App::Base::Thing->make }\n1;\n",
    ),
    (
        "helpers.pl",
        "sub helper { 1 }\nuse App::Util;\n1;\n",
    ),
    ("bin/run.pl", "use App::Report;\nApp::Report::run();\n"),
    ("t/order.t", "use App::Order;\nuse Test::More;\n"),
];

/// `BASE` with `path` replaced by `code` (added when it is new; removed when `code` is None).
fn with(path: &str, code: Option<&str>) -> Vec<FileFacts> {
    let mut files: Vec<(&str, &str)> = BASE.iter().copied().filter(|(p, _)| *p != path).collect();
    if let Some(code) = code {
        files.push((path, code));
    }
    facts(&files)
}

/// Asserts two graphs are the same, part by part.
fn assert_same(a: &DepGraph, b: &DepGraph, what: &str) {
    assert_eq!(a.nodes, b.nodes, "{what}: nodes");
    assert_eq!(a.edges, b.edges, "{what}: edges");
    assert_eq!(a.references, b.references, "{what}: references");
}

/// The base revision's graph from today's (`today` = BASE with `path` as `code`), when the
/// shortcut holds; asserted equal to the full resolution of the base.
fn incremental(path: &str, code: Option<&str>) -> Option<DepGraph> {
    let base = facts(BASE);
    let today = with(path, code);
    let changed: BTreeSet<String> = [path.to_string()].into();
    let (graph, _) = resolve(&today, &options());
    let fast = resolve_changed(&today, &graph, &base, &changed, &options());
    assert_eq!(
        fast.is_some(),
        same_index(&today, &base, &changed, &options())
    );
    if let Some(fast) = &fast {
        assert_same(fast, &resolve(&base, &options()).0, path);
    }
    // and the other way round: today's graph from the base's
    let (base_graph, _) = resolve(&base, &options());
    if let Some(back) = resolve_changed(&base, &base_graph, &today, &changed, &options()) {
        assert_same(&back, &graph, path);
    }
    fast
}

#[test]
fn a_changed_sub_body_is_re_resolved_alone() {
    // the body calls other things: a new external, one dropped (JSON::XS stays: Report uses it)
    let fast = incremental(
        "lib/App/Order.pm",
        Some("package App::Order;\nuse parent 'App::Base';\nuse App::Util;\nuse JSON::XS;\n\nsub new { my $c = shift; $c->SUPER::save(@_) }\nsub total { money(1); Digest::MD5::md5(); App::Report->new; &{\"x\"}() }\n1;\n"),
    );
    assert!(
        fast.is_some(),
        "same packages, subs, exports, @ISA: incremental"
    );
}

#[test]
fn an_external_only_the_changed_file_used_comes_and_goes() {
    // Report drops JSON::XS (Order still uses it) and takes up two externals no one else uses
    let fast = incremental(
        "lib/App/Report.pm",
        Some("package App::Report;\nuse App::Order;\nuse LWP::UserAgent;\nsub run { App::Order->new->total; Aaa::First->x; require 'helpers.pl'; helper() }\n1;\n"),
    );
    assert!(fast.is_some());
    // the script stops using anything: its only external-free edges go
    assert!(incremental("bin/run.pl", Some("print 1;\nApp::Report::run();\n")).is_some());
    // Order stops using JSON::XS and Report too: JSON::XS is no node at the base... the other
    // way round (the base has it, today does not)
    let today_without = "package App::Report;\nuse App::Order;\nsub run { App::Order->new->total; require 'helpers.pl'; helper() }\n1;\n";
    assert!(incremental("lib/App/Report.pm", Some(today_without)).is_some());
}

#[test]
fn a_sub_no_reference_could_name_is_added_or_removed_alone() {
    // the bench's edit: a sub appended to a module
    let code = "package App::Base;\nsub new { bless {}, shift }\nsub save {1}\nsub seam_probe { return Seam::Probe::x() }\n1;\n";
    assert!(incremental("lib/App/Base.pm", Some(code)).is_some());
    let code = "package App::Base;\nsub new { bless {}, shift }\n1;\n";
    assert!(incremental("lib/App/Base.pm", Some(code)).is_some());
}

#[test]
fn a_changed_script_and_a_test_file_are_re_resolved_alone() {
    assert!(incremental(
        "helpers.pl",
        Some("sub helper { App::Order->new }\nuse App::Util;\n1;\n")
    )
    .is_some());
    // a test file is left out of the graph at both revisions
    assert!(incremental("t/order.t", Some("use App::Report;\n")).is_some());
}

#[test]
fn a_change_to_the_index_resolves_in_full() {
    let declined = [
        // a package added
        (
            "lib/App/Base.pm",
            Some("package App::Base;\nsub new { bless {}, shift }\nsub save {1}\npackage App::Base::Row;\n1;\n"),
        ),
        // a sub added that `App::Base::Thing->make` (in Report) names: a call now, not a class
        (
            "lib/App/Base.pm",
            Some("package App::Base;\nsub new { bless {}, shift }\nsub save {1}\nsub Thing {1}\n1;\n"),
        ),
        // a sub added that a `SUPER::` call names
        (
            "lib/App/Util.pm",
            Some("package App::Util;\nuse Exporter 'import';\nour @EXPORT = qw(trim);\nsub trim {1}\nsub money {1}\nsub new {1}\n1;\n"),
        ),
        // a sub of `main` in a required library that a bare call names (`helper()` in Report)
        ("helpers.pl", Some("sub helper2 { 1 }\nuse App::Util;\n1;\n")),
        // @ISA changed
        (
            "lib/App/Order.pm",
            Some("package App::Order;\nuse parent 'App::Util';\nuse App::Util;\nuse JSON::XS;\nsub new { my $c = shift; $c->SUPER::new(@_) }\nsub total { trim(1) }\n1;\n"),
        ),
        // exports changed
        (
            "lib/App/Util.pm",
            Some("package App::Util;\nuse Exporter 'import';\nour @EXPORT = qw(trim money);\nsub trim {1}\nsub money {1}\n1;\n"),
        ),
        // a file deleted, a file added
        ("lib/App/Util.pm", None),
        ("lib/App/New.pm", Some("package App::New;\n1;\n")),
        // a script no longer a script (a module file declaring a package)
        ("helpers.pl", Some("package Helpers;\nsub helper { 1 }\n1;\n")),
    ];
    for (path, code) in declined {
        assert!(incremental(path, code).is_none(), "{path}: {code:?}");
    }
}

#[test]
fn without_references_there_is_nothing_to_subtract() {
    let base = facts(BASE);
    let plain = ResolveOptions::default();
    let (graph, _) = resolve(&base, &plain);
    let changed: BTreeSet<String> = ["lib/App/Order.pm".to_string()].into();
    assert!(resolve_changed(&base, &graph, &base, &changed, &plain).is_none());
    // nothing changed: the same graph
    let (graph, _) = resolve(&base, &options());
    let same = resolve_changed(&base, &graph, &base, &BTreeSet::new(), &options()).unwrap();
    assert_same(&same, &graph, "no change");
}

/// Many variants of one file's body (statements drawn from a list, deterministically): each
/// incremental graph equals the full one.
#[test]
fn varied_bodies_give_the_full_resolution() {
    let statements = [
        "trim(1);",
        "App::Util::money(2);",
        "App::Base->new;",
        "JSON::XS->new;",
        "Zed::Thing->make;",
        "Aa::Thing::call();",
        "$self->$method();",
        "$Other::Var = 1;",
        "require App::Report;",
        "require 'helpers.pl';",
        "helper();",
        "eval 'use Foo::Bar';",
        "$c->SUPER::save();",
        "App::Order::total();",
    ];
    let mut seed: u64 = 7;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    for round in 0..40 {
        let mut body = String::new();
        for _ in 0..(next() % 8) {
            body.push_str(statements[next() % statements.len()]);
            body.push(if next() % 2 == 0 { '\n' } else { ' ' });
        }
        let code = format!(
            "package App::Order;\nuse parent 'App::Base';\nuse App::Util;\nuse JSON::XS;\nsub new {{ my $c = shift; $c->SUPER::new(@_) }}\nsub total {{\n{body}\n}}\n1;\n"
        );
        assert!(
            incremental("lib/App/Order.pm", Some(&code)).is_some(),
            "round {round}: {code}"
        );
    }
}
