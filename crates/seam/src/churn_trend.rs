//! The complexity of each churn hotspot over the period the history covers: its files read as
//! they were at a few sampled commits (`git cat-file --batch`, by the name each file had then)
//! and parsed again, so that an architect sees whether a hotspot is getting worse.

use crate::cache::FactsCache;
use crate::extract::extract_blobs;
use crate::{Error, Workspace};
use seam_graph::NodeKind;
use seam_history::{complexity_samples, ComplexityPoint, History, HistoryAnalysis};
use seam_perl::FileFacts;
use std::collections::HashMap;
use std::path::Path;

/// A file (today's name) at a sampled commit (its index in the history).
type Sampled = (usize, String);

impl Workspace {
    /// Fills each churn hotspot's `complexity_trend`: its complexity at the commits
    /// [`complexity_samples`] picks, then today's. A file that did not exist at a sample (or
    /// cannot be read: a partial clone) adds nothing; a package none of whose files existed has
    /// no figure there.
    pub(crate) fn complexity_trend(
        &self,
        history: &History,
        analysis: &mut HistoryAnalysis,
    ) -> Result<(), Error> {
        let samples = complexity_samples(history);
        let graph = self.graph();
        // every (sample, file) once, in one batch
        let mut wanted: Vec<Sampled> = Vec::new();
        for hotspot in &analysis.churn {
            let Some(node) = graph.index_of(&hotspot.name) else {
                continue;
            };
            for file in &graph.node(node).files {
                for &sample in &samples {
                    wanted.push((sample, file.clone()));
                }
            }
        }
        wanted.sort();
        wanted.dedup();
        let specs: Vec<String> = wanted
            .iter()
            .map(|(sample, file)| {
                format!(
                    "{}:./{}",
                    history.commits[*sample].id,
                    history.name_at(file, *sample)
                )
            })
            .collect();
        let blobs = read_specs(self.root(), &specs)?;
        let (keys, blobs): (Vec<&Sampled>, Vec<(String, Vec<u8>)>) = wanted
            .iter()
            .zip(blobs)
            .filter_map(|(key, blob)| Some((key, (key.1.clone(), blob?))))
            .unzip();
        // by content: a second run parses nothing, an unchanged file is today's facts
        let options = &self.options().facts;
        let cache = match &options.cache {
            Some(config) => FactsCache::open_kind(config, self.root(), "churn", &options.extract),
            None => FactsCache::empty(),
        };
        let parsed = extract_blobs(blobs, self.facts(), &cache, options)?;
        // a cache that cannot be written only costs the next run its speed
        let _ = cache.save(&parsed);
        let facts: HashMap<&Sampled, FileFacts> = keys.into_iter().zip(parsed).collect();
        for hotspot in &mut analysis.churn {
            let Some(node) = graph.index_of(&hotspot.name) else {
                continue;
            };
            let node = graph.node(node);
            // a script's subs are in `main`
            let package = match node.kind {
                NodeKind::Script => "main",
                _ => node.name.as_str(),
            };
            let mut trend: Vec<ComplexityPoint> = samples
                .iter()
                .map(|&sample| {
                    let mut found = None;
                    for file in &node.files {
                        if let Some(facts) = facts.get(&(sample, file.clone())) {
                            let sum: u32 = facts
                                .subs
                                .iter()
                                .filter(|s| s.package == package)
                                .map(|s| s.complexity)
                                .sum();
                            *found.get_or_insert(0) += sum;
                        }
                    }
                    let commit = &history.commits[sample];
                    ComplexityPoint {
                        commit: commit.id.clone(),
                        time: commit.time,
                        complexity: found,
                    }
                })
                .collect();
            trend.push(ComplexityPoint {
                commit: "HEAD".to_string(),
                time: history.commits.first().map_or(0, |c| c.time),
                complexity: Some(hotspot.complexity),
            });
            hotspot.complexity_trend = trend;
        }
        Ok(())
    }
}

/// The contents `git cat-file --batch` gives for each `REV:PATH` spec, `None` for a missing one
/// (and, without asking, for a path with a newline, which the protocol cannot carry).
fn read_specs(root: &Path, specs: &[String]) -> Result<Vec<Option<Vec<u8>>>, Error> {
    let failed = |message: String| Error::Git {
        command: "git cat-file --batch".into(),
        message,
    };
    let asked: Vec<&String> = specs.iter().filter(|s| !s.contains('\n')).collect();
    if asked.is_empty() {
        return Ok(vec![None; specs.len()]);
    }
    let request: String = asked.iter().map(|s| format!("{s}\n")).collect();
    let out = crate::git::cat_file_batch(root, request)?;
    let mut answers = parse_answers(&out, asked.len())
        .map_err(failed)?
        .into_iter();
    Ok(specs
        .iter()
        .map(|s| {
            if s.contains('\n') {
                None
            } else {
                answers.next().flatten()
            }
        })
        .collect())
}

/// Splits `cat-file --batch` output: `<object> blob <size>\n<bytes>\n`, or `<spec> missing\n`
/// (also `ambiguous`), per request.
fn parse_answers(mut out: &[u8], count: usize) -> Result<Vec<Option<Vec<u8>>>, String> {
    let mut answers = Vec::with_capacity(count);
    for _ in 0..count {
        let end = out
            .iter()
            .position(|&b| b == b'\n')
            .ok_or("truncated output")?;
        let header = String::from_utf8_lossy(&out[..end]).into_owned();
        out = &out[end + 1..];
        if header.ends_with(" missing") || header.ends_with(" ambiguous") {
            answers.push(None);
            continue;
        }
        let mut fields = header.rsplitn(3, ' ');
        let (Some(size), Some(kind)) = (fields.next(), fields.next()) else {
            return Err(format!("unexpected answer `{header}`"));
        };
        let size: usize = size
            .parse()
            .map_err(|_| format!("bad size in `{header}`"))?;
        if out.len() < size + 1 {
            return Err(format!("truncated answer after `{header}`"));
        }
        answers.push((kind == "blob").then(|| out[..size].to_vec()));
        out = &out[size + 1..];
    }
    Ok(answers)
}

#[cfg(test)]
mod tests {
    use super::parse_answers;

    #[test]
    fn missing_and_present_answers_in_order() {
        let out = b"abc blob 3\nfoo\nHEAD:./x missing\nabd tree 2\nxy\n";
        let answers = parse_answers(out, 3).unwrap();
        assert_eq!(answers, [Some(b"foo".to_vec()), None, None]);
        assert!(parse_answers(b"abc blob 9\nfoo\n", 1).is_err());
    }
}
