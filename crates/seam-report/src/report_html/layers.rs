//! A layered drawing in SVG: nodes in columns by level (highest on the left), the order inside a
//! column by barycentre sweeps (each node moved towards the mean position of its neighbours, a
//! few passes each way, which removes most crossings), edges as curves from a box's right side
//! to the next box's left side (or, pointing backwards, left side to right side). The module map
//! and each tangle's map are drawn with it.

use std::fmt::Write;

/// A box.
pub struct MapNode {
    /// Full name (shown truncated in the middle when long, in full in its `<title>`).
    pub label: String,
    /// Tooltip.
    pub title: String,
    /// Where a click goes (`#module-…`, `#tangle-…`).
    pub href: String,
    /// Its level: column `max level - level`.
    pub level: usize,
    /// A tangle (drawn heavier).
    pub tangle: bool,
}

/// What an edge means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeClass {
    /// A dependency.
    Plain,
    /// Inside a cycle.
    Cycle,
    /// Inside a cycle, to cut to break it.
    Cut,
}

/// An arrow between two boxes (positions in the node list).
pub struct Edge {
    /// Using node.
    pub from: usize,
    /// Used node.
    pub to: usize,
    /// References it stands for.
    pub references: u32,
    /// What it means.
    pub class: EdgeClass,
    /// Whether a seam.toml rule forbids it (drawn dashed).
    pub rule: bool,
}

const BOX_W: f64 = 210.0;
const BOX_H: f64 = 24.0;
const ROW_H: f64 = 32.0;
const GAP_X: f64 = 150.0;
const PAD: f64 = 16.0;
/// Characters that fit a box at the map's 12 px.
const LABEL_CHARS: usize = 28;
const SWEEPS: usize = 4;

// Text for SVG content and attribute values: the XML escape every XML output uses (`&`, `<`,
// `>`, quotes; control characters made harmless).
use crate::escape::xml as escape;

/// `text` cut to `max` characters by replacing its middle with `…`.
pub fn truncate_middle(text: &str, max: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= max {
        return text.to_string();
    }
    let keep = max.saturating_sub(1);
    let head = keep.div_ceil(2);
    let tail = keep - head;
    let mut out: String = chars[..head].iter().collect();
    out.push('…');
    out.extend(&chars[chars.len() - tail..]);
    out
}

