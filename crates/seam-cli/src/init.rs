//! `seam init`: a first seam.toml.

use crate::input::{GraphArgs, InputArgs};
use clap::Args;
use std::process::ExitCode;

/// Write a starting seam.toml from the namespaces as they are today.
///
/// Each namespace (at --depth) and each script directory becomes a module whose `depends_on`
/// lists the modules it uses today, so from the first `seam check` new cross-module dependencies
/// fail and old ones pass; existing cycles are reported until `seam baseline` records them (when
/// one cycle already holds a quarter of the modules, the cycle rule is written turned off, with
/// the way to turn it on). Vendored trees at the top of ROOT (dot-directories, vendor/, local/,
/// carton and cpm caches) are left out and written to `exclude`, with every --exclude given. Mason
/// component roots (--template-root, else the directories of the top-most `autohandler`s) are
/// written to `template_roots`. Every
/// key is explained in a comment. An existing seam.toml is never overwritten without --force.
///
/// Examples:
///   seam init && seam check
///   seam init --depth 3 --force
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct InitArgs {
    #[command(flatten)]
    input: InputArgs,

    #[command(flatten)]
    graph: GraphArgs,

    /// Overwrite an existing seam.toml.
    #[arg(long)]
    force: bool,
}

/// Runs `seam init`.
pub fn run(args: InitArgs) -> Result<ExitCode, String> {
    let path = args.input.root.join(seam::rules::config::CONFIG_FILE);
    if path.exists() && !args.force {
        return Err(format!(
            "{} already exists; pass --force to replace it (edit it by hand to keep your changes)",
            path.display()
        ));
    }
    // the draft starts from the namespaces, whatever seam.toml --force replaces
    let mut overrides = crate::input::overrides(&args.input, Some(&args.graph));
    overrides.modules = Some(seam::ModuleSource::Namespaces);
    // vendored trees are skipped by default (discovery's one rule); the draft records only what
    // the user excluded on top
    let exclude = args.input.exclude.clone();
    overrides.facts.discover.excludes = exclude.clone();
    let mut workspace = crate::input::open_with(&args.input.root, &args.input, None, &overrides)?;
    // component roots given on the command line, else the top-most autohandlers' directories;
    // found ones are read again with them (cached: cheap), as `seam check` will read them
    let template_roots = if args.input.template_root.is_empty() {
        let found = seam::graph::component_roots(
            workspace
                .facts()
                .iter()
                .filter_map(|f| Some((f.path.as_str(), f.template.as_ref()?))),
        );
        if !found.is_empty() {
            overrides.facts.discover.template_roots = found.clone();
            workspace = crate::input::open_with(&args.input.root, &args.input, None, &overrides)?;
        }
        found
    } else {
        args.input.template_root.clone()
    };
    let analysis = workspace.into_analysis();
    let text = seam::rules::draft_config(&analysis, &exclude, &template_roots);
    seam::write_atomically(&path, text.as_bytes()).map_err(|e| e.to_string())?;
    eprintln!(
        "{}",
        crate::output::message(&format!(
            "wrote {} with {} modules; review it, then run `seam check` (and `seam baseline` to \
             record existing violations)",
            seam_report::visible(&path.display().to_string()),
            text.matches("\n[[module]]\n").count()
        ))
    );
    Ok(ExitCode::SUCCESS)
}
