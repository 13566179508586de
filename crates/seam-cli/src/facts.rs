//! `seam facts`: the extractor's raw output, one JSON object per file.

use crate::progress::Progress;
use clap::{Args, ValueEnum};
use rayon::prelude::*;
use seam::{DiscoverOptions, ExtractOptions, FactsOptions};
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// Print the facts seam extracts from each Perl file: packages, subs, typed references.
///
/// This is the contract between parsing and everything else; the fields are documented in
/// docs/facts-schema.md. Use it to check the extractor against another tool, or to feed your own.
///
/// Examples:
///   seam facts lib/ --format jsonl > facts.jsonl
///   seam facts . --exclude 't/**' --exclude vendor
#[derive(Debug, Args)]
pub struct FactsArgs {
    /// Root of the codebase to read (default: the current directory).
    #[arg(default_value = ".")]
    root: PathBuf,

    /// Output format: `jsonl` (one file per line) or `json` (one array).
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    format: Format,

    /// Skip paths matching this glob (relative to the root, e.g. `t/**`) or directories with this
    /// name (e.g. `vendor`). Repeatable.
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,

    /// Also read local/, blib/, extlib/, inc/, fatlib/, _build/, .build/ and node_modules/, which
    /// are skipped by default as vendored or built code.
    #[arg(long)]
    no_default_excludes: bool,

    /// Do not honour .gitignore and .ignore files.
    #[arg(long)]
    no_ignore: bool,

    /// Follow symbolic links (off by default: links can loop).
    #[arg(long)]
    follow_symlinks: bool,

    /// Skip files larger than this many bytes (with a diagnostic).
    #[arg(long, value_name = "BYTES", default_value_t = 10 * 1024 * 1024)]
    max_file_size: u64,

    /// Give up parsing a file after this many milliseconds and line-scan it instead.
    #[arg(long, value_name = "MS", default_value_t = 10_000)]
    parse_timeout_ms: u64,

    /// Worker threads (0: one per core).
    #[arg(long, short = 'j', default_value_t = 0)]
    threads: usize,

    /// Match the patterns with tree-sitter's query engine instead of the walker (slower; for
    /// checking that both agree).
    #[arg(long, hide = true)]
    query_engine: bool,

    /// No progress bar.
    #[arg(long, short = 'q')]
    quiet: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Jsonl,
    Json,
}

/// Runs `seam facts`.
pub fn run(args: FactsArgs) -> Result<ExitCode, String> {
    let options = FactsOptions {
        discover: DiscoverOptions {
            default_excludes: !args.no_default_excludes,
            excludes: args.exclude,
            follow_symlinks: args.follow_symlinks,
            respect_gitignore: !args.no_ignore,
        },
        extract: ExtractOptions {
            max_file_size: args.max_file_size,
            parse_timeout: Duration::from_millis(args.parse_timeout_ms),
            engine: if args.query_engine {
                seam::perl::MatchEngine::Query
            } else {
                seam::perl::MatchEngine::Walker
            },
            ..ExtractOptions::default()
        },
        threads: args.threads,
    };
    let progress = Progress::new("parsing", args.quiet);
    let facts = seam::extract_facts(&args.root, &options, &|done, total| {
        progress.update(done, total)
    })
    .map_err(|e| e.to_string())?;
    progress.finish();

    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let written = match args.format {
        // serialized on all cores: on a large codebase this is not negligible next to parsing
        Format::Jsonl => facts
            .par_iter()
            .map(|file| serde_json::to_string(file).map_err(std::io::Error::other))
            .collect::<Result<Vec<String>, _>>()
            .and_then(|lines| {
                lines.iter().try_for_each(|line| {
                    out.write_all(line.as_bytes())?;
                    out.write_all(b"\n")
                })
            }),
        Format::Json => serde_json::to_writer_pretty(&mut out, &facts)
            .map_err(std::io::Error::other)
            .and_then(|()| out.write_all(b"\n")),
    };
    match written.and_then(|()| out.flush()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        // `seam facts | head` closes the pipe early: that is not an error
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(format!("cannot write output: {e}")),
    }
}
