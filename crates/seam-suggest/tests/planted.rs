//! Clear structure comes back exactly, and the same input gives the same suggestion.

use seam_graph::{resolve, DepGraph, Partition, PartitionSource, ResolveOptions};
use seam_perl::Extractor;
use seam_suggest::metrics::adjusted_rand_index;
use seam_suggest::{suggest, Reference, SuggestOptions, Suggestion};

/// A suggestion with no reference modules: every package is compared with its namespace root.
fn suggest_plain(
    graph: &DepGraph,
    options: &SuggestOptions,
) -> Result<seam_suggest::Suggestion, String> {
    let nothing = Partition::new(
        PartitionSource::Proposal,
        Vec::new(),
        vec![None; graph.nodes.len()],
    );
    let reference = Reference {
        partition: &nothing,
        hold: false,
    };
    suggest(graph, &reference, options)
}

/// `groups` groups of `size` packages; names do not reveal the groups (`Pkg{n}` with members of
/// a group spread over the name order). Inside a group every package uses and calls three
/// others; each group calls one package of the next group once.
fn planted(groups: usize, size: usize) -> (DepGraph, Vec<(String, usize)>) {
    let name = |g: usize, j: usize| format!("Pkg{:03}", j * groups + g);
    let mut sources = Vec::new();
    let mut truth = Vec::new();
    for g in 0..groups {
        for j in 0..size {
            let me = name(g, j);
            let mut source = format!("package {me};\n");
            for step in 1..=3 {
                let other = name(g, (j + step) % size);
                source.push_str(&format!(
                    "use {other};\nsub f{step} {{ {other}::work() }}\n"
                ));
            }
            if j == 0 {
                let next = name((g + 1) % groups, 1);
                source.push_str(&format!("sub bridge {{ {next}::work() }}\n"));
            }
            source.push_str("sub work { 1 }\n1;\n");
            sources.push((format!("lib/{me}.pm"), source));
            truth.push((me, g));
        }
    }
    (graph_of(&sources), truth)
}

/// The resolved graph (every reference kept) of `(path, source)` files.
fn graph_of(sources: &[(String, String)]) -> DepGraph {
    let mut extractor = Extractor::new(Default::default());
    let mut facts: Vec<_> = sources
        .iter()
        .map(|(path, source)| extractor.extract(path, source.as_bytes()))
        .collect();
    facts.sort_by(|a, b| a.path.cmp(&b.path));
    let options = ResolveOptions {
        keep_references: true,
        ..ResolveOptions::default()
    };
    resolve(&facts, &options).0
}

/// One file per package: `(name, body)` as `lib/Name/Path.pm`.
fn packages(bodies: &[(&str, String)]) -> DepGraph {
    let sources: Vec<(String, String)> = bodies
        .iter()
        .map(|(name, body)| {
            (
                format!("lib/{}.pm", name.replace("::", "/")),
                format!("package {name};\n{body}\n1;\n"),
            )
        })
        .collect();
    graph_of(&sources)
}

/// Calls from `name` to each of `others` (`Other::work()`), with a `work` sub of its own.
fn calls(others: &[&str]) -> String {
    let mut body = String::from("sub work { 1 }\n");
    for (i, other) in others.iter().enumerate() {
        body.push_str(&format!("sub c{i} {{ {other}::work() }}\n"));
    }
    body
}

/// The index of the proposed module that holds `package`.
fn module_of(suggestion: &Suggestion, package: &str) -> usize {
    suggestion
        .proposal
        .modules
        .iter()
        .position(|m| m.packages.iter().any(|p| p == package))
        .unwrap()
}

fn options() -> SuggestOptions {
    SuggestOptions {
        // names carry no signal here, and no package is used by a quarter of the others
        namespace_weight: 0.0,
        ..SuggestOptions::default()
    }
}

#[test]
fn planted_groups_are_recovered_exactly() {
    for (groups, size) in [(4, 6), (6, 8), (10, 5)] {
        let (graph, truth) = planted(groups, size);
        let suggestion = suggest_plain(&graph, &options()).unwrap();
        let module_of = |package: &str| module_of(&suggestion, package);
        let proposed: Vec<usize> = truth.iter().map(|(p, _)| module_of(p)).collect();
        let planted: Vec<usize> = truth.iter().map(|(_, g)| *g).collect();
        assert_eq!(
            adjusted_rand_index(&proposed, &planted),
            1.0,
            "{groups} groups of {size}: {:?}",
            suggestion.proposal.sizes
        );
        assert!(suggestion.granularities.iter().any(|g| g.modules == groups));
        assert!(
            suggestion.proposal.ambiguous.is_empty(),
            "clear structure is stable"
        );
    }
}

