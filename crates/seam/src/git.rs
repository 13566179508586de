//! The facts of the codebase at another git revision, without touching the working tree.
//!
//! Files the change did not touch have the same bytes at the base, so their current facts are
//! reused as they are; only files `git diff` names are read from git (`git cat-file --batch`)
//! and parsed (or matched by content hash to a current file: a revert or a move). Every git
//! failure is an error: a check that cannot see its base must not pass. `--base REV` compares with
//! the merge base of REV and HEAD by default ([`base_commit`]); [`change_since`] says which lines
//! the change added, so that findings land on them.

use crate::cache::FactsCache;
use crate::discover::PathFilter;
use crate::extract::extract_blobs;
use crate::{Error, FactsOptions};
use seam_perl::FileFacts;
use seam_rules::Change;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// Which commit `--base REV` compares with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BaseMode {
    /// The merge base of REV and HEAD: what the branch changed since it forked, not what the
    /// other side changed since (the default; what a pull request shows).
    #[default]
    MergeBase,
    /// REV itself.
    Tip,
}

/// The commit `--base rev` compares with under `mode`, checking that `root` is in a git
/// repository and that the revision exists.
pub fn base_commit(root: &Path, rev: &str, mode: BaseMode) -> Result<String, Error> {
    // the failures people hit, each with its own message: no git, no repository, no such commit
    let explain = |message: String| {
        move |e: Error| match e {
            Error::Git {
                command,
                message: m,
            } if !m.starts_with("cannot run git") => Error::Git {
                command,
                message: message.clone(),
            },
            other => other,
        }
    };
    git(root, &["rev-parse", "--git-dir"]).map_err(explain(format!(
        "{} is not inside a git repository; --base compares with a git revision",
        root.display()
    )))?;
    let commit = git(root, &["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")])
        .map_err(explain(format!(
            "`{rev}` is not a commit in the repository at {}; fetch it first (CI checkouts are often shallow: use `fetch-depth: 0`)",
            root.display()
        )))?;
    let commit = String::from_utf8_lossy(&commit).trim().to_string();
    if mode == BaseMode::Tip {
        return Ok(commit);
    }
    let base = git(root, &["merge-base", &commit, "HEAD"]).map_err(explain(format!(
        "`{rev}` and HEAD have no common ancestor in the repository at {} (a shallow clone \
         lacks it: use `fetch-depth: 0`); pass `--base-mode tip` to compare with `{rev}` itself",
        root.display()
    )))?;
    Ok(String::from_utf8_lossy(&base).trim().to_string())
}

/// The lines the working tree adds or changes against `commit` (`git diff -U0`, renames
/// detected, so a renamed file's unchanged lines are not "added").
pub fn change_since(root: &Path, commit: &str) -> Result<Change, Error> {
    let diff = git(
        root,
        &[
            "-c",
            "core.quotePath=false",
            "diff",
            "-U0",
            "--no-color",
            "--no-ext-diff",
            "--no-textconv",
            "-M",
            "--src-prefix=a/",
            "--dst-prefix=b/",
            "--relative",
            commit,
            "--",
        ],
    )?;
    Ok(parse_unified_diff(&diff))
}

/// The added line ranges of a `-U0` unified diff, by new path.
fn parse_unified_diff(diff: &[u8]) -> Change {
    let mut change = Change::default();
    let mut file: Option<String> = None;
    for line in diff.split(|&b| b == b'\n') {
        if let Some(path) = line.strip_prefix(b"+++ ") {
            file = unquote(path).and_then(|p| p.strip_prefix("b/").map(str::to_string));
        } else if line.starts_with(b"@@ ") {
            let (Some(file), Some((first, count))) = (&file, new_range(line)) else {
                continue;
            };
            if count > 0 {
                change.add(file, first, first + count - 1);
            }
        }
    }
    change
}

/// `+c[,d]` of a hunk header `@@ -a,b +c,d @@`.
fn new_range(header: &[u8]) -> Option<(u32, u32)> {
    let header = String::from_utf8_lossy(header);
    let new = header.split(' ').find(|part| part.starts_with('+'))?;
    let mut parts = new[1..].split(',');
    let first: u32 = parts.next()?.parse().ok()?;
    let count: u32 = match parts.next() {
        Some(count) => count.parse().ok()?,
        None => 1,
    };
    Some((first, count))
}

