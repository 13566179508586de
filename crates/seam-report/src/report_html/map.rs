//! The module map: modules as boxes, dependencies as arrows whose width grows with the coupling,
//! laid out by the `layout-rs` crate (a Graphviz-style layered layout, pure Rust, no process to
//! spawn) into inline SVG. Labels are escaped by layout-rs's SVG writer.

use layout::backends::svg::SVGWriter;
use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::geometry::Point;
use layout::core::style::StyleAttr;
use layout::std_shapes::shapes::{Arrow, Element, ShapeKind};
use layout::topo::layout::VisualGraph;
use seam_graph::{Analysis, NodeId};
use std::collections::BTreeMap;

/// Most modules drawn; larger codebases show the most coupled ones.
pub const MAP_MODULES: usize = 40;

/// The SVG of the module map and a note on what was left out (empty when nothing was). The SVG
/// goes into the page as it is (maud's `PreEscaped`): every text in it must already be escaped,
/// as layout-rs does for the labels; the note is plain text, escaped where it is shown.
pub fn module_map(analysis: &Analysis) -> (String, String) {
    let graph = &analysis.module_graph;
    let (modules, coupling) = super::internal_modules(analysis, seam_graph::EdgeStats::weight);
    // shared infrastructure would draw an arrow from everywhere: at most five, the most used (a
    // map of hubs only is no map)
    let mut shared: Vec<NodeId> = analysis
        .shared_modules
        .iter()
        .filter_map(|name| {
            modules
                .iter()
                .copied()
                .find(|&m| graph.node(m).name == *name)
        })
        .take(5)
        .collect();
    shared.sort_unstable();
    let mut shown: Vec<NodeId> = modules
        .iter()
        .copied()
        .filter(|m| !shared.contains(m))
        .collect();
    shown.sort_by(|a, b| coupling[b].cmp(&coupling[a]).then(a.cmp(b)));
    shown.truncate(MAP_MODULES);
    shown.sort_unstable();
    let mut notes = Vec::new();
    if !shared.is_empty() {
        let names: Vec<&str> = shared
            .iter()
            .map(|&m| graph.node(m).name.as_str())
            .collect();
        notes.push(format!(
            "Shared infrastructure (used by a quarter of the modules or more), left out so the rest can be seen: {}.",
            names.join(", ")
        ));
    }
    if modules.len() - shared.len() > shown.len() {
        notes.push(format!(
            "The {} most coupled of {} modules are drawn; the matrix and the tables have all of them.",
            shown.len(),
            modules.len()
        ));
    }

    // the strongest edges only (two per module): layout-rs's ordering search grows very fast
    // with dense graphs, and a dense picture says nothing anyway
    let mut edges: Vec<(NodeId, NodeId, u32)> = graph
        .edges
        .iter()
        .filter(|((a, b), _)| a != b && shown.contains(a) && shown.contains(b))
        .map(|(&(a, b), stats)| (a, b, stats.weight()))
        .collect();
    let all_edges = edges.len();
    edges.sort_by(|x, y| y.2.cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
    edges.truncate(2 * shown.len());
    if edges.len() < all_edges {
        notes.push(format!(
            "The {} strongest of {} dependencies are drawn.",
            edges.len(),
            all_edges
        ));
    }
    let labels: Vec<(NodeId, String)> = shown
        .iter()
        .map(|&m| {
            let node = graph.node(m);
            (m, node.name.clone())
        })
        .collect();
    let svg = bounded(labels, edges).unwrap_or_else(|| {
        notes.push(
            "The map could not be laid out in time; the matrix below shows every dependency."
                .into(),
        );
        String::new()
    });
    (svg, notes.join(" "))
}

/// Lays the map out on its own thread with a time limit: layout-rs is young, and a panic or a
/// runaway search must cost the picture, not the report.
fn bounded(labels: Vec<(NodeId, String)>, edges: Vec<(NodeId, NodeId, u32)>) -> Option<String> {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let svg = std::panic::catch_unwind(|| layout_svg(&labels, &edges)).unwrap_or_default();
        let _ = sender.send(svg);
    });
    // a thread still searching is abandoned; it ends with the process
    receiver
        .recv_timeout(std::time::Duration::from_secs(LAYOUT_SECONDS))
        .ok()
}

