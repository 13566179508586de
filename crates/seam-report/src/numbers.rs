//! Formatting shared by the text and Markdown renderers.

/// `12345` as `12,345`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `0.1234` as `12.3%`.
pub fn percent(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// A share as a percentage, or `-` when there was nothing to count.
pub fn share(value: Option<f64>) -> String {
    value.map(percent).unwrap_or_else(|| "-".into())
}

/// How many hotspots, cycles and rows the overviews show.
pub const TOP: usize = 10;

/// The name of a hotspot ranking, as in JSON (`god_package`): the name derived on the variant.
pub fn hotspot_kind(kind: seam_graph::HotspotKind) -> &'static str {
    kind.into()
}

/// Where the summary's modules come from: `namespace depth 2`, or `from seam.toml`.
pub(crate) fn modules_origin(summary: &seam_graph::Summary) -> String {
    match summary.module_source.as_str() {
        "namespaces" => format!("namespace depth {}", summary.module_depth),
        source => format!("from {source}"),
    }
}
