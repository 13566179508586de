//! `seam init`: a first `seam.toml` drawn from the namespaces as they are, every key explained.
//!
//! Each namespace module declares `depends_on` as the module dependencies the code has today, so
//! the gate holds from the first run: new cross-module dependencies fail, old ones pass. Cycles
//! are forbidden, so existing cycles show up at once and `seam baseline` records them as debt —
//! unless one cycle already holds a large part of the modules (a tangle, see [`TANGLE`]): then
//! the draft turns the rule off with a comment saying why and how to turn it on. The excluded
//! paths the caller gives (vendored trees, `--exclude`) are written to `exclude`. Plugin and
//! extension directories are modules of their own, and a module that uses a large share of the
//! others (a hub, see [`HUB`]) carries a note next to its `depends_on`.

use crate::config::quoted;
use seam_graph::{Analysis, NodeId, NodeKind};
use std::collections::{BTreeMap, BTreeSet};

/// One module of the draft.
struct Draft {
    name: String,
    /// A plugin or extension directory (claimed by path, listed first).
    plugin: bool,
    packages: Vec<String>,
    paths: Vec<String>,
    members: usize,
    depends_on: BTreeSet<String>,
    /// Tables and data files it writes most (the ownership `seam analyze` proposes).
    tables: Vec<String>,
    data_files: Vec<String>,
}

/// A cycle holding at least this share of the modules (and at least [`TANGLE_MIN`] of them) is a
/// tangle: the draft leaves the `cycle` rule off.
pub const TANGLE: f64 = 0.25;

/// The fewest modules a tangle has.
pub const TANGLE_MIN: usize = 5;

/// The text of a starting `seam.toml` for the analyzed codebase, with `exclude` (paths the
/// analysis left out that the checks must leave out too) and `template_roots` (Mason component
/// roots, e.g. from [`seam_graph::component_roots`]) written down.
pub fn draft_config(analysis: &Analysis, exclude: &[String], template_roots: &[String]) -> String {
    let drafts = drafts(analysis);
    let excluded = toml_list("exclude", exclude);
    let modules = drafts.len();
    let largest = analysis
        .module_cycles
        .iter()
        .map(|c| c.members.len())
        .max()
        .unwrap_or(0);
    let tangle = largest >= TANGLE_MIN && largest as f64 >= TANGLE * modules as f64;
    let cycles = if tangle {
        format!(
            "[cycles]\n# Off: today {largest} of the {modules} modules are in one dependency cycle, so every edge\n\
             # of it would be a finding. To ratchet: set forbid = true and run `seam baseline` (cycle debt\n\
             # is keyed by module pair, so only new edges fail), or first cut the tangle down (`seam\n\
             # analyze` lists the cheapest edges to cut).\nforbid = false\n"
        )
    } else {
        "[cycles]\n# Dependency cycles between modules are violations: every module edge on a cycle is\n\
         # reported, keyed by its module pair; with --base, only an edge the change adds.\nforbid = true\n"
            .to_string()
    };
    let roots = toml_list("template_roots", template_roots);
    let mut out = HEADER
        .replace("# exclude = []", &excluded)
        .replace("# template_roots = []", &roots)
        .replace("[cycles]\n", &cycles);
    for draft in &drafts {
        out.push_str(&render(draft, modules));
    }
    out.push_str(FOOTER);
    out
}

/// `key = ["a", "b"]`, or the commented-out empty default `# key = []` when there are none.
fn toml_list(key: &str, items: &[String]) -> String {
    if items.is_empty() {
        return format!("# {key} = []");
    }
    let items: Vec<String> = items.iter().map(|i| quoted(i)).collect();
    format!("{key} = [{}]", items.join(", "))
}

