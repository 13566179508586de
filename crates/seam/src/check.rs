//! `seam check` and `seam baseline`: the workspace of the codebase a `seam.toml` describes,
//! judged by its rules against a baseline file or a git revision.

use crate::git::{self, BaseMode};
use crate::{Error, Workspace};
use seam_graph::DepGraph;
use seam_perl::{DiagnosticKind, FileFacts};
use seam_rules::{Baseline, CheckMode, CheckReport, Config, Date, Finding, ModuleMap, Status};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// How to run a check.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Compare with the violations at this git revision instead of the baseline file.
    pub base: Option<String>,
    /// Which commit of `base` to compare with: the merge base with HEAD, or its tip.
    pub base_mode: BaseMode,
    /// The baseline file, instead of the one seam.toml names.
    pub baseline: Option<PathBuf>,
    /// The date `expires` is compared with.
    pub today: Date,
}

/// Finds and loads the seam.toml for `start` (it or the nearest directory above), or `explicit`.
pub fn load_config(start: &Path, explicit: Option<&Path>) -> Result<Config, Error> {
    if let Err(source) = std::fs::metadata(start) {
        return Err(Error::Root {
            path: start.to_path_buf(),
            source,
        });
    }
    let path = match explicit {
        Some(path) => path.to_path_buf(),
        None => seam_rules::config::discover(start).ok_or_else(|| Error::NoConfig {
            start: start.to_path_buf(),
        })?,
    };
    Ok(Config::load(&path)?)
}

/// A check of no file at all must not pass.
fn not_empty(config: &Config, facts: &[FileFacts]) -> Result<(), Error> {
    match facts.is_empty() {
        true => Err(Error::NothingToCheck {
            root: config.root(),
        }),
        false => Ok(()),
    }
}

/// A baseline written while a file (or directory) could not be read would miss its violations:
/// `seam baseline` refuses. (`seam check` reports such files as `unreadable` findings.)
fn refuse_unchecked(facts: &[FileFacts]) -> Result<(), Error> {
    let unreadable = facts.iter().find_map(|f| {
        f.diagnostics
            .iter()
            .find(|d| {
                matches!(
                    d.kind,
                    DiagnosticKind::ReadError
                        | DiagnosticKind::SkippedTooLarge
                        | DiagnosticKind::SkippedBinary
                )
            })
            .map(|d| (f.path.clone(), d.message.clone()))
    });
    match unreadable {
        Some((file, message)) => Err(Error::Unreadable { file, message }),
        None => Ok(()),
    }
}

impl Workspace {
    /// seam.toml and its modules on this workspace; a check without them judges nothing.
    fn rules(&self) -> Result<(&Config, &ModuleMap), Error> {
        match (self.config(), self.module_map()) {
            (Some(config), Some(map)) => Ok((config, map)),
            _ => Err(Error::NoConfig {
                start: self.root().to_path_buf(),
            }),
        }
    }

    /// The rules' findings on today's code.
    pub(crate) fn current_findings(&self) -> Result<Vec<Finding>, Error> {
        let (config, map) = self.rules()?;
        Ok(seam_rules::findings(
            config,
            self.graph(),
            self.data(),
            map,
            self.facts(),
        ))
    }

    /// The module a package belongs to today (for matching code moved inside a module).
    fn module_of_package(&self, package: &str) -> Option<String> {
        let map = self.module_map()?;
        let node = self.graph().index_of(package)?;
        map.module_of(node).map(|m| map.name(m).to_string())
    }

    /// The baseline file, read (none when there is no file), with version 1 cycle entries mapped
    /// to module pairs; and a note when it is in the old format.
    fn baseline(&self, path: &Path) -> Result<(Option<Baseline>, Option<String>), Error> {
        let Some(mut baseline) = load_baseline(path)? else {
            return Ok((None, None));
        };
        let note = (baseline.version == 1).then(|| {
            format!(
                "{} is a version 1 baseline (keyed by file): it is read as before, each entry \
                 tolerating any number of occurrences and each cycle entry its whole cycle; \
                 `seam baseline --prune` rewrites it as version 2, which counts occurrences, keys \
                 cycles by module pair and survives file renames",
                path.display()
            )
        });
        baseline.upgrade_cycles(&|p| self.module_of_package(p));
        Ok((Some(baseline), note))
    }

