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
    let mut extractor = Extractor::new(Default::default());
    let mut facts = Vec::new();
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
            let path = format!("lib/{me}.pm");
            facts.push(extractor.extract(&path, source.as_bytes()));
            truth.push((me, g));
        }
    }
    facts.sort_by(|a, b| a.path.cmp(&b.path));
    let options = ResolveOptions {
        keep_references: true,
        ..ResolveOptions::default()
    };
    (resolve(&facts, &options).0, truth)
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
