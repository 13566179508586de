//! The history layer of a workspace: the git history of its root, read once and analyzed against
//! the workspace's graph and partition.

use crate::Workspace;
use seam_history::{HistoryAnalysis, HistoryError, HistoryOptions, ReadOptions};

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
}
