//! Is the modularization progressing? The structure at sampled commits of the first-parent line:
//! which commits to sample, and what is recorded at each ([`TrendPoint`]). Building the graph at
//! a commit is the facade's job (it reads blobs and reuses cached facts).

use crate::log::git;
use crate::HistoryError;
use serde::Serialize;
use std::path::Path;

/// Which commits to sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sampling {
    /// This many commits, evenly spaced over the first-parent line (the newest always included).
    Count(usize),
    /// The newest commit of every period of this many days, back from HEAD.
    EveryDays(u32),
}

/// A sampled commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    /// Full id.
    pub commit: String,
    /// Commit time, seconds since the epoch.
    pub time: i64,
}

/// The structure of the codebase at one commit.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct TrendPoint {
    /// The commit.
    pub commit: String,
    /// Its commit time, seconds since the epoch.
    pub time: i64,
    /// Its commit date, `YYYY-MM-DD` (UTC).
    pub date: String,
    /// Perl files read.
    pub files: usize,
    /// Internal packages.
    pub packages: usize,
    /// Code lines.
    pub code_lines: u64,
    /// Modules (today's seam.toml modules, else namespaces at today's depth).
    pub modules: usize,
    /// Package-level edges that cross a module boundary.
    pub cross_module_edges: usize,
    /// Share of the system a change can reach (MacCormack), 0..=1.
    pub propagation_cost: f64,
    /// Module dependency cycles.
    pub module_cycles: usize,
    /// Packages in package-level cycles.
    pub packages_in_cycles: usize,
    /// Violations of today's seam.toml rules (errors, no baseline), when there is a seam.toml.
    pub violations: Option<usize>,
}

/// The structure over time, oldest sample first.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Trend {
    /// Output format version.
    pub schema_version: u32,
    /// Where the modules come from.
    pub modules_from: String,
    /// One point per sampled commit, oldest first.
    pub points: Vec<TrendPoint>,
}

/// Version of the trend output.
pub const TREND_SCHEMA_VERSION: u32 = 1;

/// The commits to sample on the first-parent line of HEAD that touch `root` (only commits after
/// `since` and before `until`, as `git log --since`/`--until` read them), oldest first. Fails as
/// [`crate::read`] does: no repository, no commits, a shallow clone.
pub fn samples(
    root: &Path,
    sampling: Sampling,
    since: Option<&str>,
    until: Option<&str>,
) -> Result<Vec<Sample>, HistoryError> {
    crate::head(root)?;
    let since = since.map(|s| format!("--since={s}"));
    let until = until.map(|u| format!("--until={u}"));
    let mut args = vec!["log", "--first-parent", "--format=%H %ct"];
    args.extend(since.as_deref());
    args.extend(until.as_deref());
    args.extend(["HEAD", "--", "."]);
    let out = git(root, &args)?;
    let all: Vec<Sample> = String::from_utf8_lossy(&out)
        .lines()
        .filter_map(|line| {
            let (commit, time) = line.split_once(' ')?;
            Some(Sample {
                commit: commit.to_string(),
                time: time.parse().ok()?,
            })
        })
        .collect();
    Ok(pick(&all, sampling))
}

/// Picks samples from `all` (newest first, as git lists them); returns them oldest first.
pub(crate) fn pick(all: &[Sample], sampling: Sampling) -> Vec<Sample> {
    let mut picked: Vec<Sample> = match sampling {
        Sampling::Count(0) => Vec::new(),
        Sampling::Count(n) if n >= all.len() => all.to_vec(),
        Sampling::Count(1) => all[..1].to_vec(),
        Sampling::Count(n) => (0..n)
            .map(|i| all[i * (all.len() - 1) / (n - 1)].clone())
            .collect(),
        Sampling::EveryDays(days) => {
            let period = i64::from(days.max(1)) * 86_400;
            let mut picked: Vec<Sample> = Vec::new();
            let mut next = i64::MAX;
            for sample in all {
                if sample.time <= next {
                    picked.push(sample.clone());
                    next = sample.time - period;
                }
            }
            picked
        }
    };
    picked.dedup();
    picked.reverse();
    picked
}

/// `time` as `YYYY-MM-DD` (UTC), from days since the epoch (Howard Hinnant's civil date).
pub fn date(time: i64) -> String {
    let days = time.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history(times: &[i64]) -> Vec<Sample> {
        times
            .iter()
            .enumerate()
            .map(|(i, &time)| Sample {
                commit: format!("c{i}"),
                time,
            })
            .collect()
    }

    #[test]
    fn counts_spread_evenly_and_keep_the_newest() {
        let all = history(&[90, 80, 70, 60, 50, 40, 30, 20, 10, 0]);
        let ids = |s: Vec<Sample>| s.into_iter().map(|s| s.commit).collect::<Vec<_>>();
        assert_eq!(
            ids(pick(&all, Sampling::Count(4))),
            ["c9", "c6", "c3", "c0"]
        );
        assert_eq!(ids(pick(&all, Sampling::Count(1))), ["c0"]);
        assert_eq!(pick(&all, Sampling::Count(20)).len(), 10);
    }

    #[test]
    fn periods_take_the_newest_commit_of_each() {
        let day = 86_400;
        let all = history(&[40 * day, 39 * day, 20 * day, 9 * day, 0]);
        let ids: Vec<String> = pick(&all, Sampling::EveryDays(10))
            .into_iter()
            .map(|s| s.commit)
            .collect();
        // 40 (newest), then the first at or before day 30: 20, then at or before 10: 9
        assert_eq!(ids, ["c3", "c2", "c0"]);
    }

    #[test]
    fn dates_are_civil_utc() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(1_577_836_800), "2020-01-01");
        assert_eq!(date(951_782_400), "2000-02-29");
    }
}