/// Each node's (column, row) and the columns' lengths.
fn place(nodes: &[MapNode], edges: &[Edge]) -> (Vec<(usize, usize)>, Vec<usize>) {
    let top = nodes.iter().map(|n| n.level).max().unwrap_or(0);
    let column = |i: usize| top - nodes[i].level;
    let mut columns: Vec<Vec<usize>> = vec![Vec::new(); top + 1];
    for i in 0..nodes.len() {
        columns[column(i)].push(i);
    }
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for e in edges {
        neighbours[e.from].push(e.to);
        neighbours[e.to].push(e.from);
    }
    // a node's position as a share of its column's height, so columns of different lengths
    // compare
    let mut at = vec![0.0f64; nodes.len()];
    let update = |columns: &Vec<Vec<usize>>, at: &mut Vec<f64>| {
        for col in columns {
            for (r, &i) in col.iter().enumerate() {
                at[i] = (r as f64 + 0.5) / col.len() as f64;
            }
        }
    };
    update(&columns, &mut at);
    for sweep in 0..SWEEPS {
        let order: Vec<usize> = if sweep % 2 == 0 {
            (0..columns.len()).collect()
        } else {
            (0..columns.len()).rev().collect()
        };
        for c in order {
            let mut keyed: Vec<(f64, usize)> = columns[c]
                .iter()
                .map(|&i| {
                    // neighbours already placed on the sweep's side
                    let side: Vec<f64> = neighbours[i]
                        .iter()
                        .filter(|&&j| {
                            if sweep % 2 == 0 {
                                column(j) < c
                            } else {
                                column(j) > c
                            }
                        })
                        .map(|&j| at[j])
                        .collect();
                    let key = if side.is_empty() {
                        at[i]
                    } else {
                        side.iter().sum::<f64>() / side.len() as f64
                    };
                    (key, i)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            columns[c] = keyed.into_iter().map(|(_, i)| i).collect();
            for (r, &i) in columns[c].iter().enumerate() {
                at[i] = (r as f64 + 0.5) / columns[c].len() as f64;
            }
        }
    }
    let mut cell = vec![(0, 0); nodes.len()];
    for (c, col) in columns.iter().enumerate() {
        for (r, &i) in col.iter().enumerate() {
            cell[i] = (c, r);
        }
    }
    (cell, columns.iter().map(Vec::len).collect())
}

/// The drawing as an `<svg>` element with id `id` and accessible name `name`.
pub fn svg(id: &str, name: &str, nodes: &[MapNode], edges: &[Edge]) -> String {
    if nodes.is_empty() {
        return String::new();
    }
    let (cell, lengths) = place(nodes, edges);
    let tallest = lengths.iter().copied().max().unwrap_or(1);
    let width = PAD * 2.0 + lengths.len() as f64 * BOX_W + (lengths.len() - 1) as f64 * GAP_X;
    let height = PAD * 2.0 + tallest as f64 * ROW_H - (ROW_H - BOX_H);
    let corner = |i: usize| {
        let (c, r) = cell[i];
        let offset = (tallest - lengths[c]) as f64 * ROW_H / 2.0;
        (
            PAD + c as f64 * (BOX_W + GAP_X),
            PAD + offset + r as f64 * ROW_H,
        )
    };
    let max = edges.iter().map(|e| e.references).max().unwrap_or(1).max(1);
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"layers\" id=\"{id}-svg\" role=\"group\" aria-label=\"{label}\" viewBox=\"0 0 {width:.0} {height:.0}\" width=\"{width:.0}\" height=\"{height:.0}\"><title>{label}</title>",
        id = escape(id),
        label = escape(name),
    );
    // one arrowhead per colour (ids unique on the page: prefixed with the map's id)
    out.push_str("<defs>");
    for class in ["plain", "cycle", "cut", "rule"] {
        let _ = write!(
            out,
            "<marker id=\"{id}-{class}\" class=\"head {class}\" viewBox=\"0 0 8 8\" refX=\"8\" refY=\"4\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\"/></marker>",
            id = escape(id)
        );
    }
    out.push_str("</defs><g class=\"edges\">");
    for e in edges {
        let ((x1, y1), (x2, y2)) = (corner(e.from), corner(e.to));
        let (y1, y2) = (y1 + BOX_H / 2.0, y2 + BOX_H / 2.0);
        let forward = x2 > x1;
        let (sx, tx, bend) = if forward {
            (x1 + BOX_W, x2, GAP_X / 2.0)
        } else {
            (x1, x2 + BOX_W, -GAP_X / 2.0)
        };
        let class = match e.class {
            EdgeClass::Plain => "plain",
            EdgeClass::Cycle => "cycle",
            EdgeClass::Cut => "cut",
        };
        let head = if e.rule && e.class != EdgeClass::Cut {
            "rule"
        } else {
            class
        };
        let stroke = 1.0 + (f64::from(e.references)).ln_1p() / f64::from(max).ln_1p() * 2.5;
        let _ = write!(
            out,
            "<path class=\"e {class}{rule}\" data-from=\"{from}\" data-to=\"{to}\" stroke-width=\"{stroke:.1}\" marker-end=\"url(#{id}-{head})\" d=\"M{sx:.0},{y1:.0} C{c1:.0},{y1:.0} {c2:.0},{y2:.0} {tx:.0},{y2:.0}\"><title>{a} → {b}: {n} reference{s}</title></path>",
            rule = if e.rule { " rule" } else { "" },
            from = e.from,
            to = e.to,
            id = escape(id),
            c1 = sx + bend,
            c2 = tx - bend,
            a = escape(&nodes[e.from].label),
            b = escape(&nodes[e.to].label),
            n = e.references,
            s = if e.references == 1 { "" } else { "s" },
        );
    }
    out.push_str("</g><g class=\"nodes\">");
    for (i, node) in nodes.iter().enumerate() {
        let (x, y) = corner(i);
        let _ = write!(
            out,
            "<a href=\"{href}\" class=\"n{tangle}\" data-node=\"{i}\"><title>{title}</title><rect x=\"{x:.0}\" y=\"{y:.0}\" width=\"{BOX_W:.0}\" height=\"{BOX_H:.0}\" rx=\"4\"/><text x=\"{tx:.0}\" y=\"{ty:.0}\">{text}</text></a>",
            href = escape(&node.href),
            tangle = if node.tangle { " tangle" } else { "" },
            title = escape(&node.title),
            tx = x + 8.0,
            ty = y + 16.5,
            text = escape(&truncate_middle(&node.label, LABEL_CHARS)),
        );
    }
    out.push_str("</g></svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(label: &str, level: usize) -> MapNode {
        MapNode {
            label: label.into(),
            title: format!("{label} title"),
            href: format!("#module-{label}"),
            level,
            tangle: false,
        }
    }

    #[test]
    fn long_names_lose_their_middle() {
        assert_eq!(truncate_middle("Short", 28), "Short");
        assert_eq!(truncate_middle("abcdefghij", 5), "ab…ij");
        assert_eq!(truncate_middle("ééééé", 3), "é…é");
    }

    #[test]
    fn names_are_escaped_and_every_node_links() {
        let nodes = vec![node("A<script>", 1), node("B&\"C'", 0)];
        let edges = vec![Edge {
            from: 0,
            to: 1,
            references: 3,
            class: EdgeClass::Plain,
            rule: true,
        }];
        let svg = svg("map", "Module <map>", &nodes, &edges);
        assert!(!svg.contains("<script>"), "{svg}");
        assert!(svg.contains("A&lt;script&gt;"));
        assert!(svg.contains("B&amp;&quot;C&apos;"));
        assert!(svg.contains("href=\"#module-A&lt;script&gt;\""));
        assert!(svg.contains("role=\"group\" aria-label=\"Module &lt;map&gt;\""));
        assert!(svg.contains("<title>Module &lt;map&gt;</title>"));
        assert!(svg.contains("class=\"e plain rule\""));
        assert!(svg.contains("3 references"));
        // the user (level 1) left of the used (level 0)
        let x = |label: &str| {
            let at = svg.find(&format!(">{label}</text>")).unwrap();
            let rect = svg[..at].rfind("<rect x=\"").unwrap() + 9;
            svg[rect..]
                .split('"')
                .next()
                .unwrap()
                .parse::<f64>()
                .unwrap()
        };
        assert!(x("A&lt;script&gt;") < x("B&amp;&quot;C&apos;"));
    }

    #[test]
    fn barycentre_sweeps_uncross_two_pairs() {
        // a → d, b → c: drawn by name a, b over c, d the edges cross; sweeps put c under b
        let nodes = vec![node("a", 1), node("b", 1), node("c", 0), node("d", 0)];
        let edge = |from, to| Edge {
            from,
            to,
            references: 1,
            class: EdgeClass::Plain,
            rule: false,
        };
        let (cell, lengths) = place(&nodes, &[edge(0, 3), edge(1, 2)]);
        assert_eq!(lengths, [2, 2]);
        assert_eq!(cell[0].1 < cell[1].1, cell[3].1 < cell[2].1);
    }
}
