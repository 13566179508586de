//! `seam report`: everything the architect's report shows, gathered from one workspace — the
//! analysis, the proposed boundaries, the check when a seam.toml exists, and where and when.

use crate::check::CheckOptions;
use crate::{Error, Workspace};
use seam_graph::Analysis;
use seam_rules::{CheckReport, Date};
use seam_suggest::Suggestion;

/// Everything a report shows.
#[derive(Debug, Clone)]
pub struct ReportData {
    /// The analysis.
    pub analysis: Analysis,
    /// The proposal; `None` when not asked for or there is nothing to cluster.
    pub suggestion: Option<Suggestion>,
    /// The check; `None` without a seam.toml.
    pub check: Option<CheckReport>,
    /// The git revision of the root.
    pub revision: Option<String>,
    /// When, UTC, ISO 8601.
    pub generated: String,
}

impl Workspace {
    /// Gathers the report's data: every section reads this one workspace, so they agree on the
    /// files and on the modules. `suggest`: propose boundaries too.
    pub fn into_report_data(self, suggest: bool) -> Result<ReportData, Error> {
        let suggestion = if suggest {
            match self.suggestion(false, &Default::default()) {
                Ok(suggestion) => Some(suggestion),
                // too small to cluster: the section is left out, not faked
                Err(Error::Suggest(_)) => None,
                Err(e) => return Err(e),
            }
        } else {
            None
        };
        let check = match self.config() {
            Some(_) => {
                let options = CheckOptions {
                    base: None,
                    base_mode: Default::default(),
                    baseline: None,
                    today: Date::today(),
                };
                Some(self.check(&options)?)
            }
            None => None,
        };
        let revision = crate::git::revision(self.root());
        Ok(ReportData {
            analysis: self.into_analysis(),
            suggestion,
            check,
            revision,
            generated: now(),
        })
    }
}

/// The current UTC time, `2026-11-26T10:12:03Z`.
fn now() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let date = Date::from_days_since_epoch((seconds / 86_400) as i64);
    let time = seconds % 86_400;
    format!(
        "{date}T{:02}:{:02}:{:02}Z",
        time / 3600,
        time % 3600 / 60,
        time % 60
    )
}
