//! The facts of the codebase at another git revision, without touching the working tree.
//!
//! Files the change did not touch have the same bytes at the base, so their current facts are
//! reused as they are; only files `git diff` names are read from git (`git cat-file --batch`)
//! and parsed (or matched by content hash to a current file: a revert or a move). Every git failure is an error: a check that cannot see
//! its base must not pass.

use crate::discover::PathFilter;
use crate::extract::extract_blobs;
use crate::{Error, FactsOptions};
use seam_perl::FileFacts;
use std::collections::{BTreeSet, HashMap};
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// The facts of the files under `root` at `rev`, and the commit `rev` names.
pub fn facts_at_revision(
    root: &Path,
    rev: &str,
    current: &[FileFacts],
    options: &FactsOptions,
) -> Result<(String, Vec<FileFacts>), Error> {
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
    let changed: BTreeSet<String> = split_z(&git(
        root,
        &[
            "diff",
            "--name-only",
            "-z",
            "--no-renames",
            "--relative",
            &commit,
            "--",
        ],
    )?)
    .into_iter()
    .collect();
    let at_base = tree_entries(&git(root, &["ls-tree", "-r", "-z", &commit])?);
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
    let blobs = read_blobs(root, &to_read)?;
    let filter = PathFilter::new(&options.discover)?;
    let blobs: Vec<(String, Vec<u8>)> = blobs
        .into_iter()
        .filter(|(path, bytes)| filter.accepts(path, bytes))
        .collect();
    facts.extend(extract_blobs(blobs, current, options)?);
    facts.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((commit, facts))
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
    let request: String = entries.iter().map(|e| format!("{}\n", e.object)).collect();
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
    parse_batch(&out, entries).map_err(failed)
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
