//! Template and component names to files: what `<& /Elements/Header &>`, `[% INCLUDE
//! header.tt %]`, `include 'loans/_row'` or `$tt->process('invoice/show.tt')` reaches.
//!
//! A name is matched against the template files by path: relative to the referring file's
//! directory first, then as a path suffix at a directory boundary (a component root or
//! `INCLUDE_PATH` directory is whatever precedes the name: `/Elements/Header` is
//! `html/Elements/Header`), then with the file's extensions left off (Mojolicious names
//! `loans/_row` for `templates/loans/_row.html.ep`). Among several matches the one sharing most
//! directories with the referring file wins, then the shortest path, then the first by name: the
//! same files always give the same answer.
//!
//! A Mason component under a component root is a node named by its component path, as Mason
//! names it (`html/Elements/Header` under the root `html` is `/Elements/Header`); every other
//! template is named by its file path.

use crate::resolve::join;
use seam_perl::{TemplateFacts, TemplateSyntax};
use std::collections::{BTreeMap, BTreeSet};

/// Every template file, indexed by file name and by stem.
#[derive(Debug, Default)]
pub(crate) struct Templates {
    /// Template paths, with whether Mason's default inheritance applies (a Mason component
    /// without `inherit => undef`).
    paths: BTreeMap<String, bool>,
    /// Template path to node name, where they differ (components under a root).
    node_names: BTreeMap<String, String>,
    /// Mason component roots, relative directories without a trailing `/`.
    roots: Vec<String>,
    by_name: BTreeMap<String, Vec<String>>,
    by_stem: BTreeMap<String, Vec<String>>,
    /// Names of Template Toolkit `BLOCK`s any template defines: a `PROCESS name` that matches
    /// no file but one of these calls a block of a template processed before it, not a file.
    blocks: BTreeSet<String>,
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn parent_dir(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// The node name of template file `path`: its component path (`/Elements/Header`) when it is a
/// Mason component under one of the component `roots` (the first that holds it), else its path.
pub(crate) fn template_node_name(path: &str, template: &TemplateFacts, roots: &[String]) -> String {
    if template.syntax == TemplateSyntax::Mason {
        for root in roots {
            let root = root.trim_matches('/');
            if root.is_empty() || root == "." {
                return format!("/{path}");
            }
            if let Some(rest) = path.strip_prefix(root).and_then(|r| r.strip_prefix('/')) {
                return format!("/{rest}");
            }
        }
    }
    path.to_string()
}

/// The Mason component roots a codebase's files suggest (what `seam init` writes to
/// `template_roots`): the directory of every `autohandler` component with no `autohandler` in a
/// directory above it. Mason applies an autohandler to every component below it, so the top-most
/// one marks where component paths start (`.` when it is at the root). Sorted, without repeats.
pub fn component_roots<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a TemplateFacts)>,
) -> Vec<String> {
    let handlers: BTreeSet<&str> = files
        .into_iter()
        .filter(|(path, t)| t.syntax == TemplateSyntax::Mason && file_name(path) == "autohandler")
        .map(|(path, _)| parent_dir(path))
        .collect();
    let under = |dir: &str, above: &str| {
        above.is_empty() || dir.strip_prefix(above).is_some_and(|r| r.starts_with('/'))
    };
    handlers
        .iter()
        .filter(|dir| {
            !handlers
                .iter()
                .any(|above| above != *dir && under(dir, above))
        })
        .map(|dir| {
            if dir.is_empty() {
                ".".to_string()
            } else {
                dir.to_string()
            }
        })
        .collect()
}

/// Directories two paths share from the root.
fn shared_dirs(a: &str, b: &str) -> usize {
    parent_dir(a)
        .split('/')
        .zip(parent_dir(b).split('/'))
        .take_while(|(x, y)| x == y && !x.is_empty())
        .count()
}

impl Templates {
    /// No templates yet; Mason components under `roots` will be named by component path.
    pub(crate) fn new(roots: &[String]) -> Templates {
        Templates {
            roots: roots.to_vec(),
            ..Templates::default()
        }
    }