/// A path as git prints it in a diff header: as is, or C-quoted when it holds odd characters;
/// `None` for `/dev/null`.
fn unquote(path: &[u8]) -> Option<String> {
    if path == b"/dev/null" {
        return None;
    }
    let Some(inner) = path.strip_prefix(b"\"").and_then(|p| p.strip_suffix(b"\"")) else {
        return Some(String::from_utf8_lossy(path).into_owned());
    };
    let mut out = Vec::with_capacity(inner.len());
    let mut bytes = inner.iter().copied().peekable();
    while let Some(b) = bytes.next() {
        if b != b'\\' {
            out.push(b);
            continue;
        }
        match bytes.next() {
            Some(b'n') => out.push(b'\n'),
            Some(b't') => out.push(b'\t'),
            Some(b'r') => out.push(b'\r'),
            Some(b'a') => out.push(7),
            Some(b'b') => out.push(8),
            Some(b'f') => out.push(12),
            Some(b'v') => out.push(11),
            Some(d @ b'0'..=b'7') => {
                let mut value = u32::from(d - b'0');
                for _ in 0..2 {
                    match bytes.peek() {
                        Some(&d @ b'0'..=b'7') => {
                            value = value * 8 + u32::from(d - b'0');
                            bytes.next();
                        }
                        _ => break,
                    }
                }
                out.push(value as u8);
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    Some(String::from_utf8_lossy(&out).into_owned())
}

/// The facts of the files under `root` at `commit` (see [`base_commit`]). A file the change
/// renamed is read at its old path and named by its new one, so that what it holds keeps its
/// identity (a script is named by its path).
pub fn facts_at_revision(
    root: &Path,
    commit: &str,
    current: &[FileFacts],
    options: &FactsOptions,
) -> Result<Vec<FileFacts>, Error> {
    Ok(facts_and_changes_at_revision(root, commit, current, options)?.0)
}

/// [`facts_at_revision`] and the paths whose facts were read from git (the files that differ
/// from the working tree): every other file's facts are today's.
pub(crate) fn facts_and_changes_at_revision(
    root: &Path,
    commit: &str,
    current: &[FileFacts],
    options: &FactsOptions,
) -> Result<(Vec<FileFacts>, BTreeSet<String>), Error> {
    read_revision(
        root,
        commit,
        current,
        options,
        &FactsCache::empty(),
        &mut BlobMemo::default(),
    )
}

/// Facts already read from git, by object id and path: across the commits `seam trend` samples,
/// a file that did not change between samples is neither read nor parsed again. `None`: not a
/// file the discovery would take.
#[derive(Debug, Default)]
pub(crate) struct BlobMemo {
    facts: HashMap<(String, String), Option<FileFacts>>,
}

impl BlobMemo {
    /// Every file's facts read so far (in no particular order).
    pub(crate) fn facts(&self) -> impl Iterator<Item = &FileFacts> {
        self.facts.values().flatten()
    }
}

/// [`facts_at_revision`], reusing the facts in `memo` (and adding to it) and, for files read from
/// git, the facts `cache` holds for the same bytes.
pub(crate) fn facts_at_revision_with(
    root: &Path,
    commit: &str,
    current: &[FileFacts],
    options: &FactsOptions,
    cache: &FactsCache,
    memo: &mut BlobMemo,
) -> Result<Vec<FileFacts>, Error> {
    Ok(read_revision(root, commit, current, options, cache, memo)?.0)
}

/// [`facts_at_revision_with`] and the paths whose facts were not today's (read from git).
fn read_revision(
    root: &Path,
    commit: &str,
    current: &[FileFacts],
    options: &FactsOptions,
    cache: &FactsCache,
    memo: &mut BlobMemo,
) -> Result<(Vec<FileFacts>, BTreeSet<String>), Error> {
    let status = split_z(&git(
        root,
        &[
            "diff",
            "--name-status",
            "-z",
            "-M",
            "--relative",
            commit,
            "--",
        ],
    )?);
    let mut changed: BTreeSet<String> = BTreeSet::new();
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    let mut fields = status.into_iter();
    while let Some(code) = fields.next() {
        if code.starts_with('R') || code.starts_with('C') {
            let (Some(old), Some(new)) = (fields.next(), fields.next()) else {
                break;
            };
            changed.insert(new.clone());
            if code.starts_with('R') {
                changed.insert(old.clone());
                renamed.insert(old, new);
            }
        } else if let Some(path) = fields.next() {
            changed.insert(path);
        }
    }
    let at_base = tree_entries(&git(root, &["ls-tree", "-r", "-z", commit])?);
    let by_path: HashMap<&str, &FileFacts> = current.iter().map(|f| (f.path.as_str(), f)).collect();
    let mut facts = Vec::new();
    let mut to_read = Vec::new();
    for entry in &at_base {
        if entry.kind == "commit" {
            // a submodule: git does not diff inside it here, so its files count as unchanged
            let inside = format!("{}/", entry.path);
            facts.extend(
                current
                    .iter()
                    .filter(|f| f.path.starts_with(&inside))
                    .cloned(),
            );
            continue;
        }
        if entry.kind != "blob" {
            continue;
        }
        match (
            changed.contains(&entry.path),
            by_path.get(entry.path.as_str()),
        ) {
            // same bytes as now: same facts
            (false, Some(now)) => facts.push((*now).clone()),
            // same bytes, not discovered now (excluded, ignored, not Perl): not at the base either
            (false, None) => {}
            (true, _) => {
                // changed and still present but not discovered now: excluded now, so at the base too
                if by_path.contains_key(entry.path.as_str()) || !root.join(&entry.path).exists() {
                    to_read.push(entry);
                }
            }
        }
    }
    let filter = PathFilter::new(&options.discover)?;
    let taken: BTreeSet<&str> = at_base.iter().map(|e| e.path.as_str()).collect();
    let mut unread: Vec<(&TreeEntry, String)> = Vec::new();
    let mut read: BTreeSet<String> = BTreeSet::new();
    for entry in to_read {
        // named as it is now, unless another file had that name at the base
        let path = match renamed.get(&entry.path) {
            Some(new) if !taken.contains(new.as_str()) => new.clone(),
            _ => entry.path.clone(),
        };
        if filter.by_path(&path) == Some(false) {
            continue;
        }
        match memo.facts.get(&(entry.object.clone(), path.clone())) {
            Some(known) => {
                read.extend(known.as_ref().map(|f| f.path.clone()));
                facts.extend(known.clone());
            }
            None => unread.push((entry, path)),
        }
    }
    let entries: Vec<&TreeEntry> = unread.iter().map(|(entry, _)| *entry).collect();
    let blobs = read_blobs(root, &entries)?;
    let mut keys = Vec::new();
    let mut accepted = Vec::new();
    for ((entry, path), (_, bytes)) in unread.into_iter().zip(blobs) {
        let key = (entry.object.clone(), path.clone());
        if filter.accepts(&path, &bytes) {
            keys.push(key);
            accepted.push((path, bytes));
        } else {
            memo.facts.insert(key, None);
        }
    }
    for (key, file) in keys
        .into_iter()
        .zip(extract_blobs(accepted, current, cache, options)?)
    {
        memo.facts.insert(key, Some(file.clone()));
        read.insert(file.path.clone());
        facts.push(file);
    }
    facts.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((facts, read))
}

/// Runs git in `dir`; its stdout, or an error with its stderr.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, Error> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| Error::Git {
            command: format!("git {}", args.join(" ")),
            message: format!("cannot run git: {e}"),
        })?;
    if !output.status.success() {
        return Err(Error::Git {
            command: format!("git {}", args.join(" ")),
            message: String::from_utf8_lossy(&output.stderr).trim().to_string(),
        });
    }
    Ok(output.stdout)
}

