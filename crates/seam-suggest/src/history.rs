//! Co-change evidence from the version history: an optional clustering layer, and the
//! independent truth a proposal is measured against — how much of what changes together it keeps
//! together (co-change containment, commit locality), next to the namespace cut with the same
//! number of modules and random partitions of the same sizes.

use crate::weights::WeightedGraph;
use seam_graph::{DepGraph, NodeId};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The graph nodes each commit changed, one entry per commit (`seam_history::change_sets`).
pub type ChangeSets = Vec<Vec<NodeId>>;

/// Commits larger than this are left out of the evaluation: a 30-file commit says little about
/// which packages belong together (the threshold of the evaluations this follows).
pub const EVALUATION_MAX_PACKAGES: usize = 30;

/// How well a partition keeps together what changes together.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Fit {
    /// Which partition.
    pub partition: String,
    /// Its number of modules.
    pub modules: usize,
    /// Share of co-change pairs (two packages changed by one commit, each pair once per commit)
    /// inside one module; `None` without any pair.
    pub containment: Option<f64>,
    /// Share of commits whose packages all lie in one module.
    pub locality: Option<f64>,
}

/// The proposal against the history, with the simplest honest alternatives.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct HistoryFit {
    /// Commits evaluated: the newest fifth of the history (each changing at least one clustered
    /// package, at most [`EVALUATION_MAX_PACKAGES`]).
    pub commits: usize,
    /// Co-change pairs over those commits.
    pub pairs: usize,
    /// Whether the proposal was clustered with the history layer (built from the older four
    /// fifths of the commits; these figures always come from the newest fifth, held out).
    pub history_layer: bool,
    /// The proposal.
    pub proposal: Fit,
    /// The namespace tree cut into as many modules (the largest namespace child peeled off the
    /// largest group until there are as many groups).
    pub namespace_cut: Fit,
    /// Random partitions with the proposal's module sizes (mean of 10 seeds): chance.
    pub random: Fit,
}

/// The `history` clustering layer: for each package pair changed together at least twice, its
/// degree of change coupling (shared commits / mean revisions, 0..=1).
pub fn layer(sets: &[Vec<NodeId>]) -> BTreeMap<(NodeId, NodeId), f64> {
    let mut revisions: HashMap<NodeId, u32> = HashMap::new();
    let mut shared: BTreeMap<(NodeId, NodeId), u32> = BTreeMap::new();
    for set in sets.iter().filter(|s| s.len() <= EVALUATION_MAX_PACKAGES) {
        for (i, &a) in set.iter().enumerate() {
            *revisions.entry(a).or_default() += 1;
            for &b in &set[i + 1..] {
                *shared.entry((a.min(b), a.max(b))).or_default() += 1;
            }
        }
    }
    shared
        .into_iter()
        .filter(|&(_, n)| n >= 2)
        .map(|((a, b), n)| {
            let mean = f64::from(revisions[&a] + revisions[&b]) / 2.0;
            ((a, b), f64::from(n) / mean)
        })
        .collect()
}

/// Each commit's clustered packages as vertices of `weighted` (commits with none, or with more
/// than [`EVALUATION_MAX_PACKAGES`], left out).
pub fn vertex_sets(weighted: &WeightedGraph, sets: &[Vec<NodeId>]) -> Vec<Vec<usize>> {
    let vertex: HashMap<NodeId, usize> = weighted
        .nodes
        .iter()
        .enumerate()
        .map(|(v, &n)| (n, v))
        .collect();
    sets.iter()
        .map(|set| {
            let vs: BTreeSet<usize> = set.iter().filter_map(|n| vertex.get(n).copied()).collect();
            vs.into_iter().collect::<Vec<_>>()
        })
        .filter(|vs| !vs.is_empty() && vs.len() <= EVALUATION_MAX_PACKAGES)
        .collect()
}

/// Co-change containment and commit locality of `part` (module of each vertex).
pub fn fit(name: String, sets: &[Vec<usize>], part: &[usize]) -> Fit {
    let (mut inside, mut pairs, mut local) = (0u64, 0u64, 0usize);
    for set in sets {
        if set.iter().all(|&v| part[v] == part[set[0]]) {
            local += 1;
        }
        for (i, &a) in set.iter().enumerate() {
            for &b in &set[i + 1..] {
                pairs += 1;
                inside += u64::from(part[a] == part[b]);
            }
        }
    }
    let share = |n: f64, of: f64| (of > 0.0).then(|| crate::proposal::round(n / of));
    Fit {
        partition: name,
        modules: part.iter().collect::<BTreeSet<_>>().len(),
        containment: share(inside as f64, pairs as f64),
        locality: share(local as f64, sets.len() as f64),
    }
}