    /// Adds a template file.
    pub(crate) fn add(&mut self, path: &str, template: &TemplateFacts) {
        if template.syntax == TemplateSyntax::TemplateToolkit {
            self.blocks.extend(template.defines.iter().cloned());
        }
        let inherits = template.syntax == TemplateSyntax::Mason && !template.no_inherit;
        self.paths.insert(path.to_string(), inherits);
        let name = template_node_name(path, template, &self.roots);
        if name != path {
            self.node_names.insert(path.to_string(), name);
        }
        let name = file_name(path);
        self.by_name
            .entry(name.to_string())
            .or_default()
            .push(path.to_string());
        let stem = name.split('.').next().unwrap_or(name);
        if stem != name {
            // the stem with the directories, so `loans/_row` finds `templates/loans/_row.html.ep`
            let dir = parent_dir(path);
            let key = if dir.is_empty() {
                stem.to_string()
            } else {
                format!("{dir}/{stem}")
            };
            self.by_stem
                .entry(file_name(&key).to_string())
                .or_default()
                .push(key);
        }
    }

    /// Whether some Template Toolkit template defines a `BLOCK` called `name`.
    pub(crate) fn is_block(&self, name: &str) -> bool {
        self.blocks.contains(name)
    }

    /// The node name of template file `path` (see [`template_node_name`]).
    pub(crate) fn node_name<'a>(&'a self, path: &'a str) -> &'a str {
        self.node_names.get(path).map_or(path, String::as_str)
    }

    /// The component roots.
    pub(crate) fn roots(&self) -> &[String] {
        &self.roots
    }

    /// Every template path, sorted.
    pub(crate) fn paths(&self) -> impl Iterator<Item = &String> {
        self.paths.keys()
    }

    /// The template file `name` means when `from` names it.
    pub(crate) fn resolve(&self, from: &str, name: &str) -> Option<&str> {
        let name = name.trim();
        if name.is_empty() || name.contains(['$', '\n']) {
            return None;
        }
        // relative to the referring file
        if !name.starts_with('/') {
            let joined = join(parent_dir(from), name)?;
            if let Some((path, _)) = self.paths.get_key_value(&joined) {
                return Some(path);
            }
        }
        let suffix = join("", name.trim_start_matches('/'))?;
        if suffix.is_empty() {
            return None;
        }
        let matches = |path: &str| path == suffix || path.ends_with(&format!("/{suffix}"));
        let by_name = self.by_name.get(file_name(&suffix)).into_iter().flatten();
        let best = self.best(from, by_name.filter(|p| matches(p)));
        if best.is_some() {
            return best;
        }
        // by stem (`loans/_row` → `templates/loans/_row.html.ep`): the stem key is the path
        // without the extensions
        let stems = self.by_stem.get(file_name(&suffix)).into_iter().flatten();
        let stem = self.best(from, stems.filter(|p| matches(p)))?;
        self.paths
            .range(format!("{stem}.")..)
            .map(|(path, _)| path.as_str())
            .find(|path| path.starts_with(&format!("{stem}.")))
    }