/// Plugin and extension directories first (one module each, by path: they claim their files'
/// packages before any namespace does), then namespace modules (longest prefix first, so that
/// first-match keeps them apart), then script directories.
fn drafts(analysis: &Analysis) -> Vec<Draft> {
    let graph = &analysis.package_graph;
    let module = |node: NodeId| -> String {
        let n = graph.node(node);
        match n.files.first().and_then(|f| plugin_dir(f)) {
            Some(dir)
                if matches!(
                    n.kind,
                    NodeKind::Package | NodeKind::Script | NodeKind::Template
                ) =>
            {
                dir
            }
            // a component is named by its component path (`/Elements/Header`): its directory
            // in the tree is its file's
            _ if n.kind == NodeKind::Template && !n.files.is_empty() => {
                seam_graph::namespace_module(NodeKind::Script, &n.files[0], 1).unwrap_or_default()
            }
            _ => analysis.partition.label(graph, node).to_string(),
        }
    };
    let mut by_module: BTreeMap<String, (NodeKind, usize)> = BTreeMap::new();
    for (i, node) in graph.iter_nodes() {
        if matches!(
            node.kind,
            NodeKind::Package | NodeKind::Script | NodeKind::Template
        ) {
            by_module.entry(module(i)).or_insert((node.kind, 0)).1 += 1;
        }
    }
    let mut taken = BTreeSet::new();
    let names: BTreeMap<&str, String> = by_module
        .keys()
        .map(|m| (m.as_str(), unique(config_name(m), &mut taken)))
        .collect();
    let mut uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for &(from, to) in graph.edges.keys() {
        if graph.node(to).kind == NodeKind::External {
            continue;
        }
        let (a, b) = (module(from), module(to));
        if a != b {
            if let Some(name) = names.get(b.as_str()) {
                uses.entry(a).or_default().insert(name.clone());
            }
        }
    }
    // the owner seam analyze proposes for each table and file, by module label
    let mut owned: BTreeMap<&str, (Vec<String>, Vec<String>)> = BTreeMap::new();
    for item in analysis.data.iter().flat_map(|d| &d.items) {
        if let Some(owner) = &item.owner {
            let lists = owned.entry(owner.module.as_str()).or_default();
            match item.kind {
                seam_graph::DataNodeKind::Table => lists.0.push(glob_literal(&item.name)),
                seam_graph::DataNodeKind::DataFile => lists.1.push(glob_literal(&item.name)),
            }
        }
    }
    let mut drafts: Vec<Draft> = by_module
        .iter()
        .map(|(module, &(kind, members))| {
            let module = module.as_str();
            let (packages, paths) = if plugin_dir(module).is_some() {
                let dir = module.trim_end_matches('/');
                (Vec::new(), vec![format!("{}/**", glob_literal(dir))])
            } else if matches!(kind, NodeKind::Script | NodeKind::Template) {
                let dir = module.trim_end_matches('/');
                let glob = if dir == "." {
                    "*".to_string()
                } else {
                    format!("{}/*", glob_literal(dir))
                };
                (Vec::new(), vec![glob])
            } else {
                (
                    vec![module.to_string(), format!("{module}::**")],
                    Vec::new(),
                )
            };
            Draft {
                name: names[module].clone(),
                plugin: plugin_dir(module).is_some(),
                packages,
                paths,
                members,
                depends_on: uses.remove(module).unwrap_or_default(),
                tables: owned.get(module).map(|o| sorted(&o.0)).unwrap_or_default(),
                data_files: owned.get(module).map(|o| sorted(&o.1)).unwrap_or_default(),
            }
        })
        .collect();
    drafts.sort_by(|a, b| {
        let segments = |d: &Draft| d.packages.first().map_or(0, |p| p.split("::").count());
        (
            !a.plugin,
            a.packages.is_empty(),
            std::cmp::Reverse(segments(a)),
            &a.name,
        )
            .cmp(&(
                !b.plugin,
                b.packages.is_empty(),
                std::cmp::Reverse(segments(b)),
                &b.name,
            ))
    });
    drafts
}

/// The plugin or extension directory `path` (a file, or a directory with a trailing `/`) is in,
/// with a trailing `/`: `extensions/Foo/`, `plugins/Foo/`, `lib/App/FooPlugin/`,
/// `lib/App/BarContrib/`. Each becomes a module of its own.
fn plugin_dir(path: &str) -> Option<String> {
    let parts: Vec<&str> = path.split('/').collect();
    // the directories only: a file's own name is not one
    let dirs = if path.ends_with('/') {
        &parts[..parts.len() - 1]
    } else {
        &parts[..parts.len().saturating_sub(1)]
    };
    let container = |d: &str| {
        matches!(
            d.to_ascii_lowercase().as_str(),
            "extensions" | "plugins" | "plugin" | "extension"
        )
    };
    let at = (0..dirs.len()).find(|&i| {
        (i > 0 && container(dirs[i - 1]))
            || (dirs[i].len() > "Plugin".len() && dirs[i].ends_with("Plugin"))
            || (dirs[i].len() > "Contrib".len() && dirs[i].ends_with("Contrib"))
    })?;
    Some(format!("{}/", dirs[..=at].join("/")))
}