/// How long the layout may take.
const LAYOUT_SECONDS: u64 = 10;

fn layout_svg(labels: &[(NodeId, String)], edges: &[(NodeId, NodeId, u32)]) -> String {
    if labels.is_empty() {
        return String::new();
    }
    let max_weight = edges.iter().map(|e| e.2).max().unwrap_or(1).max(1) as f64;
    let mut graph = VisualGraph::new(Orientation::TopToBottom);
    let mut handles = BTreeMap::new();
    for (m, label) in labels {
        let width = 14.0 + 7.5 * label.chars().count() as f64;
        let look = StyleAttr::new(
            Color::fast("#3b6ea5"),
            1,
            Some(Color::fast("#eef3fa")),
            6,
            13,
        );
        let element = Element::create(
            ShapeKind::new_box(label),
            look,
            Orientation::LeftToRight,
            Point::new(width, 36.0),
        );
        handles.insert(*m, graph.add_node(element));
    }
    for &(a, b, weight) in edges {
        let (Some(&from), Some(&to)) = (handles.get(&a), handles.get(&b)) else {
            continue;
        };
        // width 1..4 on a log scale of the coupling (arrowheads grow with it)
        let width = 1 + ((weight as f64).ln_1p() / max_weight.ln_1p() * 3.0).round() as usize;
        let arrow = Arrow {
            look: StyleAttr::new(Color::fast("#7a8796"), width, None, 0, 11),
            ..Arrow::default()
        };
        graph.add_edge(arrow, from, to);
    }
    let mut writer = SVGWriter::new();
    graph.do_it(false, false, false, &mut writer);
    fit_to_width(&sorted_styles(&writer.finalize()))
}

/// layout-rs writes its font classes from a hash map, in a different order on every run: sorted,
/// the report is the same byte for byte.
fn sorted_styles(svg: &str) -> String {
    let (Some(start), Some(end)) = (svg.find("<style>\n"), svg.find("</style>")) else {
        return svg.to_string();
    };
    let body = start + "<style>\n".len();
    if body > end {
        return svg.to_string();
    }
    let mut rules: Vec<&str> = svg[body..end].lines().collect();
    rules.sort_unstable();
    let mut out = String::with_capacity(svg.len());
    out.push_str(&svg[..body]);
    for rule in rules {
        out.push_str(rule);
        out.push('\n');
    }
    out.push_str(&svg[end..]);
    out
}

/// The SVG scaled to the page's width (its viewBox keeps the proportions) instead of its
/// natural size, which can be several screens wide.
fn fit_to_width(svg: &str) -> String {
    let Some(start) = svg.find("<svg ") else {
        return svg.to_string();
    };
    let Some(end) = svg[start..].find('>').map(|e| start + e) else {
        return svg.to_string();
    };
    let tag = &svg[start..end];
    let without_size: String = tag
        .split(' ')
        .filter(|part| !part.starts_with("width=") && !part.starts_with("height="))
        .collect::<Vec<_>>()
        .join(" ");
    // never wider than drawn (a two-box map stays small), never below 60% (labels stay
    // readable; the box scrolls instead)
    let natural: f64 = tag
        .split(' ')
        .find_map(|part| part.strip_prefix("width=\""))
        .and_then(|w| w.trim_end_matches('"').parse().ok())
        .unwrap_or(0.0);
    format!(
        "{}{without_size} width=\"100%\" style=\"min-width: {:.0}px; max-width: {:.0}px\" preserveAspectRatio=\"xMidYMin meet\"{}",
        &svg[..start],
        natural * 0.6,
        natural,
        &svg[end..]
    )
}

#[cfg(test)]
mod tests {
    use super::sorted_styles;

    #[test]
    fn font_classes_are_sorted() {
        let svg = "<svg><defs></defs><style>\n.a13 { x }\n.a11 { y }\n</style><g></g></svg>";
        assert_eq!(
            sorted_styles(svg),
            "<svg><defs></defs><style>\n.a11 { y }\n.a13 { x }\n</style><g></g></svg>"
        );
        assert_eq!(sorted_styles("<svg></svg>"), "<svg></svg>");
    }
}