    /// Runs the check: seam.toml's rules on the workspace, against the baseline or `--base`.
    pub fn check(&self, options: &CheckOptions) -> Result<CheckReport, Error> {
        self.check_prepared(options, PreparedBase(None))
    }

    /// Opens the workspace for `seam check` (as [`Workspace::open`]) and, with `options.base`,
    /// reads and judges the base revision while today's graph is resolved; then
    /// [`Workspace::check_prepared`] gives the same report as [`Workspace::check`].
    pub fn open_for_check(
        root: &Path,
        config: Option<Config>,
        cli: &crate::Overrides,
        progress: &(dyn Fn(usize, usize) + Sync),
        options: &CheckOptions,
    ) -> Result<(Workspace, PreparedBase), Error> {
        Workspace::open_alongside(root, config, cli, progress, |merged, config, facts| {
            let (Some(rev), Some(config)) = (&options.base, config) else {
                return PreparedBase(None);
            };
            let read = BaseRead::new(root, rev, options.base_mode, merged, facts);
            PreparedBase(Some(read.map(|read| {
                let resolve_options = merged.resolve_options();
                match seam_graph::Changes::new(facts, &read.facts, &read.changed, &resolve_options)
                {
                    // today's graph, once resolved, gives the base's for a few files' work
                    Some(changes) => Prepared::Read(read, changes),
                    None => {
                        let (graph, _) = seam_graph::resolve(&read.facts, &resolve_options);
                        Prepared::Judged(read.judge(graph, merged, config))
                    }
                }
            })))
        })
    }

    /// [`Workspace::check`] with the base revision's side already prepared (by
    /// [`Workspace::open_for_check`] with the same options).
    pub fn check_prepared(
        &self,
        options: &CheckOptions,
        prepared: PreparedBase,
    ) -> Result<CheckReport, Error> {
        let (config, _) = self.rules()?;
        not_empty(config, self.facts())?;
        let root = self.root();
        let module_of = |package: &str| self.module_of_package(package);
        let mut notes = Vec::new();
        let path = baseline_path(config, options);
        let (baseline, note) = self.baseline(&path)?;
        notes.extend(note);
        // the base side (resolving the base from today's graph, judging it) beside today's rules
        let (current, base_side) = std::thread::scope(|scope| {
            let base_side = options
                .base
                .as_deref()
                .map(|rev| scope.spawn(move || self.base_side(rev, options, prepared)));
            let current = self.current_findings();
            let base_side = base_side.map(|side| {
                side.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            });
            (current, base_side)
        });
        let current = current?;
        let baseline = baseline.map(|mut b| {
            b.accept_version_1_cycles(&current);
            b
        });
        let (mode, mut findings, fixed) = match &options.base {
            Some(rev) => {
                let BaseSide {
                    commit,
                    facts: base_facts,
                    findings: base,
                    edges: base_edges,
                    change,
                } = base_side.expect("computed when there is a base")?;
                let (mut findings, fixed) =
                    seam_rules::against_base(current, &base, &base_edges, &change);
                findings.extend(seam_rules::unreadable(
                    config,
                    self.facts(),
                    Some(&base_facts),
                ));
                // a change that leaves baseline entries stale would pass here and fail on the
                // main branch after merging: say so now
                if let Some(baseline) = &baseline {
                    findings.extend(seam_rules::baseline::stale_entries(
                        &findings,
                        baseline,
                        config.check().stale_baseline,
                        &module_of,
                    ));
                }
                let mode = CheckMode::Base {
                    rev: rev.clone(),
                    commit,
                };
                (mode, findings, fixed)
            }
            None => {
                let mut findings = seam_rules::against_baseline(
                    current,
                    baseline.as_ref(),
                    config,
                    options.today,
                    &module_of,
                );
                findings.extend(seam_rules::unreadable(config, self.facts(), None));
                let mode = CheckMode::Baseline {
                    file: baseline.map(|_| path.display().to_string()),
                };
                (mode, findings, Vec::new())
            }
        };
        seam_rules::sort_findings(&mut findings);
        let findings = with_source_lines(root, findings);
        let mut report = seam_rules::report(
            config,
            root.display().to_string(),
            config.path.display().to_string(),
            mode,
            findings,
            fixed,
            self.facts().len(),
        );
        report.notes = notes;
        Ok(report)
    }

