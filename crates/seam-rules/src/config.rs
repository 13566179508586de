//! `seam.toml`: the module map and the rules, parsed and validated with line numbers.
//!
//! Parsing is two steps: serde reads the TOML into the raw structs below (unknown keys are
//! rejected there, with a "did you mean"), then [`Config::validate`] checks what serde cannot —
//! module names that exist, globs that compile, reference kinds that exist — and points every
//! error at its line and key.

use crate::compiled::{Checks, Compiled, Cycles, Forbidden, Independent, Layers, Module};
use crate::kinds::KindSet;
use crate::rules::{stale_baseline, table_read, uncovered, unreadable, unused_suppression};
use globset::{Glob, GlobBuilder};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The file name `seam check` looks for.
pub const CONFIG_FILE: &str = "seam.toml";

/// The baseline file name when seam.toml does not name one.
pub const DEFAULT_BASELINE: &str = "seam-baseline.toml";

/// A `seam.toml` that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid TOML, or has an unknown or mistyped key, or breaks a rule.
    #[error("{path}:{line}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line of the offending key or value.
        line: usize,
        /// What is wrong and how to fix it.
        message: String,
    },
}

/// How seriously a configurable problem is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Not reported.
    Ignore,
    /// Reported, never fails the check.
    #[default]
    Warn,
    /// Fails the check.
    Error,
}

/// The `[check]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckSettings {
    /// Packages and scripts no module claims.
    #[serde(default = "uncovered_level")]
    pub uncovered: Level,
    /// Baseline entries whose violation is gone (`error`: the baseline can only shrink).
    #[serde(default = "stale_baseline_level")]
    pub stale_baseline: Level,
    /// `# seam: allow(...)` comments that suppress nothing.
    #[serde(default = "unused_suppression_level")]
    pub unused_suppression: Level,
    /// Files seam could not read or that parse worse than at the base revision, and directories
    /// it could not list (`error`: a check never passes on code it did not see).
    #[serde(default = "unreadable_level")]
    pub unreadable: Level,
    /// Reads of a table or data file another module owns (`ignore` by default: opt in with
    /// `warn` or `error` once owners are declared).
    #[serde(default = "table_read_level")]
    pub table_read: Level,
    /// Reference kinds whose violations are warnings, not errors (default: `dynamic_load`, which
    /// is a guess about a string).
    #[serde(default = "dynamic_kinds")]
    pub warn_kinds: Spanned<Vec<Spanned<String>>>,
}

// A configurable rule's level when seam.toml does not set it is the rule's own default.
fn uncovered_level() -> Level {
    uncovered::RULE.default_level()
}

fn stale_baseline_level() -> Level {
    stale_baseline::RULE.default_level()
}

fn unused_suppression_level() -> Level {
    unused_suppression::RULE.default_level()
}

fn unreadable_level() -> Level {
    unreadable::RULE.default_level()
}

fn table_read_level() -> Level {
    table_read::RULE.default_level()
}

fn dynamic_kinds() -> Spanned<Vec<Spanned<String>>> {
    Spanned::new(0..0, vec![Spanned::new(0..0, "dynamic_load".to_string())])
}

impl Default for CheckSettings {
    fn default() -> Self {
        CheckSettings {
            uncovered: uncovered_level(),
            stale_baseline: stale_baseline_level(),
            unused_suppression: unused_suppression_level(),
            unreadable: unreadable_level(),
            table_read: table_read_level(),
            warn_kinds: dynamic_kinds(),
        }
    }
}

/// An entry of `depends_on`: a module name, or a table allowing only some reference kinds.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Dependency {
    /// `"catalog"`: every kind allowed.
    Module(String),
    /// `{ module = "reports", kinds = ["require"] }`: only these kinds.
    Restricted(RestrictedDependency),
}

/// A `depends_on` entry that allows only some kinds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RestrictedDependency {
    /// The module depended on.
    pub module: String,
    /// Kinds allowed.
    pub kinds: Vec<String>,
}

impl Dependency {
    /// The module and the kinds allowed (empty: all).
    pub fn parts(&self) -> (&str, &[String]) {
        match self {
            Dependency::Module(name) => (name, &[]),
            Dependency::Restricted(entry) => (&entry.module, &entry.kinds),
        }
    }
}

