//! `seam graph`: the dependency graph as DOT, Mermaid, JSON or GraphML.

use crate::escape::{visible, xml};
use seam_graph::{DataNodeKind, DataOverlay, DepGraph, NodeKind, UseCounts};
use std::fmt::Write;

/// Escapes a string for a DOT double-quoted string; control and bidirectional characters are
/// shown [`visible`] (a label is for reading, and a raw line break could start a line with `::`).
fn dot_string(text: &str) -> String {
    format!(
        "\"{}\"",
        visible(text).replace('\\', "\\\\").replace('"', "\\\"")
    )
}

/// `R 3`, `W 1`, `R 3 W 1`, `DDL 1`: a data edge's label.
fn use_label(counts: &UseCounts) -> String {
    let mut parts = Vec::new();
    for (letter, n) in [
        ("R", counts.reads),
        ("W", counts.writes),
        ("DDL/ORM", counts.other),
    ] {
        if n > 0 {
            parts.push(format!("{letter} {n}"));
        }
    }
    parts.join(" ")
}

/// Graphviz DOT, edges labelled with their reference count, pen width growing with it; tables
/// as cylinders and data files as folders, their edges dotted (red when they write).
pub fn graph_dot(graph: &DepGraph, data: &DataOverlay) -> String {
    let mut out = String::from("digraph seam {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=8];\n");
    for (i, node) in graph.nodes.iter().enumerate() {
        let style = match node.kind {
            NodeKind::External => ", style=dashed, color=gray50",
            NodeKind::Script => ", shape=note",
            NodeKind::Template => ", shape=component",
            _ => "",
        };
        let _ = writeln!(out, "  n{i} [label={}{style}];", dot_string(&node.name));
    }
    for (&(from, to), stats) in &graph.edges {
        let (from, to) = (from.index(), to.index());
        let width = 1.0 + (f64::from(stats.references)).log2().max(0.0) / 2.0;
        let _ = writeln!(
            out,
            "  n{from} -> n{to} [label=\"{}\", penwidth={width:.1}];",
            stats.references
        );
    }
    for (i, (name, kind)) in data.nodes.iter().enumerate() {
        let shape = match kind {
            DataNodeKind::Table => "cylinder",
            DataNodeKind::DataFile => "folder",
        };
        let _ = writeln!(out, "  d{i} [label={}, shape={shape}];", dot_string(name));
    }
    for (&(from, to), counts) in &data.edges {
        let color = if counts.writes > 0 { "red3" } else { "gray40" };
        let _ = writeln!(
            out,
            "  n{} -> d{to} [label=\"{}\", style=dotted, color={color}];",
            from.index(),
            use_label(counts)
        );
    }
    out.push_str("}\n");
    out
}

