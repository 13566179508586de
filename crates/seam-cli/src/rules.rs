//! The arguments `check` and `baseline` share: which seam.toml, which baseline.

use crate::input::InputArgs;
use clap::Args;
use seam::rules::{Config, Date};
use seam::CheckOptions;
use std::path::{Path, PathBuf};

/// Where the rules are.
#[derive(Debug, Args)]
pub struct RuleArgs {
    /// The seam.toml to use (default: seam.toml in ROOT or the nearest directory above it).
    /// Its directory is the analyzed root unless it sets `root`.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// The baseline file (default: the `baseline` key of seam.toml, else seam-baseline.toml next
    /// to it).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
}

impl RuleArgs {
    /// The validated seam.toml. With --config, a ROOT that is not the config's root is an error
    /// rather than silently ignored.
    pub fn load(&self, start: &Path) -> Result<Config, String> {
        let config = seam::load_config(start, self.config.as_deref()).map_err(|e| e.to_string())?;
        if self.config.is_some() && start != Path::new(".") {
            let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
                (Ok(a), Ok(b)) => a == b,
                _ => false,
            };
            if !same(start, &config.root()) {
                return Err(format!(
                    "ROOT {} is not the analyzed root {} that {} names (its directory, or its `root` key); give one or the other",
                    start.display(),
                    config.root().display(),
                    config.path.display()
                ));
            }
        }
        Ok(config)
    }
}

/// The library options for a check.
pub fn check_options(rules: &RuleArgs) -> CheckOptions {
    CheckOptions {
        base: None,
        base_mode: Default::default(),
        baseline: rules.baseline.clone(),
        today: Date::today(),
    }
}

/// The workspace a check judges: seam.toml's root (`seam check sub/dir` finds the seam.toml
/// above and checks its whole root), with seam.toml's `lib`, `exclude` and `include_tests`.
pub fn open_checked(input: &InputArgs, config: Config) -> Result<seam::Workspace, String> {
    let root = config.root();
    crate::input::open_with(
        &root,
        input,
        Some(config),
        &crate::input::overrides(input, None),
    )
}

/// [`open_checked`] for `seam check`: with `--base`, the base revision is read and judged while
/// today's graph is resolved (give the result to `check_prepared`).
pub fn open_for_check(
    input: &InputArgs,
    config: Config,
    options: &CheckOptions,
) -> Result<(seam::Workspace, seam::PreparedBase), String> {
    let root = config.root();
    let overrides = crate::input::overrides(input, None);
    crate::input::open_using(input, |progress| {
        seam::Workspace::open_for_check(&root, Some(config), &overrides, progress, options)
    })
}
