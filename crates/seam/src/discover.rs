//! Finding the Perl files under a root: `.gitignore`-aware, vendored directories excluded.

use crate::Error;
use globset::{Glob, GlobSet, GlobSetBuilder};
use ignore::WalkBuilder;
use seam_perl::files::{classify_name, is_perl_shebang, worth_probing, NameVerdict};
use seam_template::{name_hint, sniff, NameHint, TemplateSyntax, SNIFF_BYTES};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// Directories where vendored or built code lives; skipped unless the user says otherwise
/// (`--no-default-excludes`), together with every hidden directory (`.github/cpm/...`, `.carton`)
/// and every `lib/perl5` tree (a local::lib install): see [`is_vendored_dir`].
pub const DEFAULT_EXCLUDED_DIRS: &[&str] = &[
    "local",
    "blib",
    "extlib",
    "inc",
    "fatlib",
    "vendor",
    "_build",
    "node_modules",
];

/// Whether a directory named `name` inside a directory named `parent` holds vendored or built
/// code that no command reads by default: a [`DEFAULT_EXCLUDED_DIRS`] name, a hidden directory,
/// or `perl5` under `lib` (`lib/perl5/`, where cpanm, cpm and carton install CPAN modules).
pub fn is_vendored_dir(name: &str, parent: &str) -> bool {
    DEFAULT_EXCLUDED_DIRS.contains(&name)
        || (name.starts_with('.') && name.len() > 1)
        || (name == "perl5" && parent == "lib")
}

/// How to walk a codebase.
#[derive(Debug, Clone)]
pub struct DiscoverOptions {
    /// Skip [`DEFAULT_EXCLUDED_DIRS`].
    pub default_excludes: bool,
    /// Extra excludes: globs matched against root-relative paths (`t/**`, `**/*.t`), or plain
    /// directory names (`vendor`).
    pub excludes: Vec<String>,
    /// Follow symbolic links (off by default: links can loop).
    pub follow_symlinks: bool,
    /// Honour `.gitignore`, `.ignore` and git's exclude files.
    pub respect_gitignore: bool,
    /// Component roots (relative directories): under them, `% ` lines and `<% %>` alone make
    /// an extension-less or `.html` file a Mason component. Elsewhere a block tag (`<%init>`,
    /// `<%args>`...) or a `<& &>` call is needed.
    pub template_roots: Vec<String>,
}

impl Default for DiscoverOptions {
    fn default() -> Self {
        DiscoverOptions {
            default_excludes: true,
            excludes: Vec::new(),
            follow_symlinks: false,
            respect_gitignore: true,
            template_roots: Vec::new(),
        }
    }
}

/// A Perl file found under the root.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SourceFile {
    /// Path relative to the root, `/`-separated (what every output shows).
    pub relative: String,
    /// Path to open.
    pub absolute: PathBuf,
}

/// The user's excludes: globs over relative paths, and plain directory names.
fn exclude_set(options: &DiscoverOptions) -> Result<(GlobSet, Vec<String>), Error> {
    let mut globs = GlobSetBuilder::new();
    let mut names: Vec<String> = vec![".git".to_string()];
    for pattern in &options.excludes {
        let pattern = pattern.trim_end_matches('/');
        if pattern.contains(['*', '?', '[', '/']) {
            let glob = Glob::new(pattern).map_err(|e| Error::BadExclude {
                pattern: pattern.to_string(),
                reason: e.kind().to_string(),
            })?;
            globs.add(glob);
        } else {
            names.push(pattern.to_string());
        }
    }
    let set = globs.build().map_err(|e| Error::BadExclude {
        pattern: options.excludes.join(", "),
        reason: e.to_string(),
    })?;
    Ok((set, names))
}

/// Lists the Perl files under `root`, sorted by relative path (directories that cannot be listed
/// are left out: [`discover_all`] names them).
pub fn discover(root: &Path, options: &DiscoverOptions) -> Result<Vec<SourceFile>, Error> {
    discover_all(root, options).map(|found| found.files)
}

