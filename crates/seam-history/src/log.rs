//! Reading the history: one `git log` through the git CLI, parsed into commits whose paths are
//! today's names (renames followed back in time).
//!
//! Why the CLI and not a library: `git log --raw -M` reads a 10,000-commit first-parent history
//! (LedgerSMB) in under a second on one core, with git's own rename detection, `.mailmap` and
//! shallow-clone handling; nothing to link, and the same git the team uses. Line counts
//! (`--numstat`) are not read: they need every blob and took 14 s on the same history.

use crate::HistoryError;
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// What to read.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Follow merged branches too (default: the first-parent line only).
    pub all_parents: bool,
    /// Only commits after this date or revision range start (`git log --since`).
    pub since: Option<String>,
    /// Only commits before this date (`git log --until`).
    pub until: Option<String>,
    /// Follow only renames that keep the content (no blob is read: for partial clones, or a
    /// repository with missing objects) instead of git's similarity detection.
    pub exact_renames: bool,
}

/// One commit: who, when, and the files it touched under the analyzed root, by today's names.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Commit {
    /// Full commit id.
    pub id: String,
    /// Author, after `.mailmap` (`Name <email>`).
    pub author: String,
    /// Author time, seconds since the epoch.
    pub time: i64,
    /// Paths relative to the analyzed root, each once, sorted, renamed to their newest name.
    pub files: Vec<String>,
}

/// The history of the analyzed root, newest commit first.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct History {
    /// The commit the history ends at (HEAD).
    pub head: String,
    /// Newest first.
    pub commits: Vec<Commit>,
}

/// Reads the history of the repository that contains `root`, limited to files under `root`.
pub fn read(root: &Path, options: &ReadOptions) -> Result<History, HistoryError> {
    let head = head(root)?;
    read_at(root, head, options)
}

/// The commit HEAD names, once the repository is known to have a complete history: the key a
/// cached [`History`] is valid for.
pub fn head(root: &Path) -> Result<String, HistoryError> {
    let inside = git(root, &["rev-parse", "--is-inside-work-tree"]);
    if !matches!(&inside, Ok(out) if out.trim_ascii() == b"true") {
        return Err(HistoryError::NotARepository(root.to_path_buf()));
    }
    let head = git(root, &["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])
        .map_err(|_| HistoryError::NoCommits(root.to_path_buf()))?;
    let head = String::from_utf8_lossy(head.trim_ascii()).into_owned();
    let shallow = git(root, &["rev-parse", "--is-shallow-repository"])?;
    if shallow.trim_ascii() == b"true" {
        return Err(HistoryError::Shallow(root.to_path_buf()));
    }
    Ok(head)
}

/// Reads the history ending at `head` (from [`head`]).
pub fn read_at(root: &Path, head: String, options: &ReadOptions) -> Result<History, HistoryError> {
    let mut args = vec![
        "log",
        "-z",
        "--raw",
        if options.exact_renames {
            "-M100%"
        } else {
            "-M"
        },
        "--no-abbrev",
        "--relative",
        "--no-color",
        "--format=%x01%H%x00%aN <%aE>%x00%at",
    ];
    if !options.all_parents {
        args.push("--first-parent");
    }
    let since = options.since.as_ref().map(|s| format!("--since={s}"));
    let until = options.until.as_ref().map(|u| format!("--until={u}"));
    args.extend(since.as_deref());
    args.extend(until.as_deref());
    args.extend(["HEAD", "--", "."]);
    let out = git(root, &args).map_err(|e| match e {
        HistoryError::Git(message) if message.contains("unable to read") => HistoryError::Git(
            format!("{message}\nthe repository lacks objects (a partial or damaged clone; `git fsck` tells which); `--exact-renames` reads the history without opening file contents"),
        ),
        other => other,
    })?;
    Ok(History {
        head,
        commits: parse_log(&out)?,
    })
}

/// Parses `git log -z --raw --format=%x01%H%x00AUTHOR%x00%at` output (newest first), following
/// renames so that every path is the file's newest name.
pub(crate) fn parse_log(out: &[u8]) -> Result<Vec<Commit>, HistoryError> {
    // old name -> newest name, learnt from renames seen so far (newer commits come first)
    let mut newest: HashMap<String, String> = HashMap::new();
    let mut commits = Vec::new();
    for record in out.split(|&b| b == 1).filter(|r| !r.is_empty()) {
        let mut fields = record.split(|&b| b == 0);
        let malformed = || {
            HistoryError::Git(format!(
                "unexpected `git log` output near {:?}",
                String::from_utf8_lossy(&record[..record.len().min(60)])
            ))
        };
        let id = text(fields.next().ok_or_else(malformed)?);
        let author = text(fields.next().ok_or_else(malformed)?);
        let time = text(fields.next().ok_or_else(malformed)?)
            .parse::<i64>()
            .map_err(|_| malformed())?;
        let mut files = Vec::new();
        while let Some(meta) = fields.next() {
            let meta = text(meta);
            let meta = meta.trim_start_matches('\n');
            if meta.is_empty() {
                continue;
            }
            let status = meta.rsplit(' ').next().unwrap_or_default();
            let first = fields.next().map(text).ok_or_else(malformed)?;
            if status.starts_with('R') || status.starts_with('C') {
                let second = fields.next().map(text).ok_or_else(malformed)?;
                let current = newest.get(&second).cloned().unwrap_or(second);
                if status.starts_with('R') {
                    newest.insert(first, current.clone());
                }
                files.push(current);
            } else {
                let current = newest.get(&first).cloned().unwrap_or(first);
                files.push(current);
            }
        }
        files.sort();
        files.dedup();
        commits.push(Commit {
            id,
            author,
            time,
            files,
        });
    }
    Ok(commits)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub(crate) fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, HistoryError> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        // git's default rename limit: a commit too large for exhaustive rename detection (a
        // vendor drop of 8,000 files took 10 s of a 11.5 s read) is over any commit-size
        // threshold anyway, and exact renames are still found
        .args(["-c", "core.quotePath=false"])
        .args(args)
        .output()
        .map_err(|e| HistoryError::Git(format!("cannot run git: {e}")))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(HistoryError::Git(format!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        )))
    }
}
