//! How the walk reaches nodes, measured over a corpus (test helpers, run by hand):
//!
//!     SEAM_WALK_BENCH=ROOT cargo test --release -p seam-perl --lib walker::bench -- --ignored --nocapture
//!
//! `walk_strategies` checks that a walk with one cursor visits what [`Position`] visits and times
//! both (for instruction counts run the test binary under `valgrind --tool=callgrind` with
//! `ROUNDS=1`); `reached_kinds` counts, per node kind, the nodes the walk reaches, looks under,
//! and reaches for nothing (no role, no data candidate, nothing under it looked at).
//!
//! Every way the public API offers to reach a named child (`Node::named_child`, a cursor's moves)
//! passes through the hidden nodes between it and its parent (the grammar's `_expr`, `_term`,
//! repetition nodes ...), a few hundred instructions per child reached whichever is used; see
//! docs/performance.md, "the walk's tree reads".

use super::{tables, Descend, Position, ERROR_KIND};
use std::time::Instant;
use tree_sitter::{Node, Tree, TreeCursor};

fn descend_of(node: Node<'_>) -> Descend {
    let kind = node.kind_id();
    if kind == ERROR_KIND {
        Descend::Always
    } else {
        tables()
            .descend
            .get(kind as usize)
            .copied()
            .unwrap_or(Descend::Always)
    }
}

/// A single cursor over the whole walk: per level, the named children left to visit after the
/// current one (so no move is tried past the last).
struct OneCursor<'tree> {
    cursor: TreeCursor<'tree>,
    left: Vec<u32>,
}

impl<'tree> OneCursor<'tree> {
    fn advance(&mut self, node: Node<'tree>, descend: bool) -> Option<Node<'tree>> {
        if descend {
            let n = node.named_child_count() as u32;
            if n > 0 {
                self.cursor.goto_first_child();
                while !self.cursor.node().is_named() {
                    self.cursor.goto_next_sibling();
                }
                self.left.push(n - 1);
                return Some(self.cursor.node());
            }
        }
        loop {
            let left = self.left.last_mut()?;
            if *left > 0 {
                *left -= 1;
                loop {
                    self.cursor.goto_next_sibling();
                    let next = self.cursor.node();
                    if next.is_named() {
                        return Some(next);
                    }
                }
            }
            self.left.pop();
            self.cursor.goto_parent();
        }
    }
}

#[inline(never)]
fn walk_index(tree: &Tree, source: &[u8]) -> (u64, u64) {
    let mut position = Position::default();
    let mut node = tree.root_node();
    let (mut n, mut sum) = (0u64, 0u64);
    loop {
        n += 1;
        sum = sum.wrapping_mul(31).wrapping_add(node.start_byte() as u64);
        let d = descend_of(node).under(node, source);
        match position.advance(node, d) {
            Some(next) => node = next,
            None => return (n, sum),
        }
    }
}

#[inline(never)]
fn walk_cursor(tree: &Tree, source: &[u8]) -> (u64, u64) {
    let mut node = tree.root_node();
    let mut position = OneCursor {
        cursor: node.walk(),
        left: Vec::new(),
    };
    let (mut n, mut sum) = (0u64, 0u64);
    loop {
        n += 1;
        sum = sum.wrapping_mul(31).wrapping_add(node.start_byte() as u64);
        let d = descend_of(node).under(node, source);
        match position.advance(node, d) {
            Some(next) => node = next,
            None => return (n, sum),
        }
    }
}

#[test]
#[ignore = "timing over a corpus, run by hand"]
fn walk_strategies() {
    let Ok(root) = std::env::var("SEAM_WALK_BENCH") else {
        return;
    };
    let trees = super::stats::parsed_files(std::path::Path::new(&root));
    type Strategy = fn(&Tree, &[u8]) -> (u64, u64);
    let strategies: [(&str, Strategy); 2] = [("index", walk_index), ("cursor", walk_cursor)];
    let expected: Vec<_> = trees.iter().map(|(t, s)| walk_index(t, s)).collect();
    for (name, f) in strategies {
        let got: Vec<_> = trees.iter().map(|(t, s)| f(t, s)).collect();
        assert_eq!(got, expected, "{name}");
    }
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(7);
    let mut times = vec![Vec::new(); strategies.len()];
    for round in 0..rounds {
        for k in 0..strategies.len() {
            let k = (k + round) % strategies.len();
            let start = Instant::now();
            for (t, s) in &trees {
                std::hint::black_box(strategies[k].1(t, s));
            }
            times[k].push(start.elapsed().as_secs_f64() * 1000.0);
        }
    }
    let nodes: u64 = expected.iter().map(|e| e.0).sum();
    println!("{} trees, {nodes} nodes visited", trees.len());
    for (k, (name, _)) in strategies.iter().enumerate() {
        let mut t = times[k].clone();
        t.sort_by(f64::total_cmp);
        println!(
            "{name:<10} median {:.2} ms  all {:?}",
            t[t.len() / 2],
            times[k]
        );
    }
}

#[test]
#[ignore = "statistics over a corpus, run by hand"]
fn reached_kinds() {
    use std::collections::BTreeMap;
    let Ok(root) = std::env::var("SEAM_WALK_BENCH") else {
        return;
    };
    let trees = super::stats::parsed_files(std::path::Path::new(&root));
    /// Per kind: nodes reached, looked under, reached for nothing; the kinds of their parents.
    #[derive(Default)]
    struct Reached<'k> {
        reached: u64,
        under: u64,
        idle: u64,
        parents: BTreeMap<&'k str, u64>,
    }
    let mut stats: BTreeMap<&str, Reached> = BTreeMap::new();
    let t = tables();
    for (tree, source) in &trees {
        let mut stack = vec![(tree.root_node(), "ROOT")];
        while let Some((node, parent)) = stack.pop() {
            let kind = node.kind_id();
            let (role, cand) = if kind == ERROR_KIND {
                (super::Role::Error, crate::data::CandidateKind::None)
            } else {
                (t.roles[kind as usize], t.data[kind as usize])
            };
            let d = descend_of(node).under(node, source);
            let children = node.named_child_count();
            let e = stats
                .entry(crate::queries::KindName::kind_name(&node))
                .or_default();
            e.reached += 1;
            if d && children > 0 {
                e.under += 1;
            }
            if role == super::Role::Other
                && cand == crate::data::CandidateKind::None
                && !(d && children > 0)
            {
                e.idle += 1;
            }
            *e.parents.entry(parent).or_default() += 1;
            if d {
                let name = crate::queries::KindName::kind_name(&node);
                for i in (0..children as u32).rev() {
                    if let Some(c) = node.named_child(i) {
                        stack.push((c, name));
                    }
                }
            }
        }
    }
    let mut rows: Vec<_> = stats.into_iter().collect();
    rows.sort_by_key(|(_, r)| std::cmp::Reverse(r.reached));
    let total: u64 = rows.iter().map(|(_, r)| r.reached).sum();
    let idle: u64 = rows.iter().map(|(_, r)| r.idle).sum();
    println!("reached {total}, reached for nothing {idle}");
    println!(
        "{:<36} {:>7} {:>7} {:>7}  parents",
        "kind", "reached", "under", "idle"
    );
    for (kind, r) in rows.iter().take(45) {
        let (n, desc, idle) = (r.reached, r.under, r.idle);
        let mut p: Vec<_> = r.parents.iter().collect();
        p.sort_by_key(|x| std::cmp::Reverse(*x.1));
        p.truncate(4);
        println!("{kind:<36} {n:>7} {desc:>7} {idle:>7}  {p:?}");
    }
}