/// What a walk found: the Perl files, and the directories (and files) it could not read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Discovered {
    /// Perl files, sorted by relative path.
    pub files: Vec<SourceFile>,
    /// SQL files (`*.sql`): where the schema's tables are defined. Sorted.
    pub sql_files: Vec<SourceFile>,
    /// Template and component files with their syntax ([`template_syntax`]). Sorted.
    pub template_files: Vec<(SourceFile, TemplateSyntax)>,
    /// Paths relative to the root (`/`-separated, a directory with a trailing `/`) the walk could
    /// not read, with why: their files were never seen. Sorted.
    pub unreadable: Vec<(String, String)>,
    /// Vendored directories skipped by default ([`is_vendored_dir`]), relative to the root with a
    /// trailing `/` (the outermost only). Sorted.
    pub skipped: Vec<String>,
}

/// Lists the Perl files under `root` and the paths the walk could not read.
pub fn discover_all(root: &Path, options: &DiscoverOptions) -> Result<Discovered, Error> {
    let metadata = std::fs::metadata(root).map_err(|source| Error::Root {
        path: root.to_path_buf(),
        source,
    })?;
    if !metadata.is_dir() {
        return Err(Error::RootNotDirectory(root.to_path_buf()));
    }
    let (globs, names) = exclude_set(options)?;
    let walk_root = root.to_path_buf();
    let default_excludes = options.default_excludes;
    let skipped = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let skipped_in_walk = skipped.clone();
    let mut builder = WalkBuilder::new(root);
    builder
        .hidden(false)
        .follow_links(options.follow_symlinks)
        .git_ignore(options.respect_gitignore)
        .git_exclude(options.respect_gitignore)
        .git_global(options.respect_gitignore)
        .ignore(options.respect_gitignore)
        .parents(options.respect_gitignore)
        .sort_by_file_path(|a, b| a.cmp(b))
        .filter_entry(move |entry| {
            let relative = entry
                .path()
                .strip_prefix(&walk_root)
                .unwrap_or(entry.path());
            if relative.as_os_str().is_empty() {
                return true;
            }
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            let name = entry.file_name().to_string_lossy();
            let excluded_dir = is_dir && names.iter().any(|n| *n == name);
            if excluded_dir || globs.is_match(relative) {
                return false;
            }
            let parent = relative
                .parent()
                .and_then(|p| p.file_name())
                .map(|p| p.to_string_lossy())
                .unwrap_or_default();
            if is_dir && default_excludes && is_vendored_dir(&name, &parent) {
                if let Ok(mut skipped) = skipped_in_walk.lock() {
                    skipped.push(format!("{}/", relative_path(Path::new(""), relative)));
                }
                return false;
            }
            true
        });
    let mut files = Vec::new();
    let mut sql_files = Vec::new();
    let mut template_files = Vec::new();
    let mut unreadable = Vec::new();
    for entry in builder.build() {
        // an unreadable directory is recorded and the walk goes on: a check must not pass on
        // files it never saw
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error_path(&error).map_or_else(
                    || ".".to_string(),
                    |p| {
                        let relative = relative_path(root, p);
                        match p.is_dir() {
                            true => format!("{relative}/"),
                            false => relative,
                        }
                    },
                );
                unreadable.push((path, io_message(&error)));
                continue;
            }
        };
        let Some(file_type) = entry.file_type() else {
            continue;
        };
        if !file_type.is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if name.to_ascii_lowercase().ends_with(".sql") {
            sql_files.push(SourceFile {
                relative: relative_path(root, entry.path()),
                absolute: entry.into_path(),
            });
            continue;
        }
        let is_perl = match classify_name(&name) {
            NameVerdict::Perl => true,
            NameVerdict::NotPerl => false,
            NameVerdict::CheckShebang => has_perl_shebang(entry.path()),
        };
        if !is_perl {
            let relative = relative_path(root, entry.path());
            let syntax = match name_hint(&name) {
                NameHint::Syntax(syntax) => Some(syntax),
                NameHint::No => None,
                NameHint::Sniff => read_head(entry.path())
                    .and_then(|head| template_syntax(&relative, &head, &options.template_roots)),
            };
            if let Some(syntax) = syntax {
                let file = SourceFile {
                    relative,
                    absolute: entry.into_path(),
                };
                template_files.push((file, syntax));
            }
            continue;
        }
        let relative = relative_path(root, entry.path());
        files.push(SourceFile {
            relative,
            absolute: entry.into_path(),
        });
    }
    files.sort();
    sql_files.sort();
    template_files.sort();
    unreadable.sort();
    unreadable.dedup();
    let mut skipped = skipped.lock().map(|s| s.clone()).unwrap_or_default();
    skipped.sort();
    remove_after_walk_for_tests(root);
    Ok(Discovered {
        files,
        sql_files,
        template_files,
        unreadable,
        skipped,
    })
}

