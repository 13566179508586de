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
/// A seam.toml in ROOT adds its `exclude` globs and `template_roots`, as in every other command.
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
    let config = crate::input::reference_config(&args.input.root, None)?;
    let options =
        seam::Options::merge(&crate::input::overrides(&args.input, None), config.as_ref())
            .map_err(|e| e.to_string())?;
    let progress = Progress::new("parsing", args.input.quiet);
    let codebase = seam::extract_code(&args.input.root, &options.facts, &|done, total| {
        progress.update(done, total)
    })
    .map_err(|e| e.to_string())?;
    progress.finish();
    crate::input::note_skipped(&codebase.skipped, args.input.quiet);
    crate::input::note_cache(codebase.cache_note.as_deref(), args.input.quiet);
    let facts = codebase.facts;
    match args.format {
        Format::Jsonl => write_lines(&facts),
        Format::Json => write_stdout(&seam_report::json_text(
            serde_json::to_string_pretty(&facts).map_err(|e| e.to_string())? + "\n",
        )),
    }
}

/// Records serialized per chunk before they are written.
const CHUNK: usize = 2048;

/// One JSON line per file, streamed: each chunk is serialized on all cores (on a large codebase
/// this is not negligible next to parsing) and written before the next is made, so the output
/// is never held whole in memory (1,000,000 files: gigabytes). The lines go to the buffered
/// writer one by one: joining a chunk's lines first cost a copy of it into fresh memory.
fn write_lines(facts: &[seam::perl::FileFacts]) -> Result<ExitCode, String> {
    use std::io::Write;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for chunk in facts.chunks(CHUNK) {
        let lines = chunk
            .par_iter()
            .map(|file| serde_json::to_string(file).map(|line| seam_report::json_text(line + "\n")))
            .collect::<Result<Vec<String>, _>>()
            .map_err(|e| e.to_string())?;
        match lines
            .iter()
            .try_for_each(|line| out.write_all(line.as_bytes()))
        {
            Ok(()) => {}
            // `seam facts | head` is not an error
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
            Err(e) => return Err(format!("cannot write output: {e}")),
        }
    }
    match out.flush() {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(format!("cannot write output: {e}")),
    }
}