/// The proposal, the namespace cut with as many modules and chance against the history.
pub fn history_fit(
    graph: &DepGraph,
    weighted: &WeightedGraph,
    sets: &[Vec<NodeId>],
    partition: &[usize],
    history_layer: bool,
) -> HistoryFit {
    let sets = vertex_sets(weighted, sets);
    let proposal = fit("proposal".into(), &sets, partition);
    let names: Vec<&str> = weighted
        .nodes
        .iter()
        .map(|&n| graph.node(n).name.as_str())
        .collect();
    let cut = namespace_cut(&names, proposal.modules);
    let namespace_cut = fit(
        format!("namespace cut into {} modules", proposal.modules),
        &sets,
        &cut,
    );
    let random: Vec<Fit> = (1..=10)
        .map(|seed| fit(String::new(), &sets, &crate::shuffled(partition, seed)))
        .collect();
    let mean = |get: fn(&Fit) -> Option<f64>| {
        let values: Vec<f64> = random.iter().filter_map(get).collect();
        (!values.is_empty())
            .then(|| crate::proposal::round(values.iter().sum::<f64>() / values.len() as f64))
    };
    let random = Fit {
        partition: "random partitions with the proposal's sizes (mean of 10)".into(),
        modules: proposal.modules,
        containment: mean(|f| f.containment),
        locality: mean(|f| f.locality),
    };
    HistoryFit {
        commits: sets.len(),
        pairs: sets.iter().map(|s| s.len() * (s.len() - 1) / 2).sum(),
        history_layer,
        proposal,
        namespace_cut,
        random,
    }
}

/// The namespace tree cut into `k` groups by names alone: starting from one group of everything,
/// the largest group gives up its largest namespace child (ties: the first name) until there are
/// `k` groups or no group can be split. A group that is a single child goes one level down first.
pub fn namespace_cut(names: &[&str], k: usize) -> Vec<usize> {
    struct Group {
        prefix: usize,
        members: Vec<usize>,
        whole: bool,
    }
    let segments: Vec<Vec<&str>> = names.iter().map(|n| n.split("::").collect()).collect();
    let mut groups = vec![Group {
        prefix: 0,
        members: (0..names.len()).collect(),
        whole: false,
    }];
    while groups.len() < k {
        let Some(g) = (0..groups.len())
            .filter(|&g| !groups[g].whole)
            .max_by(|&a, &b| {
                groups[a]
                    .members
                    .len()
                    .cmp(&groups[b].members.len())
                    .then(b.cmp(&a))
            })
        else {
            break;
        };
        // children of the group at its prefix depth; go down while there is one child only
        loop {
            let depth = groups[g].prefix;
            let mut children: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
            let mut own = 0;
            for &m in &groups[g].members {
                match segments[m].get(depth) {
                    Some(&child) => children.entry(child).or_default().push(m),
                    None => own += 1,
                }
            }
            if children.len() + usize::from(own > 0) < 2 {
                if children.len() == 1 && own == 0 {
                    groups[g].prefix += 1;
                    continue;
                }
                groups[g].whole = true;
                break;
            }
            let (_, largest) = children
                .into_iter()
                .max_by(|(na, a), (nb, b)| a.len().cmp(&b.len()).then(nb.cmp(na)))
                .expect("two parts");
            groups[g].members.retain(|m| !largest.contains(m));
            groups.push(Group {
                prefix: depth + 1,
                members: largest,
                whole: false,
            });
            break;
        }
    }
    let mut part = vec![0; names.len()];
    for (label, group) in groups.iter().enumerate() {
        for &m in &group.members {
            part[m] = label;
        }
    }
    part
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_namespace_cut_peels_the_largest_child_of_the_largest_group() {
        let names = [
            "App::A::X",
            "App::A::Y",
            "App::A::Z",
            "App::B::X",
            "App::B::Y",
            "App::C",
            "Other",
        ];
        // one group: App (6) and Other (1) under the root; App is the largest child
        assert_eq!(namespace_cut(&names, 1), [0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(namespace_cut(&names, 2), [1, 1, 1, 1, 1, 1, 0]);
        // then App (the largest group) gives up App::A (3)
        assert_eq!(namespace_cut(&names, 3), [2, 2, 2, 1, 1, 1, 0]);
        // App (B and C left: 3) and App::A (3) tie: the older group, App, gives up App::B
        assert_eq!(namespace_cut(&names, 4), [2, 2, 2, 3, 3, 1, 0]);
        // asking for more groups than names can make stops at one per name
        let all = namespace_cut(&names, 20);
        assert_eq!(all.iter().collect::<BTreeSet<_>>().len(), 7);
    }

    #[test]
    fn containment_counts_pairs_and_locality_commits() {
        let part = [0, 0, 1, 1];
        let sets = vec![vec![0, 1], vec![0, 2], vec![2, 3], vec![1]];
        let f = fit("p".into(), &sets, &part);
        // pairs: (0,1) in, (0,2) out, (2,3) in
        assert_eq!(f.containment, Some(0.667));
        // commits: 3 of 4 in one module
        assert_eq!(f.locality, Some(0.75));
        assert_eq!(f.modules, 2);
    }
}
