//! `layers`: a layer may only use the layers below it.
//!
//! **Flags** a reference (of a kind `[layers] kinds` judges) from a module in one layer to a module
//! in a layer above it, and, from a `closed` layer, to a module further down than the next layer.
//!
//! **Lets through** references downwards (from a closed layer: only to the next one), references
//! between modules of the same layer, and references from or to modules in no layer.
//!
//! ```toml
//! [layers]
//! # top first; domain is closed, so web -> domain -> infrastructure, never domain -> web
//! order = [
//!   { name = "web", modules = ["cgi-bin"] },
//!   { name = "domain", modules = ["billing", "catalog"], closed = true },
//!   { name = "infrastructure", modules = ["db"] },
//! ]
//! ```

use super::Rule;
use crate::evaluate::{Judging, Verdict};
use crate::report::RuleId;

/// The `layers` rule.
pub const RULE: Rule = Rule {
    enabled: |config| config.layers().is_some(),
    judge,
    ..Rule::new(
        RuleId::Layers,
        "A layer may only use layers below it (a closed layer: only the next one).",
        "Invert the dependency (the upper layer passes in what the lower one needs) or move the code to the layer it belongs to.",
    )
};

fn judge(judging: &Judging<'_>) -> Vec<Verdict> {
    let Judging { config, crossing, words, .. } = judging;
    let Some(layers) = config
        .layers()
        .filter(|l| l.kinds.contains(crossing.reference.kind))
    else {
        return Vec::new();
    };
    let (Some(a), Some(b)) = (
        layers.layer_of[crossing.from_module.index()],
        layers.layer_of[crossing.to_module.index()],
    ) else {
        return Vec::new();
    };
    let what = &words.what;
    let (upper, lower) = (&layers.names[a], &layers.names[b]);
    if b < a {
        vec![Verdict::new(
            format!("{what}: layer {upper} may not use layer {lower} above it"),
            format!("invert the dependency (let {lower} pass in what {upper} provides) or move the code into layer {lower}"),
        )]
    } else if b > a + 1 && layers.closed[a] {
        let next = &layers.names[a + 1];
        vec![Verdict::new(
            format!("{what}: layer {upper} is closed and may only use the layer directly below it ({next})"),
            format!("go through layer {next}, or open layer {upper} in seam.toml"),
        )]
    } else {
        Vec::new()
    }
}