/// Escapes a Mermaid label with Mermaid's `#code;` entities (it sanitises `<`, `&`, and reads
/// `#...;` itself).
fn mermaid_label(text: &str) -> String {
    let mut out = String::from("\"");
    for c in visible(text).chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#60;"),
            '>' => out.push_str("#62;"),
            '&' => out.push_str("#38;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Mermaid flowchart; tables and data files as cylinders, their edges dotted.
pub fn graph_mermaid(graph: &DepGraph, data: &DataOverlay) -> String {
    let mut out = String::from("flowchart LR\n");
    for (i, node) in graph.nodes.iter().enumerate() {
        let shape = match node.kind {
            NodeKind::External => format!("n{i}([{}])", mermaid_label(&node.name)),
            _ => format!("n{i}[{}]", mermaid_label(&node.name)),
        };
        let _ = writeln!(out, "  {shape}");
    }
    for (&(from, to), stats) in &graph.edges {
        let (from, to) = (from.index(), to.index());
        let _ = writeln!(out, "  n{from} -->|{}| n{to}", stats.references);
    }
    for (i, (name, _)) in data.nodes.iter().enumerate() {
        let _ = writeln!(out, "  d{i}[({})]", mermaid_label(name));
    }
    for (&(from, to), counts) in &data.edges {
        let _ = writeln!(out, "  n{} -.->|{}| d{to}", from.index(), use_label(counts));
    }
    out
}

/// JSON: `{"nodes": [...], "edges": [{"from", "to", ...stats}]}`; `modules` is the module of
/// each node. With data: `"data_nodes": [{"name", "kind"}]` and `"data_edges": [{"from", "to",
/// "reads", "writes", "other"}]` (present only when the overlay is not empty).
pub fn graph_json(graph: &DepGraph, modules: &[String], data: &DataOverlay) -> String {
    let nodes: Vec<serde_json::Value> = graph
        .nodes
        .iter()
        .zip(modules)
        .map(|(node, module)| {
            let mut value = serde_json::to_value(node).unwrap_or_default();
            if let Some(object) = value.as_object_mut() {
                object.insert("module".into(), module.clone().into());
            }
            value
        })
        .collect();
    let edges: Vec<serde_json::Value> = graph
        .edges
        .iter()
        .map(|(&(from, to), stats)| {
            let mut edge = serde_json::to_value(stats).unwrap_or_default();
            if let Some(object) = edge.as_object_mut() {
                object.insert("from".into(), graph.node(from).name.clone().into());
                object.insert("to".into(), graph.node(to).name.clone().into());
                object.insert("weight".into(), stats.weight().into());
            }
            edge
        })
        .collect();
    let mut value = serde_json::json!({ "schema_version": 1, "nodes": nodes, "edges": edges });
    if !data.nodes.is_empty() {
        let data_nodes: Vec<serde_json::Value> = data
            .nodes
            .iter()
            .map(|(name, kind)| serde_json::json!({ "name": name, "kind": kind }))
            .collect();
        let data_edges: Vec<serde_json::Value> = data
            .edges
            .iter()
            .map(|(&(from, to), counts)| {
                serde_json::json!({
                    "from": graph.node(from).name,
                    "to": data.nodes[to].0,
                    "reads": counts.reads,
                    "writes": counts.writes,
                    "other": counts.other,
                })
            })
            .collect();
        value["data_nodes"] = data_nodes.into();
        value["data_edges"] = data_edges.into();
    }
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// GraphML (yEd, Gephi, networkx); `modules` is the module of each node; data nodes have kind
/// `table` or `data_file` and their edges `reads`/`writes` counts.
pub fn graph_graphml(graph: &DepGraph, modules: &[String], data: &DataOverlay) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n  <key id=\"name\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n  <key id=\"kind\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n  <key id=\"module\" for=\"node\" attr.name=\"module\" attr.type=\"string\"/>\n  <key id=\"code_lines\" for=\"node\" attr.name=\"code_lines\" attr.type=\"int\"/>\n  <key id=\"references\" for=\"edge\" attr.name=\"references\" attr.type=\"int\"/>\n  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"int\"/>\n  <key id=\"reads\" for=\"edge\" attr.name=\"reads\" attr.type=\"int\"/>\n  <key id=\"writes\" for=\"edge\" attr.name=\"writes\" attr.type=\"int\"/>\n  <graph id=\"seam\" edgedefault=\"directed\">\n",
    );
    for (i, (node, module)) in graph.nodes.iter().zip(modules).enumerate() {
        let _ = writeln!(
            out,
            "    <node id=\"n{i}\"><data key=\"name\">{}</data><data key=\"kind\">{}</data><data key=\"module\">{}</data><data key=\"code_lines\">{}</data></node>",
            xml(&node.name), node.kind, xml(module), node.code_lines
        );
    }
    for (&(from, to), stats) in &graph.edges {
        let (from, to) = (from.index(), to.index());
        let _ = writeln!(
            out,
            "    <edge source=\"n{from}\" target=\"n{to}\"><data key=\"references\">{}</data><data key=\"weight\">{}</data></edge>",
            stats.references, stats.weight()
        );
    }
    for (i, (name, kind)) in data.nodes.iter().enumerate() {
        let _ = writeln!(
            out,
            "    <node id=\"d{i}\"><data key=\"name\">{}</data><data key=\"kind\">{kind}</data></node>",
            xml(name)
        );
    }
    for (&(from, to), counts) in &data.edges {
        let _ = writeln!(
            out,
            "    <edge source=\"n{}\" target=\"d{to}\"><data key=\"reads\">{}</data><data key=\"writes\">{}</data></edge>",
            from.index(), counts.reads, counts.writes
        );
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_are_escaped_in_every_format() {
        assert_eq!(mermaid_label("x<y&z\"#"), "\"x#60;y#38;z#quot;#35;\"");
        assert_eq!(dot_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(
            xml("<a href='x'>&</a>"),
            "&lt;a href=&apos;x&apos;&gt;&amp;&lt;/a&gt;"
        );
    }
}
