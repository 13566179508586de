//! Reading the history: one `git log` through the git CLI, parsed into commits whose paths are
//! today's names (renames followed back in time).
//!
//! Why the CLI and not a library: `git log --raw -M` reads a 10,000-commit first-parent history
//! (LedgerSMB) in under a second on one core, with git's own rename detection, `.mailmap` and
//! shallow-clone handling; nothing to link, and the same git the team uses. Line counts
//! (`--numstat`) are not read: they need every blob and took 14 s on the same history.

use crate::HistoryError;
use std::collections::{BTreeMap, HashMap};
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
    /// Also count the lines each commit added and deleted in Perl files: a second `git log
    /// --numstat`, run alongside the first, limited to [`LINE_PATHSPEC`] (it opens every changed
    /// blob, so it needs a complete clone; when it fails the history says why and the knowledge
    /// figures count commits instead).
    pub lines: bool,
}

/// The files whose lines are counted: Perl by extension (extension-less scripts are not, and
/// count by commits).
pub const LINE_PATHSPEC: [&str; 6] = ["*.pm", "*.pl", "*.cgi", "*.t", "*.psgi", "*.fcgi"];

/// The lines one commit added and deleted in one file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileLines {
    /// The file's newest name, as in [`Commit::files`].
    pub file: String,
    /// Lines added.
    pub added: u32,
    /// Lines deleted.
    pub deleted: u32,
}

/// Whether the history has line counts.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum LineCounts {
    /// Not asked for ([`ReadOptions::lines`] off).
    NotRead,
    /// Read: each commit's [`Commit::lines`] holds its Perl files' counts.
    Read,
    /// Asked for, but `git log --numstat` failed (missing objects in a partial clone): why.
    Unavailable(String),
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
    /// Lines added and deleted per Perl file (binary changes count 0), by newest name, sorted;
    /// empty unless the history's [`History::lines`] is [`LineCounts::Read`].
    pub lines: Vec<FileLines>,
}

/// The history of the analyzed root, newest commit first.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct History {
    /// The commit the history ends at (HEAD).
    pub head: String,
    /// Newest first.
    pub commits: Vec<Commit>,
    /// Whether the commits carry line counts.
    pub lines: LineCounts,
    /// Every rename, newest first: what each file was called before (see [`History::name_at`]).
    pub renames: Vec<Rename>,
}

/// A file renamed by a commit.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Rename {
    /// The commit's index in [`History::commits`].
    pub commit: usize,
    /// The name before.
    pub from: String,
    /// The name the commit gave it (not necessarily the newest).
    pub to: String,
}

impl History {
    /// What the file called `newest` today was called at commit `commit` (an index in
    /// [`History::commits`]), following the renames made after it back in time.
    pub fn name_at(&self, newest: &str, commit: usize) -> String {
        let mut name = newest.to_string();
        for rename in self.renames.iter().take_while(|r| r.commit < commit) {
            // renames are newest first: each one newer than `commit` undone in turn
            if rename.to == name {
                name = rename.from.clone();
            }
        }
        name
    }
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
    let mut numstat_args: Vec<&str> = args
        .iter()
        .copied()
        .filter(|a| !matches!(*a, "--raw" | "--no-abbrev" | "."))
        .map(|a| {
            if a.starts_with("--format=") {
                "--format=%x01%H"
            } else {
                a
            }
        })
        .collect();
    numstat_args.insert(1, "--numstat");
    numstat_args.extend(LINE_PATHSPEC);
    // the line counts open every changed blob: their own process, alongside the first
    let (out, numstat) = std::thread::scope(|scope| {
        let numstat = options
            .lines
            .then(|| scope.spawn(|| git(root, &numstat_args)));
        let out = git(root, &args);
        let numstat = numstat.map(|thread| {
            thread
                .join()
                .unwrap_or_else(|_| Err(HistoryError::Git("git log --numstat failed".into())))
        });
        (out, numstat)
    });
    let out = out.map_err(|e| match e {
        HistoryError::Git(message) if message.contains("unable to read") => HistoryError::Git(
            format!("{message}\nthe repository lacks objects (a partial or damaged clone; `git fsck` tells which); `--exact-renames` reads the history without opening file contents"),
        ),
        other => other,
    })?;
    let (lines, counts) = match numstat {
        None => (LineCounts::NotRead, HashMap::new()),
        Some(Ok(numstat)) => (LineCounts::Read, parse_numstat(&numstat)),
        Some(Err(e)) => {
            let why = match e {
                HistoryError::Git(message) => message,
                other => other.to_string(),
            };
            (LineCounts::Unavailable(why), HashMap::new())
        }
    };
    let (commits, renames) = parse_log(&out, counts)?;
    Ok(History {
        head,
        commits,
        lines,
        renames,
    })
}

/// Lines per file as each commit named them: `git log -z --numstat -M
/// --format=%x01%H` output, by commit id.
pub(crate) fn parse_numstat(out: &[u8]) -> HashMap<String, Vec<(String, u32, u32)>> {
    let mut by_commit = HashMap::new();
    for record in out.split(|&b| b == 1).filter(|r| !r.is_empty()) {
        let mut fields = record.split(|&b| b == 0);
        let Some(id) = fields.next() else { continue };
        let mut files = Vec::new();
        while let Some(field) = fields.next() {
            let field = text(field);
            let field = field.trim_start_matches('\n');
            let mut parts = field.splitn(3, '\t');
            let (Some(added), Some(deleted), Some(path)) =
                (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            // binary files: `-`
            let count = |n: &str| n.parse::<u32>().unwrap_or(0);
            let path = if path.is_empty() {
                // a rename: old name, then new name
                let _old = fields.next();
                match fields.next() {
                    Some(new) => text(new),
                    None => continue,
                }
            } else {
                path.to_string()
            };
            files.push((path, count(added), count(deleted)));
        }
        by_commit.insert(text(id), files);
    }
    by_commit
}

/// Parses `git log -z --raw --format=%x01%H%x00AUTHOR%x00%at` output (newest first), following
/// renames so that every path is the file's newest name.
/// `counts` holds each commit's line counts by the names the commit used (from
/// [`parse_numstat`]); they are renamed like the files.
pub(crate) fn parse_log(
    out: &[u8],
    mut counts: HashMap<String, Vec<(String, u32, u32)>>,
) -> Result<(Vec<Commit>, Vec<Rename>), HistoryError> {
    // old name -> newest name, learnt from renames seen so far (newer commits come first)
    let mut newest: HashMap<String, String> = HashMap::new();
    let mut commits = Vec::new();
    let mut renames = Vec::new();
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
                let second_name = second.clone();
                let current = newest.get(&second).cloned().unwrap_or(second);
                if status.starts_with('R') {
                    renames.push(Rename {
                        commit: commits.len(),
                        from: first.clone(),
                        to: second_name,
                    });
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
        let mut lines: BTreeMap<String, (u32, u32)> = BTreeMap::new();
        for (file, added, deleted) in counts.remove(&id).unwrap_or_default() {
            let file = newest.get(&file).cloned().unwrap_or(file);
            let entry = lines.entry(file).or_default();
            entry.0 += added;
            entry.1 += deleted;
        }
        commits.push(Commit {
            id,
            author,
            time,
            files,
            lines: lines
                .into_iter()
                .map(|(file, (added, deleted))| FileLines {
                    file,
                    added,
                    deleted,
                })
                .collect(),
        });
    }
    Ok((commits, renames))
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
