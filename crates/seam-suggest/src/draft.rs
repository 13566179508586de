//! `seam suggest --write`: the proposal as a draft `seam.toml` in the CI gate's format.

use crate::report::{ProposedModule, Suggestion};
use seam_rules::config::quoted;

/// A commented `seam.toml` with one module per proposed module (largest first). Members become
/// package globs (`Prefix` and `Prefix::**` for a collapsed prefix); `depends_on` is left open
/// with today's dependencies in a comment, for the architects to decide.
pub fn draft_config(suggestion: &Suggestion) -> String {
    let proposal = &suggestion.proposal;
    let mut out = format!(
        "# seam.toml drafted by `seam suggest` at resolution {} ({} modules).\n\
         # A proposal from the coupling, to argue with: rename modules, move packages, then add\n\
         # depends_on, public and layers (see docs/check.md) and run `seam check`.\n\
         # Scripts are not placed by the clustering: give their directories a module of their own.\n\
         \n[check]\nuncovered = \"warn\"\n\n[cycles]\n# The codebase has cycles today: forbid them once they are broken (or baseline them).\nforbid = false\n",
        proposal.resolution,
        proposal.modules.len()
    );
    for module in proposal.modules.iter().filter(|m| !m.packages.is_empty()) {
        out.push_str(&render(module));
    }
    out
}

fn render(module: &ProposedModule) -> String {
    let globs: Vec<String> = module
        .members
        .iter()
        .flat_map(|member| match member.strip_suffix("::*") {
            Some(prefix) => vec![quoted(prefix), quoted(&format!("{prefix}::**"))],
            None => vec![quoted(member)],
        })
        .collect();
    let needs: Vec<&str> = module
        .cut_cost
        .needs
        .iter()
        .take(5)
        .map(|s| s.symbol.as_str())
        .collect();
    format!(
        "\n[[module]]\n# {} packages, {} code lines; cohesion {:.2}, stability {:.2}; used by {} packages and scripts outside\nname = {}\npackages = [{}]\n# needs from other modules: {}\n# depends_on = []\n",
        module.packages.len(),
        module.code_lines,
        module.cohesion,
        module.stability,
        module.cut_cost.dependents,
        quoted(&module.name),
        globs.join(", "),
        if needs.is_empty() {
            "nothing".to_string()
        } else {
            needs.join(", ")
        }
    )
}
