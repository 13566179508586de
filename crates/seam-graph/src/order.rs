//! The dependency order of the module graph: users before what they use, each cycle kept
//! together — the order a dependency structure matrix shows, so that in a layered system every
//! mark is on one side of the diagonal and each cycle is a block on it.

use crate::cycles::Cycle;
use crate::model::{DepGraph, NodeId, NodeKind};
use std::collections::{BTreeMap, BTreeSet};

/// Module-graph node to the number of its cycle (its position in `cycles`), for internal
/// modules in a cycle.
pub fn cycle_blocks(graph: &DepGraph, cycles: &[Cycle]) -> BTreeMap<NodeId, usize> {
    let index: BTreeMap<&str, NodeId> = graph
        .iter_nodes()
        .filter(|(_, n)| n.kind != NodeKind::External)
        .map(|(i, n)| (n.name.as_str(), i))
        .collect();
    let mut block = BTreeMap::new();
    for (c, cycle) in cycles.iter().enumerate() {
        for member in &cycle.members {
            if let Some(&i) = index.get(member.as_str()) {
                block.insert(i, c);
            }
        }
    }
    block
}

/// Each internal module's level in the condensation of `graph` (every cycle one unit): the
/// longest path from its unit to a unit that uses no other internal unit, which is level 0. A
/// module is above everything it uses outside its cycle; the modules of a cycle share a level.
pub fn levels(graph: &DepGraph, cycles: &[Cycle]) -> BTreeMap<NodeId, usize> {
    let units = Units::new(graph, cycles);
    let mut level: BTreeMap<usize, usize> = BTreeMap::new();
    // reverse topological order of the condensation: Kahn's algorithm from the sinks
    let mut remaining: BTreeMap<usize, usize> = units
        .members
        .keys()
        .map(|&u| (u, units.uses.get(&u).map_or(0, BTreeSet::len)))
        .collect();
    let mut ready: Vec<usize> = remaining
        .iter()
        .filter(|(_, &n)| n == 0)
        .map(|(&u, _)| u)
        .collect();
    while let Some(u) = ready.pop() {
        let here = units.uses.get(&u).map_or(0, |uses| {
            uses.iter().map(|v| level[v] + 1).max().unwrap_or(0)
        });
        level.insert(u, here);
        for &user in units.used_by.get(&u).into_iter().flatten() {
            let n = remaining.get_mut(&user).expect("a unit");
            *n -= 1;
            if *n == 0 {
                ready.push(user);
            }
        }
    }
    units
        .members
        .iter()
        .flat_map(|(u, members)| {
            // cannot be missing with cycles contracted; level 0 keeps it total
            let l = level.get(u).copied().unwrap_or(0);
            members.iter().map(move |&m| (NodeId::from_index(m), l))
        })
        .collect()
}

/// The internal modules of `graph`, users before what they use: by [`levels`], highest first
/// (units of one level by name), each cycle's modules together in its
/// [`order`](Cycle::order), so that its breakers are exactly the marks below a dependency
/// structure matrix's diagonal.
pub fn dependency_order(graph: &DepGraph, cycles: &[Cycle]) -> Vec<NodeId> {
    let units = Units::new(graph, cycles);
    let levels = levels(graph, cycles);
    let index: BTreeMap<&str, NodeId> = graph
        .iter_nodes()
        .filter(|(_, n)| n.kind != NodeKind::External)
        .map(|(i, n)| (n.name.as_str(), i))
        .collect();
    let mut keyed: Vec<(std::cmp::Reverse<usize>, &str, Vec<NodeId>)> = units
        .members
        .iter()
        .map(|(&u, members)| {
            let first = NodeId::from_index(members[0]);
            let ordered: Vec<NodeId> = match units.cycle(u) {
                Some(c) => cycles[c]
                    .order
                    .iter()
                    .filter_map(|name| index.get(name.as_str()).copied())
                    .collect(),
                None => vec![first],
            };
            (
                std::cmp::Reverse(levels[&first]),
                graph.node(first).name.as_str(),
                ordered,
            )
        })
        .collect();
    keyed.sort();
    keyed.into_iter().flat_map(|(_, _, m)| m).collect()
}

/// The condensation of the internal module graph: a unit is a node position, or
/// `usize::MAX - c` for cycle `c`.
struct Units {
    members: BTreeMap<usize, Vec<usize>>,
    uses: BTreeMap<usize, BTreeSet<usize>>,
    used_by: BTreeMap<usize, BTreeSet<usize>>,
}