/// A `[[module]]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleConfig {
    /// Unique name.
    pub name: Spanned<String>,
    /// Package globs (`LibSys::Billing`, `LibSys::Billing::**`); `*` is one name segment, `**`
    /// any number.
    #[serde(default)]
    pub packages: Vec<Spanned<String>>,
    /// Path globs relative to the root (`cgi-bin/billing/**`): claims the packages declared in
    /// those files, and the scripts.
    #[serde(default)]
    pub paths: Vec<Spanned<String>>,
    /// Template and component path globs relative to the root (`share/html/Ticket/**`):
    /// claims the templates there (`paths` claims them too; these are matched first).
    #[serde(default)]
    pub templates: Vec<Spanned<String>>,
    /// Who to ask (shown in findings).
    pub owner: Option<String>,
    /// What the module is for.
    pub description: Option<String>,
    /// Package globs other modules may use. Absent (and no `public_subs`): all are public.
    pub public: Option<Vec<Spanned<String>>>,
    /// Subs other modules may call (`LibSys::Billing::Invoice::total`, globs allowed).
    pub public_subs: Option<Vec<Spanned<String>>>,
    /// The modules this one may use. Absent: any.
    pub depends_on: Option<Spanned<Vec<Dependency>>>,
    /// Tables it owns (`fines`, `fine_*`, `billing.*`; lowercase, as seam names tables): only
    /// its code may write them (`table_write`), and with `[check] table_read` only its code
    /// reads them.
    #[serde(default)]
    pub tables: Vec<Spanned<String>>,
    /// Data files it owns (normalised paths as `seam analyze` shows them: `{datadir}/fines.log`,
    /// `{datadir}/*.dat`).
    #[serde(default)]
    pub data_files: Vec<Spanned<String>>,
}

/// `[layers]`: ordered from the top (uses everything below) to the bottom.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayersConfig {
    /// The layers, top first.
    pub order: Vec<LayerConfig>,
    /// Kinds the rule judges (absent: all).
    pub kinds: Option<Spanned<Vec<Spanned<String>>>>,
}

/// One layer.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayerConfig {
    /// Layer name (for messages).
    pub name: Spanned<String>,
    /// Its modules.
    pub modules: Vec<Spanned<String>>,
    /// A closed layer may only use the layer directly below it.
    #[serde(default)]
    pub closed: bool,
}

/// A `[[forbidden]]` pair.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForbiddenConfig {
    /// The module that must not depend...
    pub from: Spanned<String>,
    /// ...on this one.
    pub to: Spanned<String>,
    /// Kinds the rule judges (absent: all).
    pub kinds: Option<Spanned<Vec<Spanned<String>>>>,
    /// Why (shown in findings).
    pub reason: Option<String>,
}

/// An `[[independent]]` group.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndependentConfig {
    /// Modules that must not know each other.
    pub modules: Vec<Spanned<String>>,
    /// Kinds the rule judges (absent: all).
    pub kinds: Option<Spanned<Vec<Spanned<String>>>>,
}

/// The `[cycles]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CyclesConfig {
    /// Whether dependency cycles between modules are violations.
    #[serde(default = "yes")]
    pub forbid: bool,
    /// Kinds that count towards cycles (absent: all).
    pub kinds: Option<Spanned<Vec<Spanned<String>>>>,
}

fn yes() -> bool {
    true
}

impl Default for CyclesConfig {
    fn default() -> Self {
        CyclesConfig {
            forbid: true,
            kinds: None,
        }
    }
}

/// `seam.toml` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawConfig {
    /// The analyzed root, relative to seam.toml (default: its directory).
    pub root: Option<String>,
    /// Extra library roots, relative to the root.
    #[serde(default)]
    pub lib: Vec<String>,
    /// Excluded paths (globs or directory names), relative to the root.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Keep test files (`t/`, `*.t`) in the graph.
    #[serde(default)]
    pub include_tests: bool,
    /// Mason component roots, relative to the root (`share/html`).
    #[serde(default)]
    pub template_roots: Vec<String>,
    /// External (CPAN) modules the rules see, as package globs; modules can then claim them.
    #[serde(default)]
    pub external: Vec<Spanned<String>>,
    /// The baseline file, relative to seam.toml.
    pub baseline: Option<String>,
    /// What fails the check.
    #[serde(default)]
    pub check: CheckSettings,
    /// Module dependency cycles.
    #[serde(default)]
    pub cycles: CyclesConfig,
    /// The modules; a package belongs to the first whose `packages` or `paths` match it.
    #[serde(default, rename = "module")]
    pub modules: Vec<ModuleConfig>,
    /// Layers, top first.
    pub layers: Option<LayersConfig>,
    /// Forbidden pairs.
    #[serde(default)]
    pub forbidden: Vec<ForbiddenConfig>,
    /// Independent groups.
    #[serde(default)]
    pub independent: Vec<IndependentConfig>,
}

