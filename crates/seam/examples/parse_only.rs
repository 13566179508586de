//! Parse-only pass over a codebase: reads and parses every Perl file with the same grammar, file
//! discovery and thread pool as `seam facts`, and extracts nothing. `scripts/bench-facts.py` uses
//! it as the floor `seam facts` is measured against.
//!
//!     cargo run --release -p seam --example parse_only -- ROOT [THREADS] [--exclude GLOB]...
//!
//! `--exclude` is `seam facts`' option of that name: the benchmark passes both the same excludes
//! (the template files, for the Perl-only ratio), so that both walks do the same discovery work
//! (an excluded file is not read to sniff whether it is a template).

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut positional = Vec::new();
    let mut options = seam::DiscoverOptions::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if let Some(glob) = arg.strip_prefix("--exclude=") {
            options.excludes.push(glob.to_string());
        } else if arg == "--exclude" {
            options.excludes.extend(args.next());
        } else {
            positional.push(arg);
        }
    }
    let mut positional = positional.into_iter();
    let Some(root) = positional.next().map(PathBuf::from) else {
        eprintln!("usage: parse_only ROOT [THREADS] [--exclude GLOB]...");
        return ExitCode::from(2);
    };
    let threads = positional.next().and_then(|t| t.parse().ok()).unwrap_or(0);
    let result = seam::discover(&root, &options)
        .and_then(|files| seam::parse_only(&files, threads).map(|parsed| (files.len(), parsed)));
    match result {
        Ok((files, parsed)) => {
            eprintln!("parsed {parsed} of {files} files");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