/// Debug builds only (the tests run them): `SEAM_TEST_REMOVE_AFTER_WALK=RELATIVE` removes that
/// file after the walk listed it and before it is read — a file deleted while seam runs, made
/// deterministic for `tests/hostile_scale.rs`. Release builds have no such hook.
#[cfg(debug_assertions)]
fn remove_after_walk_for_tests(root: &Path) {
    if let Some(relative) = std::env::var_os("SEAM_TEST_REMOVE_AFTER_WALK") {
        // a test hook: what it could not remove, the test itself notices
        let _ = std::fs::remove_file(root.join(relative));
    }
}

#[cfg(not(debug_assertions))]
fn remove_after_walk_for_tests(_root: &Path) {}

/// `path` relative to `root`, `/`-separated.
fn relative_path(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The path a walk error is about, when it names one.
fn error_path(error: &ignore::Error) -> Option<&Path> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child),
        _ => None,
    }
}

/// The innermost message of a walk error (`Permission denied (os error 13)`).
fn io_message(error: &ignore::Error) -> String {
    match error {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => io_message(err),
        other => other.to_string(),
    }
}

/// The discovery rules for files that are not on disk (a file at another git revision): the same
/// excludes and Perl detection, without `.gitignore` (git already tracks the file).
pub(crate) struct PathFilter {
    globs: GlobSet,
    names: Vec<String>,
    default_excludes: bool,
    template_roots: Vec<String>,
}

impl PathFilter {
    pub(crate) fn new(options: &DiscoverOptions) -> Result<PathFilter, Error> {
        let (globs, names) = exclude_set(options)?;
        Ok(PathFilter {
            globs,
            names,
            default_excludes: options.default_excludes,
            template_roots: options.template_roots.clone(),
        })
    }

    /// Whether `relative` (with these bytes) would be discovered.
    pub(crate) fn accepts(&self, relative: &str, bytes: &[u8]) -> bool {
        self.by_path(relative).unwrap_or_else(|| {
            let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
            is_perl_shebang(first) || self.template(relative, bytes).is_some()
        })
    }

    /// How a file at another revision is read: `None` for Perl (by name or shebang), else its
    /// template syntax.
    pub(crate) fn template_of_blob(&self, relative: &str, bytes: &[u8]) -> Option<TemplateSyntax> {
        let name = relative.rsplit('/').next().unwrap_or(relative);
        let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
        match classify_name(name) {
            NameVerdict::Perl => None,
            NameVerdict::CheckShebang if is_perl_shebang(first) => None,
            _ => self.template(relative, bytes),
        }
    }

    /// The template syntax of a file at another revision that is not Perl.
    pub(crate) fn template(&self, relative: &str, bytes: &[u8]) -> Option<TemplateSyntax> {
        let name = relative.rsplit('/').next().unwrap_or(relative);
        match name_hint(name) {
            NameHint::Syntax(syntax) => Some(syntax),
            NameHint::No => None,
            NameHint::Sniff => template_syntax(relative, bytes, &self.template_roots),
        }
    }

