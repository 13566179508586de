//! `seam facts`: the extractor's raw output, one JSON object per file.

use crate::input::InputArgs;
use crate::output::write_stdout;
use crate::progress::Progress;
use clap::{Args, ValueEnum};
use rayon::prelude::*;
use std::process::ExitCode;

/// Print the facts seam extracts from each Perl file: packages, subs, typed references.
///
/// This is the contract between parsing and everything else; the fields are documented in
/// docs/facts-schema.md. Use it to check the extractor against another tool, or to feed your own.
///
/// Examples:
///   seam facts lib/ --format jsonl > facts.jsonl
///   seam facts . --exclude 't/**' --exclude vendor
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct FactsArgs {
    #[command(flatten)]
    input: InputArgs,

    /// Output format: `jsonl` (one file per line) or `json` (one array).
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    format: Format,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Jsonl,
    Json,
}

/// Runs `seam facts`.
pub fn run(args: FactsArgs) -> Result<ExitCode, String> {
    let progress = Progress::new("parsing", args.input.quiet);
    let codebase = seam::extract_codebase(
        &args.input.root,
        &args.input.facts_options(),
        &|done, total| progress.update(done, total),
    )
    .map_err(|e| e.to_string())?;
    progress.finish();
    crate::input::note_skipped(&codebase.skipped, args.input.quiet);
    let facts = codebase.facts;
    let text = match args.format {
        // serialized on all cores: on a large codebase this is not negligible next to parsing
        Format::Jsonl => facts
            .par_iter()
            .map(|file| serde_json::to_string(file).map(|line| seam_report::json_text(line + "\n")))
            .collect::<Result<Vec<String>, _>>()
            .map_err(|e| e.to_string())?
            .concat(),
        Format::Json => seam_report::json_text(
            serde_json::to_string_pretty(&facts).map_err(|e| e.to_string())? + "\n",
        ),
    };
    write_stdout(&text)
}