    /// Writes the baseline: every current violation (keeping `reason`, `owner`, `expires` of
    /// entries that remain), or with `prune` only removes the entries that are fixed.
    pub fn write_baseline(
        &self,
        options: &CheckOptions,
        prune: bool,
    ) -> Result<BaselineUpdate, Error> {
        let (config, _) = self.rules()?;
        let path = baseline_path(config, options);
        let (previous, _) = self.baseline(&path)?;
        if prune && previous.is_none() {
            return Err(Error::NothingToPrune { path });
        }
        not_empty(config, self.facts())?;
        refuse_unchecked(self.facts())?;
        let findings = self.current_findings()?;
        let previous = previous.map(|mut b| {
            b.accept_version_1_cycles(&findings);
            b
        });
        let next = match &previous {
            Some(previous) if prune => previous.pruned(&findings),
            _ => Baseline::from_findings(&findings, previous.as_ref()),
        };
        let before: Vec<_> = previous
            .iter()
            .flat_map(|b| b.entries.iter().map(|e| &e.key))
            .collect();
        let after: Vec<_> = next.entries.iter().map(|e| &e.key).collect();
        let update = BaselineUpdate {
            path: path.clone(),
            before: before.len(),
            after: after.len(),
            added: after.iter().filter(|k| !before.contains(k)).count(),
            removed: before.iter().filter(|k| !after.contains(k)).count(),
        };
        write_atomically(&path, next.render().as_bytes())?;
        Ok(update)
    }
}

/// The base revision's side of `seam check --base`, prepared while today's graph is resolved
/// (see [`Workspace::open_for_check`]); `None` when there is none to prepare, or it is computed
/// by the check itself. An error (a failed git call) is reported where the check would meet it.
#[derive(Debug)]
pub struct PreparedBase(Option<Result<Prepared, Error>>);

/// How far the base side got beside today's resolution.
#[derive(Debug)]
enum Prepared {
    /// Read, and its resolution index is today's: its graph is today's with the changed files'
    /// contributions replaced ([`seam_graph::Changes`]), once today's graph is there.
    Read(BaseRead, seam_graph::Changes),
    /// Read, resolved in full and judged.
    Judged(BaseSide),
}

impl Workspace {
    /// The base side of `--base`: as prepared, or read now; resolved from today's graph when
    /// the change leaves the resolution index as it was, else in full.
    fn base_side(
        &self,
        rev: &str,
        options: &CheckOptions,
        prepared: PreparedBase,
    ) -> Result<BaseSide, Error> {
        let (config, _) = self.rules()?;
        let resolve_options = self.options().resolve_options();
        let (read, changes) = match prepared.0 {
            Some(prepared) => match prepared? {
                Prepared::Judged(side) => return Ok(side),
                Prepared::Read(read, changes) => (read, Some(changes)),
            },
            None => {
                let read = BaseRead::new(
                    self.root(),
                    rev,
                    options.base_mode,
                    self.options(),
                    self.facts(),
                )?;
                let changes = seam_graph::Changes::new(
                    self.facts(),
                    &read.facts,
                    &read.changed,
                    &resolve_options,
                );
                (read, changes)
            }
        };
        // debug builds only: a test compares the shortcut with the full resolution
        #[cfg(debug_assertions)]
        let changes = changes.filter(|_| std::env::var_os("SEAM_TEST_FULL_BASE").is_none());
        let graph = changes
            .and_then(|changes| changes.apply(self.graph()))
            .unwrap_or_else(|| seam_graph::resolve(&read.facts, &resolve_options).0);
        Ok(read.judge(graph, self.options(), config))
    }
}

