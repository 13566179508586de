//! `seam check` and `seam baseline`: the workspace of the codebase a `seam.toml` describes,
//! judged by its rules against a baseline file or a git revision.

use crate::git::{self, BaseMode};
use crate::{Error, Workspace};
use seam_perl::{DiagnosticKind, FileFacts};
use seam_rules::{Baseline, CheckMode, CheckReport, Config, Date, Finding, ModuleMap, Status};
use std::collections::HashMap;
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
        let (config, _) = self.rules()?;
        not_empty(config, self.facts())?;
        let root = self.root();
        let module_of = |package: &str| self.module_of_package(package);
        let mut notes = Vec::new();
        let path = baseline_path(config, options);
        let (baseline, note) = self.baseline(&path)?;
        notes.extend(note);
        let current = self.current_findings()?;
        let baseline = baseline.map(|mut b| {
            b.accept_version_1_cycles(&current);
            b
        });
        let (mode, mut findings, fixed) = match &options.base {
            Some(rev) => {
                let commit = git::base_commit(root, rev, options.base_mode)?;
                let base_facts =
                    git::facts_at_revision(root, &commit, self.facts(), &self.options().facts)?;
                let change = git::change_since(root, &commit)?;
                let resolve_options = self.options().resolve_options();
                let (base_graph, _) = seam_graph::resolve(&base_facts, &resolve_options);
                let base_data = seam_graph::resolve_data(
                    &base_facts,
                    &base_graph,
                    &resolve_options,
                    &[].into(),
                );
                let base_map = ModuleMap::new(config, &base_graph);
                let base =
                    seam_rules::findings(config, &base_graph, &base_data, &base_map, &base_facts);
                let base_edges = seam_rules::module_edges(config, &base_graph, &base_map);
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
