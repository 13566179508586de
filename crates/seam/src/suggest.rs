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
        let options = with_data(options, self.data());
        seam_suggest::suggest(self.graph(), &reference, &options).map_err(Error::Suggest)
    }
}

/// `options` with the workspace's data model as the data layer, whenever it holds a use and the
/// options name none: what every proposal seam makes clusters on.
pub(crate) fn with_data<'o>(
    options: &'o SuggestOptions,
    data: &seam_graph::DataGraph,
) -> std::borrow::Cow<'o, SuggestOptions> {
    if options.data.is_some() || data.uses.is_empty() {
        return std::borrow::Cow::Borrowed(options);
    }
    std::borrow::Cow::Owned(SuggestOptions {
        data: Some(data.clone()),
        ..options.clone()
    })
}
