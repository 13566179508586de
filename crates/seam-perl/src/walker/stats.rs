//! Per-kind statistics of the walk (a test helper, run by hand):
//!
//!     SEAM_WALK_STATS=ROOT cargo test -p seam-perl --lib walker::stats -- --ignored --nocapture
//!
//! For every node kind: how many nodes the walk visits, how many cursor positions lie under them,
//! and how many of those nodes hold nothing the walk reads (no match, no data candidate, no
//! error anywhere under them): the cursor moves a skip rule for the kind could save.

use super::{tables, Descend, Role, Tables, Walk, ERROR_KIND};
use crate::data::CandidateKind;
use crate::matches::Matches;
use std::collections::BTreeMap;
use tree_sitter::Node;

#[derive(Default, Clone)]
struct KindStats {
    nodes: u64,
    under: u64,
    idle: u64,
    idle_under: u64,
    idle_one_line: u64,
    idle_one_line_under: u64,
}

/// (positions under the node, whether anything under it was productive)
fn visit<'t>(
    node: Node<'t>,
    walk: &mut Walk<'_, 't>,
    stats: &mut BTreeMap<String, KindStats>,
) -> (u64, bool) {
    let mut under = 0;
    let mut productive_inside = false;
    if descend(walk.tables, node).under(node, walk.source) {
        let mut cursor = node.walk();
        if cursor.goto_first_child() {
            loop {
                let child = cursor.node();
                let before = walk.matches.len();
                let (role, candidate) = role_and_candidate(walk.tables, child);
                if role != Role::Other {
                    walk.visit(child, role, Some(node));
                }
                let productive_self = walk.matches.len() > before
                    || candidate != CandidateKind::None
                    || child.is_error();
                let (u, inside) = visit(child, walk, stats);
                under += 1 + u;
                productive_inside |= productive_self || inside;
                if !cursor.goto_next_sibling() {
                    break;
                }
            }
        }
    }
    let name = if node.is_named() {
        node.kind().to_string()
    } else {
        format!("'{}'", node.kind())
    };
    let s = stats.entry(name).or_default();
    s.nodes += 1;
    s.under += under;
    if !productive_inside {
        s.idle += 1;
        s.idle_under += under;
        let text = &walk.source[node.byte_range()];
        if !text.contains(&b'\n') && !text.contains(&b'#') {
            s.idle_one_line += 1;
            s.idle_one_line_under += under;
        }
    }
    (under, productive_inside)
}

fn descend(tables: &Tables, node: Node<'_>) -> Descend {
    if node.kind_id() == ERROR_KIND {
        return Descend::Always;
    }
    let kind = node.kind_id() as usize;
    tables.descend.get(kind).copied().unwrap_or(Descend::Always)
}

fn role_and_candidate(tables: &Tables, node: Node<'_>) -> (Role, CandidateKind) {
    if node.kind_id() == ERROR_KIND {
        return (Role::Error, CandidateKind::None);
    }
    let kind = node.kind_id() as usize;
    (
        tables.roles.get(kind).copied().unwrap_or(Role::Other),
        tables
            .data
            .get(kind)
            .copied()
            .unwrap_or(CandidateKind::None),
    )
}

pub(super) fn files(root: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() && !path.is_symlink() {
            files(&path, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("pm" | "pl" | "t" | "cgi")
        ) {
            out.push(path);
        }
    }
}

/// The `.pm/.pl/.t/.cgi` files under `root` that parse, each as its tree (of the repaired copy
/// the extractor parses, `repair.rs`) and its source: what the walker's corpus aids read.
pub(super) fn parsed_files(root: &std::path::Path) -> Vec<(tree_sitter::Tree, Vec<u8>)> {
    let mut paths = Vec::new();
    files(root, &mut paths);
    let mut extractor = crate::Extractor::new(Default::default());
    paths
        .iter()
        .filter_map(|path| {
            let source = std::fs::read(path).ok()?;
            let tree = extractor.parse_only(&crate::repair::parser_source(&source))?;
            Some((tree, source))
        })
        .collect()
}

#[test]
#[ignore = "statistics over a corpus, run by hand"]
fn kind_statistics() {
    let Ok(root) = std::env::var("SEAM_WALK_STATS") else {
        return;
    };
    let trees = parsed_files(std::path::Path::new(&root));
    let mut stats: BTreeMap<String, KindStats> = BTreeMap::new();
    let mut total = 0u64;
    for (tree, source) in &trees {
        let mut walk = Walk {
            tables: tables(),
            source,
            matches: Matches::new(),
        };
        let (under, _) = visit(tree.root_node(), &mut walk, &mut stats);
        total += under + 1;
    }
    let mut rows: Vec<_> = stats.into_iter().collect();
    rows.sort_by_key(|(_, s)| std::cmp::Reverse(s.idle_under));
    println!(
        "{} files parsed, {total} positions\n{:<40} {:>8} {:>9} {:>8} {:>9} {:>8} {:>9}",
        trees.len(),
        "kind",
        "nodes",
        "under",
        "idle",
        "idle_und",
        "idle1",
        "idle1und"
    );
    for (kind, s) in rows.iter().take(60) {
        println!(
            "{kind:<40} {:>8} {:>9} {:>8} {:>9} {:>8} {:>9}",
            s.nodes, s.under, s.idle, s.idle_under, s.idle_one_line, s.idle_one_line_under
        );
    }
}