/// A validated and compiled `seam.toml`: what it says as the values the rules use (see
/// [`crate::compiled`]). The TOML as written is not reachable from outside this module.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it was read from.
    pub path: PathBuf,
    /// The analyzed root, relative to seam.toml's directory (`None`: that directory).
    root: Option<String>,
    /// The baseline file, relative to seam.toml's directory.
    baseline: Option<String>,
    /// Extra library roots, relative to the root.
    pub lib: Vec<String>,
    /// Excluded paths (globs or directory names), relative to the root.
    pub exclude: Vec<String>,
    /// Keep test files in the graph.
    pub include_tests: bool,
    /// Mason component roots, relative to the root: there, `% ` lines or `<% %>` alone make a
    /// file a component, and components are named by their path under the root.
    pub template_roots: Vec<String>,
    pub(crate) compiled: Compiled,
}

/// A `seam.toml` read but not yet validated.
struct Unchecked {
    path: PathBuf,
    text: String,
    raw: RawConfig,
    /// Module name to index in `raw.modules`.
    module_index: BTreeMap<String, usize>,
}

impl Config {
    /// Reads and validates `path`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Config::parse(path, &text)
    }

    /// Parses and validates `text` (read from `path`).
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |span| line_of(text, span.start));
            ConfigError::Invalid {
                path: path.to_path_buf(),
                line,
                message: explain_toml_error(e.message()),
            }
        })?;
        let mut unchecked = Unchecked {
            path: path.to_path_buf(),
            text: text.to_string(),
            raw,
            module_index: BTreeMap::new(),
        };
        unchecked.validate()?;
        let compiled = Compiled::new(&unchecked.raw, &unchecked.module_index);
        let raw = unchecked.raw;
        Ok(Config {
            path: unchecked.path,
            root: raw.root,
            baseline: raw.baseline,
            lib: raw.lib,
            exclude: raw.exclude,
            include_tests: raw.include_tests,
            template_roots: raw.template_roots,
            compiled,
        })
    }

    /// The directory seam.toml is in.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// The analyzed root.
    pub fn root(&self) -> PathBuf {
        match &self.root {
            Some(root) => self.dir().join(root),
            None => self.dir().to_path_buf(),
        }
    }

    /// The baseline file.
    pub fn baseline_path(&self) -> PathBuf {
        self.dir()
            .join(self.baseline.as_deref().unwrap_or(DEFAULT_BASELINE))
    }

    /// The modules, in seam.toml order (a module's index is its position here).
    pub fn modules(&self) -> &[Module] {
        &self.compiled.modules
    }

    /// The module `id` (an id of the partition seam.toml makes).
    pub fn module(&self, id: seam_graph::ModuleId) -> &Module {
        &self.compiled.modules[id.index()]
    }

    /// The module that owns a table or data file (the first whose `tables` / `data_files` glob
    /// matches), when one does.
    pub fn data_owner(
        &self,
        kind: seam_graph::DataNodeKind,
        name: &str,
    ) -> Option<seam_graph::ModuleId> {
        let claims = &self.compiled.claims;
        match kind {
            seam_graph::DataNodeKind::Table => claims.tables.first(name),
            seam_graph::DataNodeKind::DataFile => claims.data_files.first(name),
        }
    }

    /// Whether any module declares the tables or data files it owns.
    pub fn declares_data_owners(&self) -> bool {
        self.compiled.declares_data_owners
    }

    /// `[layers]`, when declared.
    pub fn layers(&self) -> Option<&Layers> {
        self.compiled.layers.as_ref()
    }

    /// `[[forbidden]]` pairs.
    pub fn forbidden(&self) -> &[Forbidden] {
        &self.compiled.forbidden
    }

    /// `[[independent]]` groups.
    pub fn independent(&self) -> &[Independent] {
        &self.compiled.independent
    }

    /// `[cycles]`.
    pub fn cycles(&self) -> Cycles {
        self.compiled.cycles
    }

    /// `[check]`.
    pub fn check(&self) -> Checks {
        self.compiled.check
    }
}

