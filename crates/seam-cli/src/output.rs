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

/// Writes to stdout through a buffer with `write` (a renderer streaming its output rather than
/// building it whole); a closed pipe is not an error.
pub fn write_stream(
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<ExitCode, String> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(format!("cannot write output: {e}")),
    }
}

/// Writes a text (`markdown: false`) or Markdown output to stdout, ending with the footer that
/// names the glossary.
pub fn write_with_footer(text: &str, markdown: bool) -> Result<ExitCode, String> {
    let footer = if markdown {
        seam_report::markdown_footer()
    } else {
        seam_report::text_footer()
    };
    write_stdout(&format!("{text}{footer}"))
}

/// A message for stderr, wrapped to the width of the text outputs.
pub fn message(text: &str) -> String {
    seam_report::fit(&format!("{text}\n"))
        .trim_end()
        .to_string()
}

/// The formats of the commands whose output is a report to read (`analyze`, `suggest`): one
/// screen of text, everything as JSON, or Markdown tables.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ReadingFormat {
    Text,
    Json,
    Md,
}
