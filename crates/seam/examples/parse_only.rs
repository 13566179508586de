//! Parse-only pass over a codebase: reads and parses every Perl file with the same grammar, file
//! discovery and thread pool as `seam facts`, and extracts nothing. `scripts/bench-facts.sh` uses
//! it as the floor `seam facts` is measured against.
//!
//!     cargo run --release -p seam --example parse_only -- ROOT [THREADS]

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(root) = args.next().map(PathBuf::from) else {
        eprintln!("usage: parse_only ROOT [THREADS]");
        return ExitCode::from(2);
    };
    let threads = args.next().and_then(|t| t.parse().ok()).unwrap_or(0);
    let result = seam::discover(&root, &Default::default())
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