fn split_z(bytes: &[u8]) -> Vec<String> {
    bytes
        .split(|&b| b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect()
}

/// One entry of `git ls-tree -r -z`: `<mode> <type> <object>\t<path>`.
struct TreeEntry {
    kind: String,
    object: String,
    path: String,
}

fn tree_entries(bytes: &[u8]) -> Vec<TreeEntry> {
    split_z(bytes)
        .into_iter()
        .filter_map(|line| {
            let (meta, path) = line.split_once('\t')?;
            let mut fields = meta.split(' ');
            let (_mode, kind, object) = (fields.next()?, fields.next()?, fields.next()?);
            Some(TreeEntry {
                kind: kind.to_string(),
                object: object.to_string(),
                path: path.to_string(),
            })
        })
        .collect()
}

/// The contents of the given blobs, through one `git cat-file --batch` (asked for by object id,
/// so no path, whatever its characters, can confuse the protocol).
fn read_blobs(dir: &Path, entries: &[&TreeEntry]) -> Result<Vec<(String, Vec<u8>)>, Error> {
    if entries.is_empty() {
        return Ok(Vec::new());
    }
    let failed = |message: String| Error::Git {
        command: "git cat-file --batch".into(),
        message,
    };
    let request: String = entries.iter().map(|e| format!("{}\n", e.object)).collect();
    let out = cat_file_batch(dir, request)?;
    parse_batch(&out, entries).map_err(failed)
}

/// Runs `git cat-file --batch` in `dir` with `request` (one object name per line) on its stdin,
/// returning its whole stdout.
pub(crate) fn cat_file_batch(dir: &Path, request: String) -> Result<Vec<u8>, Error> {
    let failed = |message: String| Error::Git {
        command: "git cat-file --batch".into(),
        message,
    };
    let mut child = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| failed(format!("cannot run git: {e}")))?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| failed("no stdin".into()))?;
    // write from another thread: git answers while we still write, and pipes are finite
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let mut out = Vec::new();
    child
        .stdout
        .take()
        .ok_or_else(|| failed("no stdout".into()))?
        .read_to_end(&mut out)
        .map_err(|e| failed(e.to_string()))?;
    let status = child.wait().map_err(|e| failed(e.to_string()))?;
    match writer.join() {
        Ok(Ok(())) => {}
        _ => return Err(failed("could not send the object list to git".into())),
    }
    if !status.success() {
        return Err(failed(format!("git exited with {status}")));
    }
    Ok(out)
}

