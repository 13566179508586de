//! `seam glossary`: what every figure and word seam prints means.

use clap::Args;
use std::process::ExitCode;

// docs/glossary.md, built into the binary (seam-report keeps it) so that an installed seam can show it.
use seam_report::GLOSSARY;

/// Print what every figure and word seam prints means: plain words, formula, better direction.
///
/// The same text as docs/glossary.md in seam's repository (Markdown). Every text output ends
/// with a line pointing here.
///
/// Examples:
///   seam glossary | less
///   seam glossary | grep -i instability
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct GlossaryArgs {}

/// Runs `seam glossary`.
pub fn run(_args: GlossaryArgs) -> Result<ExitCode, String> {
    crate::output::write_stdout(GLOSSARY)
}
