//! `seam trend`: the structure of the codebase at sampled commits of its first-parent line, in
//! today's modules — is the modularization progressing?
//!
//! Each sample's files are read from git without touching the working tree
//! ([`crate::facts_at_revision`]'s machinery: files unchanged since the sample reuse today's facts,
//! the others are read with `git cat-file --batch`). Facts are remembered by object id and path
//! across samples, so a file that did not change between two samples is read and parsed once, and
//! they are cached by content between runs (a `trend` cache file next to the facts cache), so a
//! second run parses nothing. Each sample becomes a workspace of its own through the one place
//! that assigns modules ([`Workspace`]'s construction), with today's seam.toml or today's
//! namespace depth.

use crate::cache::FactsCache;
use crate::git::{facts_at_revision_with, BlobMemo};
use crate::{Error, ModuleSource, Workspace};
use seam_history::trend::{date, Sample, Sampling, Trend, TrendPoint, TREND_SCHEMA_VERSION};
use seam_rules::{Severity, Status};

/// Which commits `seam trend` samples.
#[derive(Debug, Clone)]
pub struct TrendOptions {
    /// How many, or how often.
    pub sampling: Sampling,
    /// Only commits after this date (`git log --since`).
    pub since: Option<String>,
    /// Only commits before this date (`git log --until`).
    pub until: Option<String>,
}

impl Workspace {
    /// The structure at the sampled commits of the first-parent line of HEAD that touch the root,
    /// oldest first, in this workspace's modules (seam.toml's, or namespaces at this workspace's
    /// depth). `progress(done, total)` reports samples evaluated. Fails with
    /// [`Error::History`] when there is no usable history (no repository, no commits, a shallow
    /// clone), with [`Error::Git`] when a sample cannot be read, and with
    /// [`Error::TrendModules`] for `--modules proposal` (a proposal is today's, not a rule to
    /// apply to other code).
    pub fn trend(
        &self,
        options: &TrendOptions,
        progress: &dyn Fn(usize, usize),
    ) -> Result<Trend, Error> {
        if self.options().modules == ModuleSource::Proposal {
            return Err(Error::TrendModules);
        }
        let samples = seam_history::trend::samples(
            self.root(),
            options.sampling,
            options.since.as_deref(),
            options.until.as_deref(),
        )?;
        let cache = match &self.options().facts.cache {
            Some(config) => {
                FactsCache::open_kind(config, self.root(), "trend", &self.options().facts.extract)
            }
            None => FactsCache::empty(),
        };
        let mut memo = BlobMemo::default();
        let mut points = Vec::with_capacity(samples.len());
        for (done, sample) in samples.iter().enumerate() {
            progress(done, samples.len());
            points.push(self.point(sample, &cache, &mut memo)?);
        }
        progress(samples.len(), samples.len());
        // a cache that cannot be written only costs the next run its speed
        let read: Vec<_> = memo.facts().cloned().collect();
        let _ = cache.save(&read);
        Ok(Trend {
            schema_version: TREND_SCHEMA_VERSION,
            modules_from: self.partition().source().describe(),
            points,
        })
    }

    /// The figures at one sampled commit.
    fn point(
        &self,
        sample: &Sample,
        cache: &FactsCache,
        memo: &mut BlobMemo,
    ) -> Result<TrendPoint, Error> {
        let facts = facts_at_revision_with(
            self.root(),
            &sample.commit,
            self.facts(),
            &self.options().facts,
            cache,
            memo,
        )?;
        let then = self.with_facts(facts)?;
        let violations = then.current_findings().ok().map(|findings| {
            findings
                .iter()
                .filter(|f| f.severity == Severity::Error && f.status != Status::Suppressed)
                .count()
        });
        let summary = then.into_analysis().summary;
        Ok(TrendPoint {
            commit: sample.commit.clone(),
            time: sample.time,
            date: date(sample.time),
            files: summary.files,
            packages: summary.packages,
            code_lines: summary.code_lines,
            modules: summary.modules,
            cross_module_edges: summary.cross_module_edges,
            propagation_cost: summary.propagation_cost,
            module_cycles: summary.module_cycles,
            packages_in_cycles: summary.packages_in_cycles,
            violations,
        })
    }
}