/// The base revision read from git, not yet resolved.
#[derive(Debug)]
struct BaseRead {
    commit: String,
    /// Its facts: today's for the files the change left alone.
    facts: Vec<FileFacts>,
    /// The paths whose facts differ from today's (read from git).
    changed: BTreeSet<String>,
    change: seam_rules::Change,
}

impl BaseRead {
    /// Reads the base commit of `rev` (today's facts reused for files the change left alone).
    fn new(
        root: &Path,
        rev: &str,
        mode: BaseMode,
        options: &crate::Options,
        current: &[FileFacts],
    ) -> Result<BaseRead, Error> {
        let commit = git::base_commit(root, rev, mode)?;
        let (facts, changed) =
            git::facts_and_changes_at_revision(root, &commit, current, &options.facts)?;
        let change = git::change_since(root, &commit)?;
        Ok(BaseRead {
            commit,
            facts,
            changed,
            change,
        })
    }

    /// Judges the base revision, its `graph` resolved, with today's options and seam.toml.
    fn judge(self, graph: DepGraph, options: &crate::Options, config: &Config) -> BaseSide {
        let resolve_options = options.resolve_options();
        let facts = self.facts;
        let data = seam_graph::resolve_data(&facts, &graph, &resolve_options, &[].into());
        let map = ModuleMap::new(config, &graph);
        let findings = seam_rules::findings(config, &graph, &data, &map, &facts);
        let edges = seam_rules::module_edges(config, &graph, &map);
        BaseSide {
            commit: self.commit,
            facts,
            findings,
            edges,
            change: self.change,
        }
    }
}

/// What `--base` compares with: the base commit's violations and module edges, its facts (for
/// files that parse worse now) and the lines the change adds.
#[derive(Debug)]
struct BaseSide {
    commit: String,
    facts: Vec<FileFacts>,
    findings: Vec<Finding>,
    edges: seam_rules::ModuleEdges,
    change: seam_rules::Change,
}

fn load_baseline(path: &Path) -> Result<Option<Baseline>, Error> {
    match path.exists() {
        true => Ok(Some(Baseline::load(path)?)),
        false => Ok(None),
    }
}

fn baseline_path(config: &Config, options: &CheckOptions) -> PathBuf {
    options
        .baseline
        .clone()
        .unwrap_or_else(|| config.baseline_path())
}

/// What `seam baseline` did.
#[derive(Debug, Clone)]
pub struct BaselineUpdate {
    /// The file written.
    pub path: PathBuf,
    /// Entries before.
    pub before: usize,
    /// Entries after.
    pub after: usize,
    /// Entries added.
    pub added: usize,
    /// Entries removed.
    pub removed: usize,
}

/// Writes `bytes` to `path` through a temporary file and a rename: a reader never sees half. A
/// symbolic link is followed (the file it points to is replaced) and the file's permissions are
/// kept.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    use std::io::Write;
    let failed = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let permissions = match std::fs::metadata(&target) {
        Ok(metadata) => Some(metadata.permissions()),
        Err(_) => new_file_permissions(),
    };
    let mut temporary = tempfile::Builder::new()
        .prefix(".seam-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(failed)?;
    temporary
        .write_all(bytes)
        .and_then(|()| match permissions {
            Some(permissions) => temporary.as_file().set_permissions(permissions),
            None => Ok(()),
        })
        .map_err(failed)?;
    // dropping a temporary file that was not persisted removes it
    temporary
        .persist(&target)
        .map(|_| ())
        .map_err(|e| failed(e.error))
}

