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
    let commit = git(root, &["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")])
        .map_err(|e| match e {
            Error::Git { .. } => Error::Git {
                command: format!("git rev-parse {rev}"),
                message: format!(
                    "`{rev}` is not a commit in the repository at {}; fetch it first (CI checkouts are often shallow: use `fetch-depth: 0`)",
                    root.display()
                ),
            },
            other => other,
        })?;
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
    let at_base = split_z(&git(
        root,
        &["ls-tree", "-r", "-z", "--name-only", &commit],
    )?);
    let by_path: HashMap<&str, &FileFacts> = current.iter().map(|f| (f.path.as_str(), f)).collect();
    let mut facts = Vec::new();
    let mut to_read = Vec::new();
    for path in at_base {
        match (changed.contains(&path), by_path.get(path.as_str())) {
            // same bytes as now: same facts
            (false, Some(now)) => facts.push((*now).clone()),
            // same bytes, not discovered now (excluded, ignored, not Perl): not at the base either
            (false, None) => {}
            (true, _) => {
                // changed and still present but not discovered now: excluded now, so at the base too
                if by_path.contains_key(path.as_str()) || !root.join(&path).exists() {
                    to_read.push(path);
                }
            }
        }
    }
    let blobs = read_blobs(root, &commit, &to_read)?;
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

/// The contents of `paths` (relative to `dir`) at `commit`, through one `git cat-file --batch`.
fn read_blobs(dir: &Path, commit: &str, paths: &[String]) -> Result<Vec<(String, Vec<u8>)>, Error> {
    if paths.is_empty() {
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
    let request: String = paths.iter().map(|p| format!("{commit}:./{p}\n")).collect();
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
        _ => return Err(failed("could not send the file list to git".into())),
    }
    if !status.success() {
        return Err(failed(format!("git exited with {status}")));
    }
    parse_batch(&out, paths).map_err(failed)
}

/// Splits `cat-file --batch` output: `<oid> blob <size>\n<bytes>\n` per path, or
/// `<object> missing\n`.
fn parse_batch(mut out: &[u8], paths: &[String]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut blobs = Vec::with_capacity(paths.len());
    for path in paths {
        let end = out
            .iter()
            .position(|&b| b == b'\n')
            .ok_or_else(|| format!("truncated output at {path}"))?;
        let header = String::from_utf8_lossy(&out[..end]).into_owned();
        out = &out[end + 1..];
        let fields: Vec<&str> = header.split(' ').collect();
        match fields.as_slice() {
            [_, "blob", size] => {
                let size: usize = size
                    .parse()
                    .map_err(|_| format!("bad size in `{header}`"))?;
                if out.len() < size + 1 {
                    return Err(format!("truncated blob for {path}"));
                }
                blobs.push((path.clone(), out[..size].to_vec()));
                out = &out[size + 1..];
            }
            // a submodule or symlink target, not a file we parse
            [_, _, size] => {
                let size: usize = size.parse().unwrap_or(0);
                out = out.get(size + 1..).unwrap_or_default();
            }
            _ => {} // `missing`: the path is not a blob at the base (e.g. a directory)
        }
    }
    Ok(blobs)
}
