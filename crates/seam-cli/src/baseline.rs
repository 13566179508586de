//! `seam baseline`: record today's violations as tolerated debt, or prune the fixed ones.

use crate::input::InputArgs;
use crate::rules::{check_options, open_checked, RuleArgs};
use clap::Args;
use std::process::ExitCode;

/// Write the baseline: the violations `seam check` tolerates until they are fixed.
///
/// Without --prune, the baseline becomes every current violation (entries that remain keep their
/// `reason`, `owner` and `expires`). With --prune, entries whose violation is gone are removed and
/// nothing is added: the way to shrink the baseline after fixing debt. The file is one sorted
/// entry per line, keyed without line numbers, so it merges well; commit it.
///
/// Examples:
///   seam baseline            # adopt the rules: today's violations become the baseline
///   seam baseline --prune    # after fixing violations
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct BaselineArgs {
    #[command(flatten)]
    input: InputArgs,

    #[command(flatten)]
    rules: RuleArgs,

    /// Only remove entries whose violation no longer exists; add nothing.
    #[arg(long)]
    prune: bool,
}

/// Runs `seam baseline`.
pub fn run(args: BaselineArgs) -> Result<ExitCode, String> {
    let config = args.rules.load(&args.input.root)?;
    let options = check_options(&args.rules);
    let workspace = open_checked(&args.input, config)?;
    let update = workspace
        .write_baseline(&options, args.prune)
        .map_err(|e| e.to_string())?;
    eprintln!(
        "{}",
        crate::output::message(&format!(
            "wrote {}: {} entries ({} added, {} removed)",
            seam_report::visible(&update.path.display().to_string()),
            update.after,
            update.added,
            update.removed
        ))
    );
    Ok(ExitCode::SUCCESS)
}
