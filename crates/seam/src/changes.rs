//! The history layer of a workspace: the git history of its root, read once and analyzed against
//! the workspace's graph and partition.

use crate::Workspace;
use seam_history::{HistoryAnalysis, HistoryError, HistoryOptions, ReadOptions};
use seam_suggest::history::{ChangeSets, EVALUATION_MAX_PACKAGES};

impl Workspace {
    /// Reads the history of the repository holding the root (files under the root only) and
    /// computes change coupling, hidden coupling, churn and knowledge in this workspace's modules.
    pub fn history(
        &self,
        read: &ReadOptions,
        options: &HistoryOptions,
    ) -> Result<HistoryAnalysis, HistoryError> {
        let history = seam_history::read(self.root(), read)?;
        Ok(seam_history::analyze(
            &history,
            self.graph(),
            self.partition(),
            options,
        ))
    }

    /// The packages each commit of the history changed (commits of at most 30 files, not only
    /// tests or docs): what `seam suggest` evaluates its proposal against.
    pub fn change_sets(&self, read: &ReadOptions) -> Result<ChangeSets, HistoryError> {
        let history = seam_history::read(self.root(), read)?;
        Ok(seam_history::change_sets(
            &history,
            self.graph(),
            EVALUATION_MAX_PACKAGES,
        ))
    }
}
