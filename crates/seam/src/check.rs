//! `seam check` and `seam baseline`: the workspace of the codebase a `seam.toml` describes,
//! judged by its rules against a baseline file or a git revision.

use crate::{git, Error, Workspace};
use seam_perl::{DiagnosticKind, FileFacts};
use seam_rules::{
    Baseline, CheckMode, CheckReport, Config, Date, Finding, ModuleMap, PreferredCuts, Status,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// How to run a check.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Compare with the violations at this git revision instead of the baseline file.
    pub base: Option<String>,
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

/// Facts a check can judge: some, and all of them read and parsed.
fn checkable(config: &Config, facts: &[FileFacts]) -> Result<(), Error> {
    if facts.is_empty() {
        return Err(Error::NothingToCheck {
            root: config.root(),
        });
    }
    refuse_unchecked(facts)
}

/// Which cycle cuts to prefer (see [`seam_rules::PreferredCuts`]).
enum Prefer<'a> {
    Nothing,
    Baseline(&'a Baseline),
    Cuts(PreferredCuts),
}

/// The rules' findings on a graph resolved from `facts`, with seam.toml's modules `map` on it.
fn findings_of(
    config: &Config,
    graph: &seam_graph::DepGraph,
    map: &ModuleMap,
    facts: &[FileFacts],
    prefer: Prefer<'_>,
) -> Vec<Finding> {
    let preferred = match prefer {
        Prefer::Nothing => PreferredCuts::new(),
        Prefer::Baseline(baseline) => seam_rules::cuts_in_baseline(graph, map, baseline),
        Prefer::Cuts(cuts) => cuts,
    };
    seam_rules::findings(config, graph, map, facts, &preferred)
}

/// A file that could not be read, or was skipped as too large, would make the check pass on code
/// it never saw.
fn refuse_unchecked(facts: &[FileFacts]) -> Result<(), Error> {
    let unreadable = facts.iter().find_map(|f| {
        f.diagnostics
            .iter()
            .find(|d| {
                matches!(
                    d.kind,
                    DiagnosticKind::ReadError | DiagnosticKind::SkippedTooLarge
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
    fn current_findings(&self, prefer: Prefer<'_>) -> Result<Vec<Finding>, Error> {
        let (config, map) = self.rules()?;
        Ok(findings_of(config, self.graph(), map, self.facts(), prefer))
    }

    /// Runs the check: seam.toml's rules on the workspace, against the baseline or `--base`.
    pub fn check(&self, options: &CheckOptions) -> Result<CheckReport, Error> {
        let (config, _) = self.rules()?;
        checkable(config, self.facts())?;
        let root = self.root();
        let (mode, findings, fixed) = match &options.base {
            Some(rev) => {
                let (commit, base_facts) =
                    git::facts_at_revision(root, rev, self.facts(), &self.options().facts)?;
                let (base_graph, _) =
                    seam_graph::resolve(&base_facts, &self.options().resolve_options());
                let base_map = ModuleMap::new(config, &base_graph);
                let base =
                    findings_of(config, &base_graph, &base_map, &base_facts, Prefer::Nothing);
                let cuts = seam_rules::cuts_in_findings(&base);
                let findings = self.current_findings(Prefer::Cuts(cuts))?;
                let (findings, fixed) = seam_rules::against_base(findings, &base);
                let mode = CheckMode::Base {
                    rev: rev.clone(),
                    commit,
                };
                (mode, findings, fixed)
            }
            None => {
                let path = baseline_path(config, options);
                let baseline = load_baseline(&path)?;
                let prefer = baseline.as_ref().map_or(Prefer::Nothing, Prefer::Baseline);
                let findings = self.current_findings(prefer)?;
                let findings = seam_rules::against_baseline(
                    findings,
                    baseline.as_ref(),
                    config,
                    options.today,
                );
                let mode = CheckMode::Baseline {
                    file: baseline.map(|_| path.display().to_string()),
                };
                (mode, findings, Vec::new())
            }
        };
        let findings = with_source_lines(root, findings);
        Ok(seam_rules::report(
            config,
            root.display().to_string(),
            config.path.display().to_string(),
            mode,
            findings,
            fixed,
            self.facts().len(),
        ))
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
        let previous = load_baseline(&path)?;
        if prune && previous.is_none() {
            return Err(Error::NothingToPrune { path });
        }
        checkable(config, self.facts())?;
        let prefer = previous.as_ref().map_or(Prefer::Nothing, Prefer::Baseline);
        let findings = self.current_findings(prefer)?;
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