#[test]
fn the_same_graph_gives_the_same_suggestion() {
    let (graph, _) = planted(6, 8);
    let first = suggest_plain(&graph, &options()).unwrap();
    let second = suggest_plain(&graph, &options()).unwrap();
    assert_eq!(first, second);
    assert_eq!(
        serde_json::to_string(&first).unwrap(),
        serde_json::to_string(&second).unwrap()
    );
}

#[test]
fn constraints_are_kept() {
    let (graph, truth) = planted(4, 6);
    let in_group = |g: usize| -> Vec<&str> {
        truth
            .iter()
            .filter(|(_, group)| *group == g)
            .map(|(p, _)| p.as_str())
            .collect()
    };
    let (a, b) = (in_group(0)[0], in_group(0)[1]);
    let (c, d) = (in_group(1)[0], in_group(2)[0]);
    let options = SuggestOptions {
        apart: vec![(a.to_string(), b.to_string())],
        together: vec![(c.to_string(), d.to_string())],
        max_size: 5,
        ..options()
    };
    let suggestion = suggest_plain(&graph, &options).unwrap();
    let module_of = |package: &str| module_of(&suggestion, package);
    assert_ne!(module_of(a), module_of(b), "apart");
    assert_eq!(module_of(c), module_of(d), "together");
    assert!(
        suggestion.proposal.sizes.iter().all(|&s| s <= 5),
        "{:?}",
        suggestion.proposal.sizes
    );

    let contradiction = SuggestOptions {
        apart: vec![(c.to_string(), d.to_string())],
        together: vec![(c.to_string(), d.to_string())],
        ..SuggestOptions::default()
    };
    assert!(suggest_plain(&graph, &contradiction).is_err());
    let unknown = SuggestOptions {
        keep_whole: vec!["No::Such".into()],
        ..SuggestOptions::default()
    };
    assert!(suggest_plain(&graph, &unknown)
        .unwrap_err()
        .contains("No::Such"));
}

/// `a` and `b` share a proposed module (else the modules are shown).
fn assert_together(suggestion: &Suggestion, a: &str, b: &str) {
    let modules: Vec<&Vec<String>> = suggestion
        .proposal
        .modules
        .iter()
        .map(|m| &m.packages)
        .collect();
    assert_eq!(
        module_of(suggestion, a),
        module_of(suggestion, b),
        "{a} and {b}: {modules:?}"
    );
}

/// Defaults for codebases of a few packages, where a share limit would cut everything up.
fn structure() -> SuggestOptions {
    SuggestOptions {
        max_share: 1.0,
        ..SuggestOptions::default()
    }
}

/// An extension point of the core (a base class its only plugin inherits from) stays with the
/// core: inheritance into another namespace weighs as a use, not as membership.
#[test]
fn an_extension_point_stays_with_the_core_not_with_its_only_plugin() {
    let graph = packages(&[
        ("Core::A", calls(&["Core::B", "Core::C", "Core::Hook"])),
        ("Core::B", calls(&["Core::C", "Core::D"])),
        ("Core::C", calls(&["Core::D", "Core::A"])),
        ("Core::D", calls(&["Core::A", "Core::B"])),
        ("Core::Hook", calls(&[])),
        (
            "Plug::Impl",
            format!(
                "use parent -norequire, 'Core::Hook';\n{}",
                calls(&["Plug::Util", "Plug::More"])
            ),
        ),
        ("Plug::Util", calls(&["Plug::More", "Plug::Impl"])),
        ("Plug::More", calls(&["Plug::Impl", "Plug::Util"])),
    ]);
    let suggestion = suggest_plain(&graph, &structure()).unwrap();
    assert_together(&suggestion, "Core::Hook", "Core::A");
    let module_of = |package: &str| module_of(&suggestion, package);
    assert_ne!(module_of("Core::Hook"), module_of("Plug::Impl"));
}

