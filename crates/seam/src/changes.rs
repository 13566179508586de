//! The history layer of a workspace: the git history of its root, read once and analyzed against
//! the workspace's graph and partition.
//!
//! The history read is cached next to the facts, keyed by the HEAD commit and the read options:
//! a second run at the same commit does not run `git log`. As with facts, a missing, corrupt or
//! stale cache only costs time.

use crate::CacheConfig;
use crate::Workspace;
use seam_graph::{DepGraph, NodeId, Partition};
use seam_history::{History, HistoryAnalysis, HistoryError, HistoryOptions, ReadOptions};
use seam_suggest::history::{ChangeSets, EVALUATION_MAX_PACKAGES};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

impl Workspace {
    /// Reads the history of the repository holding the root (files under the root only) and
    /// computes change coupling, hidden coupling, churn and knowledge in this workspace's modules.
    pub fn history(
        &self,
        read: &ReadOptions,
        options: &HistoryOptions,
    ) -> Result<HistoryAnalysis, HistoryError> {
        let history = self.read_history(read)?;
        let mut analysis = seam_history::analyze(&history, self.graph(), self.partition(), options);
        // old contents that cannot be read leave gaps in the trend, not an error
        if let Err(e) = self.complexity_trend(&history, &mut analysis) {
            analysis.churn_note = Some(format!("no complexity trend: {e}"));
        }
        // a pair that uses the same table or data file is coupled through the data, which the
        // code shows: not hidden
        let tables = self.tables_by_node();
        let graph = self.graph();
        analysis.hidden.retain(|hidden| {
            let of = |name: &str| graph.index_of(name).and_then(|n| tables.get(&n));
            match (of(&hidden.pair.a), of(&hidden.pair.b)) {
                (Some(a), Some(b)) => a.is_disjoint(b),
                _ => true,
            }
        });
        Ok(analysis)
    }

    /// The tables and data files each code node uses.
    fn tables_by_node(&self) -> BTreeMap<NodeId, BTreeSet<seam_graph::DataId>> {
        let mut tables: BTreeMap<NodeId, BTreeSet<seam_graph::DataId>> = BTreeMap::new();
        for used in &self.data().uses {
            tables.entry(used.from).or_default().insert(used.data);
        }
        tables
    }

    /// The packages each commit of the history changed (commits of at most 30 files, not only
    /// tests or docs): what `seam suggest` evaluates its proposal against.
    pub fn change_sets(&self, read: &ReadOptions) -> Result<ChangeSets, HistoryError> {
        let history = self.read_history(read)?;
        Ok(seam_history::change_sets(
            &history,
            self.graph(),
            EVALUATION_MAX_PACKAGES,
        ))
    }

    /// The co-change graph: the packages and scripts that change together, and an edge (from
    /// the name first in order) for each pair whose change coupling passes `options`'
    /// thresholds, its `references` counting the commits that changed both (no kinds, symbols
    /// or locations). Nodes without such a pair are left out; the partition is the workspace's
    /// over the nodes kept.
    pub fn change_graph(
        &self,
        read: &ReadOptions,
        options: &HistoryOptions,
    ) -> Result<(DepGraph, Partition), HistoryError> {
        let analysis = self.history(read, options)?;
        let graph = self.graph();
        let pairs: Vec<(NodeId, NodeId, u32)> = analysis
            .coupling
            .packages
            .iter()
            .filter_map(|p| Some((graph.index_of(&p.a)?, graph.index_of(&p.b)?, p.shared)))
            .collect();
        let kept: Vec<NodeId> = pairs
            .iter()
            .flat_map(|&(a, b, _)| [a, b])
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let new_id: BTreeMap<NodeId, NodeId> = kept
            .iter()
            .enumerate()
            .map(|(i, &old)| (old, NodeId::from_index(i)))
            .collect();
        let mut changes = DepGraph {
            nodes: kept.iter().map(|&n| graph.node(n).clone()).collect(),
            ..DepGraph::default()
        };
        for (a, b, shared) in pairs {
            let edge = changes.edges.entry((new_id[&a], new_id[&b])).or_default();
            edge.references = shared;
        }
        Ok((changes, self.partition().restricted(&kept)))
    }

    /// The history of the root, from the cache when it holds the one ending at today's HEAD.
    fn read_history(&self, read: &ReadOptions) -> Result<History, HistoryError> {
        let head = seam_history::head(self.root())?;
        let Some(cache) = &self.options().facts.cache else {
            return seam_history::read_at(self.root(), head, read);
        };
        let key = format!("history 2; {head}; {read:?}");
        let file = cache.file_for(self.root(), "history", "json");
        if let Some(history) = load(&file, &key) {
            return Ok(history);
        }
        let history = seam_history::read_at(self.root(), head, read)?;
        save(cache, &file, &key, &history);
        Ok(history)
    }
}

/// The cached history in `file` if it was written under `key`.
fn load(file: &Path, key: &str) -> Option<History> {
    let text = std::fs::read_to_string(file).ok()?;
    let (first, rest) = text.split_once('\n')?;
    (first == key).then(|| serde_json::from_str(rest).ok())?
}

/// Writes the cache; a failure costs the next run time, nothing else.
fn save(cache: &CacheConfig, file: &Path, key: &str, history: &History) {
    let Ok(json) = serde_json::to_string(history) else {
        return;
    };
    let _ = std::fs::create_dir_all(&cache.dir);
    let _ = crate::write_atomically(file, format!("{key}\n{json}").as_bytes());
}
