//! `seam allow`: accept a module dependency on purpose.

use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Allow module FROM to use module TO: adds TO to FROM's `depends_on` in seam.toml.
///
/// The file is edited in place: comments, order and layout are kept, and the result must still be
/// a valid seam.toml. With --kinds only those reference kinds are allowed (`{ module = "TO",
/// kinds = [...] }`). A module without `depends_on` may already use anything: nothing changes.
/// This accepts a dependency the `depends_on` rule reports; it does not clear a cycle (see the
/// `cycle` finding's ways out). Commit the edited seam.toml with the change that needs it.
///
/// Examples:
///   seam allow billing catalog
///   seam allow billing reports --kinds runtime_load
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct AllowArgs {
    /// The module that uses.
    from: String,

    /// The module it may use.
    to: String,

    /// Allow only these reference kinds or groups (`use`, `require`, `runtime_load`, `calls`...).
    #[arg(long, value_delimiter = ',', value_name = "KIND")]
    kinds: Vec<String>,

    /// The seam.toml to edit (default: seam.toml in the current directory or the nearest above).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,

    /// Print nothing on success.
    #[arg(short, long)]
    quiet: bool,
}

/// Runs `seam allow`.
pub fn run(args: AllowArgs) -> Result<ExitCode, String> {
    let config = seam::load_config(std::path::Path::new("."), args.config.as_deref())
        .map_err(|e| e.to_string())?;
    let text = std::fs::read_to_string(&config.path)
        .map_err(|e| format!("cannot read {}: {e}", config.path.display()))?;
    let path = config.path.clone();
    match seam::rules::allow_dependency(&config, &text, &args.from, &args.to, &args.kinds)? {
        seam::rules::Allowed::Changed(edited, what) => {
            seam::write_atomically(&path, edited.as_bytes()).map_err(|e| e.to_string())?;
            eprintln!(
                "{}: {what}",
                seam_report::visible(&path.display().to_string())
            );
        }
        seam::rules::Allowed::Already(why) => eprintln!("nothing to change: {why}"),
    }
    Ok(ExitCode::SUCCESS)
}