/// What a new file gets: read-write for the owner, readable for the rest (as `std::fs::write`
/// with the usual umask; tempfile's own files are owner-only).
fn new_file_permissions() -> Option<std::fs::Permissions> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(std::fs::Permissions::from_mode(0o644))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// Adds the source line and the column of the referenced name to the findings a person sees.
fn with_source_lines(root: &Path, mut findings: Vec<Finding>) -> Vec<Finding> {
    let mut files: HashMap<String, Option<Vec<String>>> = HashMap::new();
    for finding in findings
        .iter_mut()
        .filter(|f| f.status == Status::New && f.line > 0)
    {
        let lines = files.entry(finding.file.clone()).or_insert_with(|| {
            std::fs::read(root.join(&finding.file)).ok().map(|bytes| {
                String::from_utf8_lossy(&bytes)
                    .lines()
                    .map(str::to_string)
                    .collect()
            })
        });
        let Some(text) = lines
            .as_ref()
            .and_then(|l| l.get(finding.line as usize - 1))
        else {
            continue;
        };
        finding.column = column_of(finding, text);
        finding.source = Some(text.clone());
    }
    findings
}

/// Where the referenced name appears in the line: the symbol, else the package, else its last
/// segment (1-based, in characters).
fn column_of(finding: &Finding, text: &str) -> Option<u32> {
    let symbol = finding
        .symbol
        .as_deref()
        .map(|s| s.trim_start_matches(['$', '@', '%', '&']));
    let last_segment = finding.to.rsplit("::").next().unwrap_or_default();
    let candidates = [
        symbol.map(|s| format!("{}::{s}", finding.to)),
        Some(finding.to.clone()),
        symbol.map(str::to_string),
        Some(last_segment.to_string()),
    ];
    candidates
        .into_iter()
        .flatten()
        .filter(|c| !c.is_empty())
        .find_map(|c| text.find(&c))
        .map(|at| text[..at].chars().count() as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    const CONFIG: &str = r#"
[[module]]
name = "billing"
packages = ["App::Billing", "App::Billing::**"]
depends_on = []

[[module]]
name = "catalog"
packages = ["App::Catalog", "App::Catalog::**"]
depends_on = []
"#;

    fn write(root: &Path, path: &str, text: &str) {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn git(root: &Path, args: &[&str]) {
        let status = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(["-c", "user.name=t", "-c", "user.email=t@example.invalid"])
            .args(args)
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    }

    #[test]
    fn the_base_prepared_while_opening_gives_the_report_the_check_computes_itself() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "seam.toml", CONFIG);
        write(
            root,
            "lib/App/Billing/Invoice.pm",
            "package App::Billing::Invoice;\nuse App::Catalog::Item;\n1;\n",
        );
        write(
            root,
            "lib/App/Catalog/Item.pm",
            "package App::Catalog::Item;\nsub price { 1 }\n1;\n",
        );
        write(
            root,
            "lib/App/Catalog/Shelf.pm",
            "package App::Catalog::Shelf;\n1;\n",
        );
        git(root, &["init", "-q"]);
        git(root, &["add", "-A"]);
        git(root, &["commit", "-q", "-m", "base"]);
        // the change adds a violation; the one in Invoice.pm was there at the base
        write(
            root,
            "lib/App/Catalog/Shelf.pm",
            "package App::Catalog::Shelf;\nuse App::Billing::Invoice;\n1;\n",
        );
        let options = CheckOptions {
            base: Some("HEAD".into()),
            base_mode: BaseMode::MergeBase,
            baseline: None,
            today: Date::today(),
        };
        let config = || load_config(root, None).unwrap();
        let cli = crate::Overrides::default();
        let (opened, prepared) =
            Workspace::open_for_check(root, Some(config()), &cli, &|_, _| {}, &options).unwrap();
        let prepared = opened.check_prepared(&options, prepared).unwrap();
        let itself = Workspace::open(root, Some(config()), &cli, &|_, _| {})
            .unwrap()
            .check(&options)
            .unwrap();
        assert_eq!(prepared, itself);
        let new: Vec<&str> = prepared
            .findings
            .iter()
            .filter(|f| f.status == Status::New)
            .map(|f| f.file.as_str())
            .collect();
        // the new edge (and the cycle it closes), not the one that was there at the base
        assert!(!new.is_empty(), "{prepared:#?}");
        assert!(
            new.iter().all(|f| *f == "lib/App/Catalog/Shelf.pm"),
            "{prepared:#?}"
        );
        assert!(!prepared.passed);
    }
}