    /// Whether `relative` would be discovered, when its path alone says (`None`: its first line
    /// decides), so that files which cannot be Perl need not be read.
    pub(crate) fn by_path(&self, relative: &str) -> Option<bool> {
        let parts: Vec<&str> = relative.split('/').collect();
        let (name, dirs) = parts.split_last().unwrap_or((&"", &[]));
        if dirs.iter().any(|d| self.names.iter().any(|n| n == d)) {
            return Some(false);
        }
        let vendored = dirs.iter().enumerate().any(|(i, d)| {
            let parent = if i == 0 { "" } else { dirs[i - 1] };
            is_vendored_dir(d, parent)
        });
        if self.default_excludes && vendored {
            return Some(false);
        }
        let mut prefix = String::new();
        for part in &parts {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(part);
            if self.globs.is_match(&prefix) {
                return Some(false);
            }
        }
        match classify_name(name) {
            NameVerdict::Perl => Some(true),
            // a template's name may need its bytes too
            NameVerdict::NotPerl if name_hint(name) == NameHint::No => Some(false),
            NameVerdict::NotPerl | NameVerdict::CheckShebang => None,
        }
    }
}

/// Whether a file whose name left it open (extension-less, `.html`...) is a template, from its
/// first [`SNIFF_BYTES`] bytes: loosely under a component root (`roots`), strictly elsewhere.
pub fn template_syntax(relative: &str, head: &[u8], roots: &[String]) -> Option<TemplateSyntax> {
    let under_root = roots.iter().any(|root| {
        let root = root.trim_end_matches('/');
        root.is_empty() || root == "." || relative.starts_with(&format!("{root}/"))
    });
    sniff(&head[..head.len().min(SNIFF_BYTES)], under_root)
}

/// The first [`SNIFF_BYTES`] bytes of a file (`None`: unreadable or too large to be a template).
fn read_head(path: &Path) -> Option<Vec<u8>> {
    let metadata = std::fs::metadata(path).ok()?;
    if !worth_probing(metadata.len()) {
        return None;
    }
    let file = std::fs::File::open(path).ok()?;
    let mut head = Vec::new();
    file.take(SNIFF_BYTES as u64).read_to_end(&mut head).ok()?;
    Some(head)
}

fn has_perl_shebang(path: &Path) -> bool {
    let Ok(metadata) = std::fs::metadata(path) else {
        return false;
    };
    if !worth_probing(metadata.len()) {
        return false;
    }
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut first = Vec::new();
    let mut reader = BufReader::new(file).take(4096);
    reader.read_until(b'\n', &mut first).is_ok() && is_perl_shebang(&first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn finds_perl_and_skips_vendored_and_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (path, body) in [
            ("lib/App/Foo.pm", "package App::Foo;\n"),
            ("bin/tool", "#!/usr/bin/env perl\n"),
            ("bin/shell", "#!/bin/sh\n"),
            ("local/lib/Vendored.pm", "package Vendored;\n"),
            ("t/basic.t", "use Test::More;\n"),
            ("ignored/Gen.pm", "package Gen;\n"),
            ("README.md", "# readme\n"),
        ] {
            fs::create_dir_all(root.join(path).parent().unwrap()).unwrap();
            fs::write(root.join(path), body).unwrap();
        }
        fs::write(root.join(".gitignore"), "ignored/\n").unwrap();
        fs::create_dir(root.join(".git")).unwrap();
        let found: Vec<String> = discover(root, &DiscoverOptions::default())
            .unwrap()
            .into_iter()
            .map(|f| f.relative)
            .collect();
        assert_eq!(found, ["bin/tool", "lib/App/Foo.pm", "t/basic.t"]);

        let options = DiscoverOptions {
            default_excludes: false,
            excludes: vec!["t/**".into()],
            ..Default::default()
        };
        let found: Vec<String> = discover(root, &options)
            .unwrap()
            .into_iter()
            .map(|f| f.relative)
            .collect();
        assert_eq!(
            found,
            ["bin/tool", "lib/App/Foo.pm", "local/lib/Vendored.pm"]
        );
    }
}