/// Splits `cat-file --batch` output: `<object> blob <size>\n<bytes>\n` per request.
fn parse_batch(mut out: &[u8], entries: &[&TreeEntry]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut blobs = Vec::with_capacity(entries.len());
    for entry in entries {
        let end = out
            .iter()
            .position(|&b| b == b'\n')
            .ok_or_else(|| format!("truncated output at {}", entry.path))?;
        let header = String::from_utf8_lossy(&out[..end]).into_owned();
        out = &out[end + 1..];
        let fields: Vec<&str> = header.split(' ').collect();
        let [object, "blob", size] = fields.as_slice() else {
            return Err(format!("unexpected answer `{header}` for {}", entry.path));
        };
        if *object != entry.object {
            return Err(format!("answer for {object}, expected {}", entry.object));
        }
        let size: usize = size
            .parse()
            .map_err(|_| format!("bad size in `{header}`"))?;
        if out.len() < size + 1 {
            return Err(format!("truncated blob for {}", entry.path));
        }
        blobs.push((entry.path.clone(), out[..size].to_vec()));
        out = &out[size + 1..];
    }
    Ok(blobs)
}

/// The short commit of the checkout `root` is in, `-dirty` when the working tree has changes;
/// `None` outside git (or without git).
pub fn revision(root: &Path) -> Option<String> {
    let commit = git(root, &["rev-parse", "--short", "HEAD"]).ok()?;
    let commit = String::from_utf8_lossy(&commit).trim().to_string();
    let dirty = git(root, &["status", "--porcelain", "--untracked-files=no"])
        .map(|out| !out.is_empty())
        .unwrap_or(false);
    Some(if dirty {
        format!("{commit}-dirty")
    } else {
        commit
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_lines_come_from_hunk_headers_of_the_new_side() {
        let diff = b"diff --git a/lib/A.pm b/lib/B.pm\nsimilarity index 90%\nrename from lib/A.pm\nrename to lib/B.pm\n--- a/lib/A.pm\n+++ b/lib/B.pm\n@@ -3,0 +4,2 @@ sub x {\n+use C;\n+use D;\n@@ -9 +11 @@\n-x\n+y\n@@ -20,2 +21,0 @@\n-a\n-b\n--- a/\"odd\\nname.pm\"\n+++ \"b/odd\\nname.pm\"\n@@ -1 +1 @@\n-1\n+2\n--- a/gone.pm\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n";
        let change = parse_unified_diff(diff);
        assert!(!change.touches("lib/B.pm", 3));
        assert!(change.touches("lib/B.pm", 4));
        assert!(change.touches("lib/B.pm", 5));
        assert!(!change.touches("lib/B.pm", 6));
        assert!(change.touches("lib/B.pm", 11));
        assert!(!change.touches("lib/B.pm", 21));
        assert!(change.touches("odd\nname.pm", 1));
        assert!(!change.touches("lib/A.pm", 4));
    }
}
