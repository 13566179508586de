//! `seam suggest`: module boundaries proposed from the coupling.

use crate::history::HistoryArgs;
use crate::input::{GraphArgs, InputArgs};
use crate::output::{write_stream, write_with_footer, ReadingFormat};
use clap::Args;
use seam::suggestions::SuggestOptions;
use std::path::PathBuf;
use std::process::ExitCode;

/// Propose module boundaries from the coupling: where the code itself says the seams are.
///
/// Clusters the package graph (references weighted by kind: inheritance 5, shared globals 3,
/// SUPER 2, dynamic loads 0.5, the rest 1) with seeded Leiden, sweeps the resolution and reports
/// the granularities that stay stable over a range with how much their seeds agree, details the
/// coarsest granularity with no module over --max-share confirmed across --seeds seeds (the
/// proposal is the consensus of those runs; --seed sets the base seed): each module's members,
/// cohesion, coupling and cut cost (the API other modules call, inheritance and globals across
/// the cut, blind spots), the namespaces merged into another module (one line each) and the
/// packages relocated away from their namespace siblings with the edges that pulled them,
/// agreement with today's modules (MoJoFM, ARI, and what chance scores), and an order to extract
/// the application's modules in (the shared kernel last; tests and vendored code set aside).
/// Same input, same output: seeds are fixed and the order canonical.
///
/// With a seam.toml in ROOT (or --config), its modules are the reference; --hold keeps them fixed
/// and proposes only the rest. Scripts are not clustered (they use modules, they are not in one).
///
/// Examples:
///   seam suggest examples/library-monolith
///   seam suggest . --granularity 0 --format md > proposal.md
///   seam suggest . --keep-whole MyApp::Billing --apart MyApp::Log,MyApp::Mailer --max-size 40
///   seam suggest . --write seam.toml
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct SuggestArgs {
    #[command(flatten)]
    input: InputArgs,

    #[command(flatten)]
    graph: GraphArgs,

    #[command(flatten)]
    history: HistoryArgs,

    /// Cluster with the version history too: a pair of packages that always changes together
    /// weighs as much as this many references (0: history only evaluates the proposal). The
    /// layer is built from the older four fifths of the history; the newest fifth is held out to
    /// evaluate the proposal.
    #[arg(long, value_name = "W", default_value_t = SuggestOptions::default().history_weight)]
    history_weight: f64,

    /// Weight of the `data` layer: packages that write the same table are tied (two sole
    /// writers of a table weigh as much as this many references; a reader is tied a quarter as
    /// much to the writers). 0: tables are reported but not clustered on.
    #[arg(long, value_name = "W", default_value_t = SuggestOptions::default().data_weight)]
    data_weight: f64,

    /// `text`, `json` (everything; docs/suggest-schema.json) or `md`.
    #[arg(long, value_enum, default_value_t = ReadingFormat::Text)]
    format: ReadingFormat,

    /// Detail the Nth stable granularity (0: the coarsest) instead of the widest.
    #[arg(long, value_name = "N")]
    granularity: Option<usize>,

    /// Detail this resolution instead of a stable granularity (higher: more, smaller modules).
    #[arg(long, value_name = "GAMMA", value_parser = resolution)]
    resolution: Option<f64>,

    /// Leiden runs (seeds) per stable granularity: how much they agree is its stability, the
    /// granularity whose runs agree most is detailed, and the proposal is their consensus
    /// (0 or 1: a single run).
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u64).range(0..=100))]
    seeds: u64,

    /// The base Leiden seed: the sweep's, and the first of the runs (the others follow it).
    #[arg(long, value_name = "N", default_value_t = 0)]
    seed: u64,

    /// No module may hold more than this share of the packages: a larger one is clustered again
    /// on its own (then cut by namespace), and the output says so (1: no limit).
    #[arg(long, value_name = "SHARE", default_value_t = seam::suggestions::DEFAULT_MAX_SHARE, value_parser = max_share)]
    max_share: f64,

    /// Keep every package of this namespace in one module. Repeatable.
    #[arg(long, value_name = "PREFIX")]
    keep_whole: Vec<String>,

    /// These two packages must share a module. Repeatable.
    #[arg(long, value_name = "A,B", value_parser = pair)]
    together: Vec<(String, String)>,

    /// These two packages must not share a module. Repeatable.
    #[arg(long, value_name = "A,B", value_parser = pair)]
    apart: Vec<(String, String)>,

    /// At most this many packages per module.
    #[arg(long, value_name = "N", default_value_t = 0)]
    max_size: usize,

    /// Weight of one reference of a kind, e.g. `call=2`. Repeatable.
    #[arg(long, value_name = "KIND=W", value_parser = kind_weight)]
    weight: Vec<(seam::graph::EdgeKind, f64)>,

    /// Hold the seam.toml modules fixed and propose only the rest.
    #[arg(long)]
    hold: bool,

    /// Also write the proposal as a draft seam.toml to FILE (never overwrites without --force).
    #[arg(long, value_name = "FILE")]
    write: Option<PathBuf>,

    /// Let --write replace an existing file.
    #[arg(long)]
    force: bool,
}