    fn best<'a>(
        &self,
        from: &str,
        candidates: impl Iterator<Item = &'a String>,
    ) -> Option<&'a str> {
        candidates
            .min_by(|a, b| {
                shared_dirs(b, from)
                    .cmp(&shared_dirs(a, from))
                    .then(a.len().cmp(&b.len()))
                    .then(a.cmp(b))
            })
            .map(String::as_str)
    }

    /// The autohandler that wraps Mason component `path` by default: the nearest `autohandler`
    /// in its directory or above (for an autohandler, above its own directory). `None` when the
    /// component has `inherit => undef` or is not a Mason component.
    pub(crate) fn mason_parent(&self, path: &str) -> Option<&str> {
        if !self.paths.get(path).copied().unwrap_or(false) {
            return None;
        }
        let mut dir = parent_dir(path);
        if file_name(path) == "autohandler" {
            if dir.is_empty() {
                return None;
            }
            dir = parent_dir(dir);
        }
        loop {
            let candidate = if dir.is_empty() {
                "autohandler".to_string()
            } else {
                format!("{dir}/autohandler")
            };
            if let Some((found, _)) = self.paths.get_key_value(&candidate) {
                if found != path {
                    return Some(found);
                }
            }
            if dir.is_empty() {
                return None;
            }
            dir = parent_dir(dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(paths: &[(&str, TemplateSyntax)]) -> Templates {
        let mut t = Templates::new(&["html".to_string()]);
        for (path, syntax) in paths {
            t.add(
                path,
                &TemplateFacts {
                    syntax: *syntax,
                    defines: Vec::new(),
                    no_inherit: false,
                },
            );
        }
        t
    }

    #[test]
    fn names_resolve_by_directory_suffix_and_stem() {
        use TemplateSyntax::*;
        let t = index(&[
            ("html/autohandler", Mason),
            ("html/Elements/Header", Mason),
            ("html/Ticket/Display.html", Mason),
            ("html/Ticket/autohandler", Mason),
            ("templates/loans/_row.html.ep", MojoEp),
            ("share/tt/header.tt", TemplateToolkit),
            ("other/tt/header.tt", TemplateToolkit),
        ]);
        let from = "html/Ticket/Display.html";
        assert_eq!(
            t.resolve(from, "/Elements/Header"),
            Some("html/Elements/Header")
        );
        assert_eq!(
            t.resolve(from, "../Elements/Header"),
            Some("html/Elements/Header")
        );
        assert_eq!(t.resolve(from, "/Nope"), None);
        assert_eq!(
            t.resolve("templates/x.html.ep", "loans/_row"),
            Some("templates/loans/_row.html.ep")
        );
        assert_eq!(
            t.resolve("share/tt/page.tt", "header.tt"),
            Some("share/tt/header.tt")
        );
        assert_eq!(
            t.resolve("other/tt/page.tt", "header.tt"),
            Some("other/tt/header.tt")
        );
        assert_eq!(
            t.resolve("lib/App.pm", "header.tt"),
            Some("other/tt/header.tt")
        );
        assert_eq!(t.mason_parent(from), Some("html/Ticket/autohandler"));
        assert_eq!(
            t.mason_parent("html/Ticket/autohandler"),
            Some("html/autohandler")
        );
        assert_eq!(t.mason_parent("html/autohandler"), None);
        assert_eq!(t.mason_parent("share/tt/header.tt"), None);
        // components under the root are named by their component path; the rest by file
        assert_eq!(t.node_name("html/Elements/Header"), "/Elements/Header");
        assert_eq!(t.node_name("html/autohandler"), "/autohandler");
        assert_eq!(t.node_name("share/tt/header.tt"), "share/tt/header.tt");
    }

    #[test]
    fn a_block_another_template_defines_is_not_a_missing_file() {
        let mut t = index(&[("UI/elements.html", TemplateSyntax::TemplateToolkit)]);
        t.add(
            "UI/lib/ui.html",
            &TemplateFacts {
                syntax: TemplateSyntax::TemplateToolkit,
                defines: vec!["input".to_string(), "button".to_string()],
                no_inherit: false,
            },
        );
        assert!(t.is_block("input"));
        assert!(!t.is_block("elements.html"));
        assert_eq!(t.resolve("UI/page.html", "input"), None, "not a file");
    }

    #[test]
    fn component_roots_are_the_top_most_autohandlers() {
        let mason = TemplateFacts {
            syntax: TemplateSyntax::Mason,
            defines: vec![],
            no_inherit: false,
        };
        let tt = TemplateFacts {
            syntax: TemplateSyntax::TemplateToolkit,
            ..mason.clone()
        };
        let files = [
            ("share/html/autohandler", &mason),
            ("share/html/Ticket/autohandler", &mason),
            ("share/html/Elements/Header", &mason),
            ("local/html/autohandler", &mason),
            ("share/htmlx/autohandler", &mason),
            ("tt/autohandler", &tt),
        ];
        assert_eq!(
            component_roots(files.iter().map(|(p, t)| (*p, *t))),
            ["local/html", "share/html", "share/htmlx"]
        );
        assert_eq!(
            component_roots([("autohandler", &mason), ("x/autohandler", &mason)]),
            ["."]
        );
        assert!(component_roots([("share/html/Elements/Header", &mason)]).is_empty());
    }
}
