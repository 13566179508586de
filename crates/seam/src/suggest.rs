//! `seam suggest`: the proposal for a workspace, compared with its modules (a seam.toml's, else
//! the namespaces).

use crate::{Error, Workspace};
use seam_graph::PartitionSource;
use seam_suggest::{Reference, SuggestOptions, Suggestion};

impl Workspace {
    /// Proposes module boundaries, compared with the workspace's modules; with `hold`, the
    /// seam.toml modules stay as they are and only the rest is proposed.
    pub fn suggestion(&self, hold: bool, options: &SuggestOptions) -> Result<Suggestion, Error> {
        let partition = self.partition();
        if matches!(partition.source(), PartitionSource::Proposal) {
            return Err(Error::Suggest(
                "seam suggest compares its proposal with today's modules; leave out --modules proposal".into(),
            ));
        }
        if hold && !matches!(partition.source(), PartitionSource::Config { .. }) {
            return Err(Error::Suggest(
                "--hold keeps the modules of a seam.toml, and these modules are namespaces; give a seam.toml (--config FILE) and leave out --modules namespace".into(),
            ));
        }
        let reference = Reference { partition, hold };
        // the workspace's data model is the data layer, whenever it holds a use
        let with_data;
        let options = if options.data.is_none() && !self.data().uses.is_empty() {
            with_data = SuggestOptions {
                data: Some(self.data().clone()),
                ..options.clone()
            };
            &with_data
        } else {
            options
        };
        seam_suggest::suggest(self.graph(), &reference, options).map_err(Error::Suggest)
    }
}
