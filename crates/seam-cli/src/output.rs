//! Writing the requested output to stdout.

use std::io::Write;
use std::process::ExitCode;

/// Writes `text` to stdout; a closed pipe (`seam ... | head`) is not an error.
pub fn write_stdout(text: &str) -> Result<ExitCode, String> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(format!("cannot write output: {e}")),
    }
}

/// The formats of the commands whose output is a report to read (`analyze`, `suggest`): one
/// screen of text, everything as JSON, or Markdown tables.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ReadingFormat {
    Text,
    Json,
    Md,
}