impl Units {
    fn new(graph: &DepGraph, cycles: &[Cycle]) -> Self {
        let modules: BTreeSet<usize> = graph
            .iter_nodes()
            .filter(|(_, node)| node.kind != NodeKind::External)
            .map(|(i, _)| i.index())
            .collect();
        let blocks = cycle_blocks(graph, cycles);
        let unit = |m: usize| {
            blocks
                .get(&NodeId::from_index(m))
                .map_or(m, |&c| usize::MAX - c)
        };
        let mut units = Units {
            members: BTreeMap::new(),
            uses: BTreeMap::new(),
            used_by: BTreeMap::new(),
        };
        for &m in &modules {
            units.members.entry(unit(m)).or_default().push(m);
        }
        for &(a, b) in graph.edges.keys() {
            let (a, b) = (a.index(), b.index());
            if !(modules.contains(&a) && modules.contains(&b)) {
                continue;
            }
            let (x, y) = (unit(a), unit(b));
            if x != y {
                units.uses.entry(x).or_default().insert(y);
                units.used_by.entry(y).or_default().insert(x);
            }
        }
        units
    }

    /// The cycle a unit stands for.
    fn cycle(&self, unit: usize) -> Option<usize> {
        (unit > usize::MAX / 2).then(|| usize::MAX - unit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cycles::cycles;
    use crate::model::{EdgeKind, EdgeStats, Location, Node};

    /// A module graph with `names` (and one external `X`) and `edges` of `(from, to,
    /// references)` by position in `names`.
    fn graph(names: &[&str], edges: &[(usize, usize, u32)]) -> DepGraph {
        let mut nodes: Vec<Node> = names
            .iter()
            .map(|name| Node::bare(*name, NodeKind::Module))
            .collect();
        nodes.push(Node::bare("X", NodeKind::External));
        let mut graph = DepGraph {
            nodes,
            ..DepGraph::default()
        };
        let mut edge = |a: usize, b: usize, n: u32| {
            let stats: &mut EdgeStats = graph
                .edges
                .entry((NodeId::from_index(a), NodeId::from_index(b)))
                .or_default();
            for line in 0..n {
                stats.add(
                    EdgeKind::Call,
                    None,
                    Location {
                        file: "f".into(),
                        line,
                    },
                );
            }
        };
        for &(a, b, n) in edges {
            edge(a, b, n);
        }
        // everything uses the external module: it never counts
        for a in 0..names.len() {
            edge(a, names.len(), 1);
        }
        graph
    }

    fn named(graph: &DepGraph, ids: &[NodeId]) -> Vec<String> {
        ids.iter().map(|&i| graph.node(i).name.clone()).collect()
    }

    #[test]
    fn levels_of_a_dag_are_longest_paths_to_a_sink() {
        // app → ui → core, app → core, tools → core, lone
        let g = graph(
            &["app", "core", "lone", "tools", "ui"],
            &[(0, 4, 1), (4, 1, 1), (0, 1, 1), (3, 1, 1)],
        );
        let levels = levels(&g, &cycles(&g));
        let by_name: BTreeMap<String, usize> = levels
            .iter()
            .map(|(&i, &l)| (g.node(i).name.clone(), l))
            .collect();
        assert_eq!(
            by_name,
            BTreeMap::from([
                ("app".into(), 2),
                ("core".into(), 0),
                ("lone".into(), 0),
                ("tools".into(), 1),
                ("ui".into(), 1),
            ])
        );
        assert_eq!(
            named(&g, &dependency_order(&g, &cycles(&g))),
            ["app", "tools", "ui", "core", "lone"]
        );
    }

    #[test]
    fn a_tangle_is_one_level_in_its_cut_order() {
        // top → {a → b → c → a (c → a one reference)} → base
        let g = graph(
            &["a", "b", "base", "c", "top"],
            &[(4, 0, 1), (0, 1, 5), (1, 3, 5), (3, 0, 1), (3, 2, 2)],
        );
        let found = cycles(&g);
        assert_eq!(found[0].order, ["a", "b", "c"]);
        assert_eq!(found[0].cut_references, 1);
        let levels = levels(&g, &found);
        let level = |name: &str| levels[&g.index_of(name).unwrap()];
        assert_eq!(
            (
                level("top"),
                level("a"),
                level("b"),
                level("c"),
                level("base")
            ),
            (2, 1, 1, 1, 0)
        );
        assert_eq!(
            named(&g, &dependency_order(&g, &found)),
            ["top", "a", "b", "c", "base"]
        );
    }
}