impl Unchecked {
    /// An error at the byte offset `at`.
    fn error_at(&self, at: usize, message: impl Into<String>) -> ConfigError {
        ConfigError::Invalid {
            path: self.path.clone(),
            line: line_of(&self.text, at),
            message: message.into(),
        }
    }

    fn validate(&mut self) -> Result<(), ConfigError> {
        for (i, module) in self.raw.modules.iter().enumerate() {
            let name = module.name.get_ref();
            if name.trim().is_empty() {
                return Err(self.error_at(module.name.span().start, "a module needs a name"));
            }
            if self.module_index.insert(name.clone(), i).is_some() {
                return Err(self.error_at(
                    module.name.span().start,
                    format!("module \"{name}\" is declared twice; module names must be unique"),
                ));
            }
            if module.packages.is_empty() && module.paths.is_empty() && module.templates.is_empty()
            {
                return Err(self.error_at(
                    module.name.span().start,
                    format!(
                        "module \"{name}\" claims nothing: give it `packages`, `paths` or `templates` globs"
                    ),
                ));
            }
        }
        for module in &self.raw.modules {
            self.validate_module(module)?;
        }
        for glob in &self.raw.external {
            package_glob(glob.get_ref()).map_err(|e| self.error_at(glob.span().start, e))?;
        }
        self.check_kinds(Some(&self.raw.check.warn_kinds))?;
        self.check_kinds(self.raw.cycles.kinds.as_ref())?;
        if let Some(layers) = &self.raw.layers {
            self.check_kinds(layers.kinds.as_ref())?;
            let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
            for layer in &layers.order {
                for module in &layer.modules {
                    self.check_module_name(module)?;
                    if let Some(other) = seen.insert(module.get_ref(), layer.name.get_ref()) {
                        return Err(self.error_at(
                            module.span().start,
                            format!(
                                "module \"{}\" is in layer \"{other}\" and in layer \"{}\"; a module belongs to one layer",
                                module.get_ref(),
                                layer.name.get_ref()
                            ),
                        ));
                    }
                }
            }
        }
        for pair in &self.raw.forbidden {
            self.check_module_name(&pair.from)?;
            self.check_module_name(&pair.to)?;
            self.check_kinds(pair.kinds.as_ref())?;
        }
        for group in &self.raw.independent {
            for module in &group.modules {
                self.check_module_name(module)?;
            }
            self.check_kinds(group.kinds.as_ref())?;
        }
        if self.raw.modules.is_empty() {
            // an empty (or module-less) seam.toml would judge nothing and pass every change
            return Err(self.error_at(
                0,
                "declares no module, so a check would judge nothing and always pass; add \
                 `[[module]]` tables (`name = \"billing\"`, `packages = [\"App::Billing::**\"]`) \
                 or run `seam init --force` to draft them from today's code",
            ));
        }
        Ok(())
    }

    fn validate_module(&self, module: &ModuleConfig) -> Result<(), ConfigError> {
        let package_globs = module
            .packages
            .iter()
            .chain(module.public.iter().flatten())
            .chain(module.public_subs.iter().flatten());
        for glob in package_globs {
            package_glob(glob.get_ref()).map_err(|e| self.error_at(glob.span().start, e))?;
        }
        for glob in module.paths.iter().chain(&module.templates) {
            path_glob(glob.get_ref()).map_err(|e| self.error_at(glob.span().start, e))?;
        }
        for glob in module.tables.iter().chain(&module.data_files) {
            data_glob(glob.get_ref()).map_err(|e| self.error_at(glob.span().start, e))?;
        }
        if let Some(depends_on) = &module.depends_on {
            // untagged entries lose their own spans: errors point at the `depends_on` key
            let at = depends_on.span().start;
            for dependency in depends_on.get_ref() {
                let (name, kinds) = dependency.parts();
                self.check_module_name(&Spanned::new(at..at, name.to_string()))?;
                for kind in kinds {
                    KindSet::parse_one(kind).map_err(|message| self.error_at(at, message))?;
                }
            }
        }
        Ok(())
    }

    fn check_module_name(&self, name: &Spanned<String>) -> Result<(), ConfigError> {
        if self.module_index.contains_key(name.get_ref()) {
            return Ok(());
        }
        let known: Vec<&str> = self.module_index.keys().map(String::as_str).collect();
        Err(self.error_at(
            name.span().start,
            format!(
                "no module is named \"{}\"{}",
                name.get_ref(),
                did_you_mean(name.get_ref(), &known)
            ),
        ))
    }