fn pair(text: &str) -> Result<(String, String), String> {
    match text.split_once(',') {
        Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => {
            Ok((a.trim().to_string(), b.trim().to_string()))
        }
        _ => Err(format!(
            "`{text}`: give two package names separated by a comma"
        )),
    }
}

fn max_share(text: &str) -> Result<f64, String> {
    text.parse::<f64>()
        .ok()
        .filter(|r| r.is_finite() && *r > 0.0 && *r <= 1.0)
        .ok_or_else(|| {
            format!("`{text}` is not a share: a number above 0 and at most 1 (0.35: 35%)")
        })
}

fn resolution(text: &str) -> Result<f64, String> {
    text.parse::<f64>()
        .ok()
        .filter(|r| r.is_finite() && *r > 0.0 && *r <= 1000.0)
        .ok_or_else(|| format!("`{text}` is not a resolution: a number above 0 and at most 1000"))
}

fn kind_weight(text: &str) -> Result<(seam::graph::EdgeKind, f64), String> {
    let (kind, weight) = text
        .split_once('=')
        .ok_or_else(|| format!("`{text}`: write KIND=WEIGHT, e.g. call=2"))?;
    let kind = seam::graph::EdgeKind::from_name(kind.trim()).ok_or_else(|| {
        let kinds: Vec<&str> = seam::graph::EdgeKind::ALL
            .iter()
            .map(|k| k.name())
            .collect();
        format!("unknown kind `{kind}`; kinds are: {}", kinds.join(", "))
    })?;
    let weight: f64 = weight
        .trim()
        .parse()
        .ok()
        .filter(|w: &f64| w.is_finite() && (0.0..=1000.0).contains(w))
        .ok_or_else(|| format!("`{weight}` is not a weight (a number from 0 to 1000)"))?;
    Ok((kind, weight))
}

/// Runs `seam suggest`.
pub fn run(args: SuggestArgs) -> Result<ExitCode, String> {
    if let Some(path) = &args.write {
        if path.is_dir() {
            return Err(format!(
                "--write {} is a directory; name a file",
                path.display()
            ));
        }
        if path.exists() && !args.force {
            return Err(format!(
                "{} already exists; pass --force to replace it",
                path.display()
            ));
        }
    }
    let config = crate::input::reference_config(&args.input.root, args.graph.config.as_deref())?;
    if args.hold && config.is_none() {
        return Err("--hold keeps the modules of a seam.toml, and there is none in ROOT; pass --config FILE".into());
    }
    let mut options = SuggestOptions {
        resolution: args.resolution,
        granularity: args.granularity,
        seeds: args.seeds,
        seed: args.seed,
        max_share: args.max_share,
        keep_whole: args.keep_whole.clone(),
        together: args.together.clone(),
        apart: args.apart.clone(),
        max_size: args.max_size,
        ..SuggestOptions::default()
    };
    for &(kind, weight) in &args.weight {
        options.weights.set(kind, weight);
    }
    let overrides = crate::input::overrides(&args.input, Some(&args.graph));
    let workspace = crate::input::open_with(&args.input.root, &args.input, config, &overrides)?;
    options.change_sets = args.history.change_sets(&workspace, args.input.quiet)?;
    options.history_weight = args.history_weight;
    options.data_weight = args.data_weight;
    let suggestion = workspace
        .suggestion(args.hold, &options)
        .map_err(|e| e.to_string())?;
    if let Some(path) = &args.write {
        let draft = seam::suggestions::draft_config(&suggestion);
        seam::write_atomically(path, draft.as_bytes()).map_err(|e| e.to_string())?;
        eprintln!(
            "wrote {}",
            seam_report::visible(&path.display().to_string())
        );
    }
    let root = args.input.root.display().to_string();
    let written = match args.format {
        ReadingFormat::Text => {
            write_with_footer(&seam_report::suggest_text(&suggestion, &root), false)
        }
        ReadingFormat::Json => {
            write_stream(|out| seam_report::write_suggest_json(out, &suggestion))
        }
        ReadingFormat::Md => {
            write_with_footer(&seam_report::suggest_markdown(&suggestion, &root), true)
        }
    };
    crate::input::leave((workspace, suggestion));
    written
}