/// `cgi-bin/` → `cgi-bin`; `./` → `(top-level scripts)`; namespaces stay as they are.
fn config_name(module: &str) -> String {
    match module.trim_end_matches('/') {
        "." | "" => "(top-level scripts)".to_string(),
        name => name.to_string(),
    }
}

/// `name`, or `name (2)`, `name (3)`... when it is taken.
fn unique(name: String, taken: &mut BTreeSet<String>) -> String {
    let mut candidate = name.clone();
    let mut n = 2;
    while !taken.insert(candidate.clone()) {
        candidate = format!("{name} ({n})");
        n += 1;
    }
    candidate
}

fn sorted(items: &[String]) -> Vec<String> {
    let mut items = items.to_vec();
    items.sort();
    items
}

/// A directory name as a glob that matches only itself. Not `globset::escape`: it leaves `\`
/// alone, and seam.toml's globs read a backslash as an escape.
fn glob_literal(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '{' | '}' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A module that uses at least this share of the others (and at least [`HUB_MIN`]) is a hub: the
/// draft says so next to its `depends_on`.
pub const HUB: f64 = 0.4;

/// The fewest modules a hub uses.
pub const HUB_MIN: usize = 10;

fn render(draft: &Draft, modules: usize) -> String {
    let list = |items: &mut dyn Iterator<Item = &String>| {
        items.map(|s| quoted(s)).collect::<Vec<_>>().join(", ")
    };
    let mut out = format!(
        "\n[[module]]\n# A unique name; findings and other rules refer to it. ({} members today)\nname = {}\n",
        draft.members,
        quoted(&draft.name)
    );
    if !draft.packages.is_empty() {
        out.push_str(&format!(
            "# Package globs this module claims: `*` is one name segment, `**` any number.\npackages = [{}]\n",
            list(&mut draft.packages.iter())
        ));
    }
    if !draft.paths.is_empty() {
        out.push_str(&format!(
            "# Path globs (relative to the root) whose scripts and packages this module claims.\npaths = [{}]\n",
            list(&mut draft.paths.iter())
        ));
    }
    out.push_str("# Who to ask about it (shown in fix hints).\n# owner = \"@team\"\n");
    out.push_str("# What it is for.\n# description = \"\"\n");
    out.push_str(
        "# Packages (globs) other modules may use; the rest is private. Absent: all public.\n# public = []\n",
    );
    out.push_str("# Subs other modules may call, as `Package::sub` globs.\n# public_subs = []\n");
    let owns = "only its code may write them (rule `table_write`)";
    match draft.tables.is_empty() {
        true => out.push_str(&format!("# Tables (globs) it owns: {owns}.\n# tables = []\n")),
        false => out.push_str(&format!(
            "# Tables it owns, proposed from today's writes (`seam analyze` shows the evidence and\n\
             # the tables other modules also write): {owns}.\ntables = [{}]\n",
            list(&mut draft.tables.iter())
        )),
    }
    if !draft.data_files.is_empty() {
        out.push_str(&format!(
            "# Data files it owns (normalised paths), proposed from today's writes.\ndata_files = [{}]\n",
            list(&mut draft.data_files.iter())
        ));
    }
    let others = modules.saturating_sub(1);
    let used = draft.depends_on.len();
    if used >= HUB_MIN && used as f64 >= HUB * others as f64 {
        out.push_str(&format!(
            "# NOTE: a hub — it uses {used} of the {others} other modules today, so this list lets it take\n\
             # more of any of them without a finding. Narrow the list as you split it (`seam analyze`\n\
             # shows what it uses most); a dependency on a module outside the list still fails.\n"
        ));
    }
    out.push_str(&format!(
        "# Modules this one may use: what it uses today. A new dependency fails the check until\n# it is added here; `{{ module = \"x\", kinds = [\"require\"] }}` allows only some kinds.\ndepends_on = [{}]\n",
        list(&mut draft.depends_on.iter())
    ));
    out
}

const HEADER: &str = r#"# seam.toml: the module map and the boundary rules `seam check` enforces.
# Written by `seam init` from the namespaces as they are today; edit it to the modules you want.
# Reference kinds rules can name: use, require, require_file, do_file, parent, role, call,
# super_call, class_method, variable, import_call, dynamic_load, and the groups all, static,
# runtime_load, inheritance, calls.

# The analyzed root, relative to this file.
# root = "."

# Extra library roots (relative to the root) for `require "x.pl"`; lib/ and `use lib` are found.
# lib = []

# Paths (globs or directory names) left out of the analysis, on top of the vendored trees every
# command skips by default (hidden directories, vendor/, local/, lib/perl5/, blib/...).
# exclude = []

# Keep test files (t/, *.t) in the graph.
# include_tests = false

# Mason component roots (relative directories): components under one are named by their path
# below it (`/Elements/Header`), and there `% ` lines or `<% %>` alone make a file a component.
# template_roots = []

# External (CPAN) modules the rules see, as package globs; a module can then claim them, e.g.
# a "database" module with packages = ["DBI", "DBD::**"] that only the data layer may use.
# external = []

# The baseline of tolerated violations, relative to this file.
# baseline = "seam-baseline.toml"

[check]
# Packages and scripts no module claims: "ignore", "warn" or "error".
uncovered = "warn"
# Baseline entries whose violation is gone: "error" keeps the baseline shrinking.
stale_baseline = "error"
# `# seam: allow(...)` comments that suppress nothing.
unused_suppression = "warn"
# Files seam cannot read, directories it cannot list, files that parse worse than at --base:
# "error" (a check never passes on code it did not see), "warn" or "ignore".
unreadable = "error"
# Reference kinds whose violations are warnings (guesses about strings).
warn_kinds = ["dynamic_load"]
# Reads of a table or data file another module owns (`tables`, `data_files` below; writes are
# always judged, by rule `table_write`): "ignore", "warn" or "error".
table_read = "ignore"

[cycles]
# Kinds that count towards cycles.
# kinds = ["static"]

# A package belongs to the FIRST module below whose `packages` or `paths` match it, so more
# specific modules come first.
"#;

const FOOTER: &str = r#"
# Layers, top first: a layer may use the layers below it; a closed layer only the next one.
# [layers]
# order = [
#   { name = "web", modules = ["cgi-bin"] },
#   { name = "domain", modules = ["LibSys::Billing", "LibSys::Catalog"], closed = true },
#   { name = "infrastructure", modules = ["LibSys::DB"] },
# ]

# A dependency that must not exist, optionally only for some kinds.
# [[forbidden]]
# from = "LibSys::Catalog"
# to = "LibSys::Billing"
# kinds = ["use", "call"]
# reason = "the catalog must not know about money"

# Modules that must not know each other.
# [[independent]]
# modules = ["LibSys::Billing", "LibSys::Reports"]
"#;

#[cfg(test)]
mod tests {
    use super::plugin_dir;

    #[test]
    fn plugin_and_extension_directories_are_found() {
        assert_eq!(
            plugin_dir("extensions/Foo/lib/Foo.pm").as_deref(),
            Some("extensions/Foo/")
        );
        assert_eq!(
            plugin_dir("app/plugins/Bar/Bar.pm").as_deref(),
            Some("app/plugins/Bar/")
        );
        assert_eq!(
            plugin_dir("lib/App/MailPlugin/Send.pm").as_deref(),
            Some("lib/App/MailPlugin/")
        );
        assert_eq!(
            plugin_dir("lib/XContrib/A/B.pm").as_deref(),
            Some("lib/XContrib/")
        );
        assert_eq!(
            plugin_dir("extensions/Foo/").as_deref(),
            Some("extensions/Foo/")
        );
        assert_eq!(plugin_dir("lib/App/Plugin.pm"), None);
        assert_eq!(plugin_dir("plugins/loose.pl"), None);
        assert_eq!(plugin_dir("lib/App/Plugin/Base.pm"), None);
    }
}