    fn check_kinds(
        &self,
        kinds: Option<&Spanned<Vec<Spanned<String>>>>,
    ) -> Result<(), ConfigError> {
        let Some(kinds) = kinds else { return Ok(()) };
        for kind in kinds.get_ref() {
            KindSet::parse_one(kind.get_ref())
                .map_err(|message| self.error_at(kind.span().start, message))?;
        }
        Ok(())
    }
}

/// 1-based line of byte offset `at`.
pub(crate) fn line_of(text: &str, at: usize) -> usize {
    LineIndex::new(text).line(at)
}

/// Line numbers of byte offsets in one text, for many look-ups: the line starts are found once
/// (counting newlines from the start for every offset is quadratic in a large file).
pub(crate) struct LineIndex {
    /// Offset of each newline.
    newlines: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> Self {
        LineIndex {
            newlines: text
                .bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        }
    }

    /// The 1-based line of byte offset `at`.
    pub(crate) fn line(&self, at: usize) -> usize {
        self.newlines.partition_point(|&n| n < at) + 1
    }
}

/// ` (did you mean "x"?)` when a known name is close to `name`.
pub(crate) fn did_you_mean(name: &str, known: &[&str]) -> String {
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(name, k), *k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| format!(" (did you mean \"{k}\"?)"))
        .unwrap_or_default()
}

/// serde's "unknown field `x`, expected one of `a`, `b`" with a suggestion in front.
fn explain_toml_error(message: &str) -> String {
    let message = message.trim();
    if message.contains("untagged enum Dependency") {
        return "a `depends_on` entry is a module name or `{ module = \"name\", kinds = [\"require\"] }` (exactly these two keys)"
            .to_string();
    }
    let Some(rest) = message.strip_prefix("unknown field `") else {
        return message.to_string();
    };
    let Some((field, expected)) = rest.split_once('`') else {
        return message.to_string();
    };
    let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    format!(
        "unknown key `{field}`{}; the keys here are: {}",
        did_you_mean(field, &known),
        known.join(", ")
    )
}

/// A package glob: `::`-separated, `*` within one segment, `**` across segments.
pub(crate) fn package_glob(pattern: &str) -> Result<Glob, String> {
    if pattern.trim().is_empty() {
        return Err("an empty glob matches nothing".into());
    }
    if pattern.contains('/') {
        return Err(format!(
            "\"{pattern}\" is a package glob: write `LibSys::Billing::*`, not a path (use `paths` for files)"
        ));
    }
    GlobBuilder::new(&pattern.replace("::", "/"))
        .literal_separator(true)
        .build()
        .map_err(|e| format!("\"{pattern}\" is not a valid glob: {}", e.kind()))
}

/// A path glob relative to the root: `*` within one directory, `**` across.
pub(crate) fn path_glob(pattern: &str) -> Result<Glob, String> {
    if pattern.trim().is_empty() {
        return Err("an empty glob matches nothing".into());
    }
    GlobBuilder::new(pattern.trim_start_matches("./"))
        .literal_separator(true)
        .build()
        .map_err(|e| format!("\"{pattern}\" is not a valid glob: {}", e.kind()))
}

/// A table or data-file glob: `*` any characters within a name, `**` across `/` in paths. Braces
/// are literal: normalised paths name their unknown directory `{datadir}`.
pub(crate) fn data_glob(pattern: &str) -> Result<Glob, String> {
    if pattern.trim().is_empty() {
        return Err("an empty glob matches nothing".into());
    }
    let mut literal_braces = String::with_capacity(pattern.len() + 4);
    let mut escaped = false;
    for c in pattern.to_lowercase().chars() {
        if matches!(c, '{' | '}') && !escaped {
            literal_braces.push('\\');
        }
        escaped = c == '\\' && !escaped;
        literal_braces.push(c);
    }
    GlobBuilder::new(&literal_braces)
        .literal_separator(true)
        .build()
        .map_err(|e| format!("\"{pattern}\" is not a valid glob: {}", e.kind()))
}

/// Finds `seam.toml` in `start` or the nearest directory above it.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = start.canonicalize().ok()?;
    start
        .ancestors()
        .map(|dir| dir.join(CONFIG_FILE))
        .find(|candidate| candidate.is_file())
}

/// A TOML basic string.
pub fn quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