/// One of several sibling action classes reads another namespace's package variable six times:
/// its inheritance keeps it with its siblings.
#[test]
fn inheritance_outweighs_a_few_reads_of_a_package_variable() {
    let actions = [
        "App::Action::One",
        "App::Action::Two",
        "App::Action::Three",
        "App::Action::Four",
    ];
    let mut bodies: Vec<(&str, String)> = vec![("App::Action::Base", calls(&[]))];
    for action in actions {
        let mut body = format!(
            "use parent -norequire, 'App::Action::Base';\n{}",
            calls(&[])
        );
        if action == "App::Action::One" {
            for i in 0..6 {
                body.push_str(&format!("sub v{i} {{ $Conf::Settings::value }}\n"));
            }
        }
        bodies.push((action, body));
    }
    bodies.push(("Conf::Settings", calls(&["Conf::Loader", "Conf::Paths"])));
    bodies.push(("Conf::Loader", calls(&["Conf::Paths", "Conf::Settings"])));
    bodies.push(("Conf::Paths", calls(&["Conf::Settings", "Conf::Loader"])));
    let suggestion = suggest_plain(&packages(&bodies), &structure()).unwrap();
    assert_together(&suggestion, "App::Action::One", "App::Action::Base");
    let module_of = |package: &str| module_of(&suggestion, package);
    assert_ne!(module_of("App::Action::One"), module_of("Conf::Settings"));
}

/// The base seed changes nothing on clear structure, and the stability across seeds is reported
/// for the detailed resolution and every granularity offered.
#[test]
fn the_base_seed_is_an_option_and_stability_is_measured_across_seeds() {
    let (graph, _) = planted(6, 8);
    let base = suggest_plain(&graph, &options()).unwrap();
    let other = suggest_plain(
        &graph,
        &SuggestOptions {
            seed: 7,
            ..options()
        },
    )
    .unwrap();
    assert_eq!(other.graph.seed, 7);
    let partition = |s: &Suggestion| -> Vec<usize> {
        let mut names: Vec<&String> = s
            .proposal
            .modules
            .iter()
            .flat_map(|m| &m.packages)
            .collect();
        names.sort();
        names.iter().map(|p| module_of(s, p)).collect()
    };
    assert_eq!(
        adjusted_rand_index(&partition(&base), &partition(&other)),
        1.0
    );
    assert_eq!(base.stability.runs, 10);
    assert!(base.stability.mean_ari >= 0.8, "{:?}", base.stability);
    assert!(base.granularities.iter().all(|g| g.seeds.is_some()));
}

/// No module holds more than --max-share of the packages: at a coarse resolution two planted
/// groups are two halves, and each is split, with a note.
#[test]
fn no_module_holds_more_than_the_max_share() {
    let (graph, _) = planted(2, 8);
    let options = SuggestOptions {
        max_share: 0.35,
        resolution: Some(0.1),
        ..options()
    };
    let suggestion = suggest_plain(&graph, &options).unwrap();
    let total: usize = suggestion.proposal.sizes.iter().sum();
    assert!(
        suggestion
            .proposal
            .sizes
            .iter()
            .all(|&s| s as f64 <= 0.35 * total as f64),
        "{:?}",
        suggestion.proposal.sizes
    );
    assert!(
        suggestion.notes.iter().any(|n| n.contains("--max-share")),
        "{:?}",
        suggestion.notes
    );
    let unlimited = suggest_plain(
        &graph,
        &SuggestOptions {
            max_share: 1.0,
            ..options
        },
    )
    .unwrap();
    assert!(unlimited.notes.is_empty(), "{:?}", unlimited.notes);
}

/// A graph without structure (each package calls three others, scattered): the runs disagree
/// across seeds, and the notes say so rather than presenting the consensus as firm.
#[test]
fn seed_dependent_boundaries_are_said() {
    let names: Vec<String> = (0..60).map(|i| format!("Pkg{i:03}")).collect();
    let bodies: Vec<(&str, String)> = (0..60)
        .map(|i| {
            let others: Vec<&str> = [7, 19, 31]
                .iter()
                .map(|step| names[(i * 13 + step) % 60].as_str())
                .collect();
            (names[i].as_str(), calls(&others))
        })
        .collect();
    let options = SuggestOptions {
        resolution: Some(1.0),
        max_share: 1.0,
        ..options()
    };
    let suggestion = suggest_plain(&packages(&bodies), &options).unwrap();
    assert!(
        suggestion.stability.mean_ari < 0.8,
        "{:?}",
        suggestion.stability
    );
    assert!(
        suggestion
            .notes
            .iter()
            .any(|n| n.contains("depend on the seeds")),
        "{:?}",
        suggestion.notes
    );
}
