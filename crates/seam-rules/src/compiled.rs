//! `seam.toml` compiled: what the raw TOML says turned into the values the rules use — globs
//! compiled into sets, kind names into [`KindSet`]s, module names into module indices, levels
//! resolved. [`Config::parse`](crate::Config::parse) builds it once, after validation; nothing
//! else reads the raw TOML.
//!
//! Invariant: a module's index is its position among the `[[module]]` tables (and its
//! [`ModuleId`](seam_graph::ModuleId) in the partition seam.toml makes).

use crate::config::{data_glob, package_glob, path_glob, Level, RawConfig};
use crate::kinds::KindSet;
use globset::{GlobSet, GlobSetBuilder};
use seam_graph::ModuleId;
use std::collections::BTreeMap;
use toml::Spanned;

/// One `[[module]]` table.
#[derive(Debug, Clone)]
pub struct Module {
    /// Its unique name.
    pub name: String,
    /// Who to ask (shown in findings).
    pub owner: Option<String>,
    /// What it is for.
    pub description: Option<String>,
    /// Its `public` package globs as written (for fix hints).
    pub public: Vec<String>,
    /// The modules it may use and through which kinds; `None`: any module.
    pub depends_on: Option<BTreeMap<ModuleId, KindSet>>,
    /// Its public interface, when it declares one (`public` or `public_subs`).
    pub(crate) interface: Option<Interface>,
}

/// A module's public interface.
#[derive(Debug, Clone)]
pub(crate) struct Interface {
    pub(crate) packages: GlobSet,
    pub(crate) subs: GlobSet,
    /// Packages named by `public_subs` (the part before the last `::`): loading them is public.
    pub(crate) sub_packages: GlobSet,
}

/// `[layers]`, compiled.
#[derive(Debug, Clone, Default)]
pub struct Layers {
    /// Layer names, top first.
    pub names: Vec<String>,
    /// Per layer: may it only use the layer directly below?
    pub closed: Vec<bool>,
    /// Per module (by [`ModuleId::index`]): its layer (0 = top).
    pub layer_of: Vec<Option<usize>>,
    /// Kinds the rule judges.
    pub kinds: KindSet,
}

/// A `[[forbidden]]` pair, compiled.
#[derive(Debug, Clone)]
pub struct Forbidden {
    /// The module that must not depend...
    pub from: ModuleId,
    /// ...on this one.
    pub to: ModuleId,
    /// Kinds the rule judges.
    pub kinds: KindSet,
    /// Why (shown in findings).
    pub reason: Option<String>,
}

/// An `[[independent]]` group, compiled.
#[derive(Debug, Clone)]
pub struct Independent {
    /// Modules that must not know each other.
    pub modules: Vec<ModuleId>,
    /// Kinds the rule judges.
    pub kinds: KindSet,
}

/// `[cycles]`, compiled.
#[derive(Debug, Clone, Copy)]
pub struct Cycles {
    /// Whether dependency cycles between modules are violations.
    pub forbid: bool,
    /// Kinds that count towards cycles.
    pub kinds: KindSet,
}

/// `[check]`, compiled.
#[derive(Debug, Clone, Copy)]
pub struct Checks {
    /// Packages and scripts no module claims.
    pub uncovered: Level,
    /// Baseline entries whose violation is gone.
    pub stale_baseline: Level,
    /// `# seam: allow(...)` comments that suppress nothing.
    pub unused_suppression: Level,
    /// Files and directories seam could not read, parse regressions.
    pub unreadable: Level,
    /// Reads of another module's table or data file.
    pub table_read: Level,
    /// Kinds whose violations are warnings, not errors.
    pub warn_kinds: KindSet,
}

/// Every module's globs of one kind in one set: a name is matched once, not once per module.
#[derive(Debug, Clone)]
pub(crate) struct Claims {
    set: GlobSet,
    /// Module of each glob in `set`.
    module_of: Vec<ModuleId>,
}

impl Claims {
    fn new<'c>(
        globs: impl Iterator<Item = &'c Vec<Spanned<String>>>,
        compile: fn(&str) -> Result<globset::Glob, String>,
    ) -> Claims {
        let mut set = GlobSetBuilder::new();
        let mut module_of = Vec::new();
        for (module, globs) in globs.enumerate() {
            // validated when the config was loaded
            for glob in globs.iter().filter_map(|g| compile(g.get_ref()).ok()) {
                set.add(glob);
                module_of.push(ModuleId::from_index(module));
            }
        }
        Claims {
            set: set.build().unwrap_or_else(|_| GlobSet::empty()),
            module_of,
        }
    }

    /// The first module (in seam.toml order) with a glob matching `name`.
    pub(crate) fn first(&self, name: &str) -> Option<ModuleId> {
        self.set
            .matches(name)
            .into_iter()
            .map(|i| self.module_of[i])
            .min()
    }
}

/// Which module claims a node: package globs, path globs, and the externals the rules see.
#[derive(Debug, Clone)]
pub(crate) struct ModuleClaims {
    pub(crate) packages: Claims,
    pub(crate) paths: Claims,
    /// Template path globs (`templates`).
    pub(crate) templates: Claims,
    /// External modules the rules see (`external` globs, as paths: `DBD/**`).
    pub(crate) counted_externals: GlobSet,
    /// Who owns a table (`tables` globs).
    pub(crate) tables: Claims,
    /// Who owns a data file (`data_files` globs).
    pub(crate) data_files: Claims,
}

/// Everything seam.toml says, compiled.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    pub(crate) modules: Vec<Module>,
    pub(crate) claims: ModuleClaims,
    pub(crate) layers: Option<Layers>,
    pub(crate) forbidden: Vec<Forbidden>,
    pub(crate) independent: Vec<Independent>,
    pub(crate) cycles: Cycles,
    pub(crate) check: Checks,
    /// Whether some module declares `tables` or `data_files`.
    pub(crate) declares_data_owners: bool,
}

impl Compiled {
    /// Compiles a validated `raw` whose module names index as `module_index` says.
    pub(crate) fn new(raw: &RawConfig, module_index: &BTreeMap<String, usize>) -> Compiled {
        // validated: every name a rule uses is a module (an unknown one would match nothing)
        let index = |name: &str| module_index.get(name).map(|&m| ModuleId::from_index(m));
        let modules = raw
            .modules
            .iter()
            .map(|m| Module {
                name: m.name.get_ref().clone(),
                owner: m.owner.clone(),
                description: m.description.clone(),
                public: m
                    .public
                    .iter()
                    .flatten()
                    .map(|g| g.get_ref().clone())
                    .collect(),
                depends_on: m.depends_on.as_ref().map(|list| {
                    list.get_ref()
                        .iter()
                        .filter_map(|d| {
                            let (name, kinds) = d.parts();
                            let kinds = if kinds.is_empty() {
                                KindSet::all()
                            } else {
                                KindSet::from_names(kinds.iter().map(String::as_str))
                            };
                            Some((index(name)?, kinds))
                        })
                        .collect()
                }),
                interface: interface(m.public.as_deref(), m.public_subs.as_deref()),
            })
            .collect();
        let layers = raw.layers.as_ref().map(|layers| {
            let mut compiled = Layers {
                layer_of: vec![None; module_index.len()],
                kinds: kinds_of(layers.kinds.as_ref()),
                ..Layers::default()
            };
            for (i, layer) in layers.order.iter().enumerate() {
                compiled.names.push(layer.name.get_ref().clone());
                compiled.closed.push(layer.closed);
                for module in &layer.modules {
                    if let Some(&m) = module_index.get(module.get_ref()) {
                        // the position of the module: its ModuleId's index
                        compiled.layer_of[m] = Some(i);
                    }
                }
            }
            compiled
        });
        Compiled {
            modules,
            claims: ModuleClaims {
                packages: Claims::new(raw.modules.iter().map(|m| &m.packages), package_glob),
                paths: Claims::new(raw.modules.iter().map(|m| &m.paths), path_glob),
                templates: Claims::new(raw.modules.iter().map(|m| &m.templates), path_glob),
                counted_externals: package_set(raw.external.iter().map(|g| g.get_ref().as_str())),
                tables: Claims::new(raw.modules.iter().map(|m| &m.tables), data_glob),
                data_files: Claims::new(raw.modules.iter().map(|m| &m.data_files), data_glob),
            },
            layers,
            forbidden: raw
                .forbidden
                .iter()
                .filter_map(|f| {
                    Some(Forbidden {
                        from: index(f.from.get_ref())?,
                        to: index(f.to.get_ref())?,
                        kinds: kinds_of(f.kinds.as_ref()),
                        reason: f.reason.clone(),
                    })
                })
                .collect(),
            independent: raw
                .independent
                .iter()
                .map(|g| Independent {
                    modules: g
                        .modules
                        .iter()
                        .filter_map(|m| index(m.get_ref()))
                        .collect(),
                    kinds: kinds_of(g.kinds.as_ref()),
                })
                .collect(),
            declares_data_owners: raw
                .modules
                .iter()
                .any(|m| !m.tables.is_empty() || !m.data_files.is_empty()),
            cycles: Cycles {
                forbid: raw.cycles.forbid,
                kinds: kinds_of(raw.cycles.kinds.as_ref()),
            },
            check: Checks {
                uncovered: raw.check.uncovered,
                stale_baseline: raw.check.stale_baseline,
                unused_suppression: raw.check.unused_suppression,
                unreadable: raw.check.unreadable,
                table_read: raw.check.table_read,
                warn_kinds: KindSet::from_names(
                    raw.check
                        .warn_kinds
                        .get_ref()
                        .iter()
                        .map(|k| k.get_ref().as_str()),
                ),
            },
        }
    }
}

/// Kinds named in a list (validated already); absent: all.
fn kinds_of(kinds: Option<&Spanned<Vec<Spanned<String>>>>) -> KindSet {
    match kinds {
        None => KindSet::all(),
        Some(kinds) => KindSet::from_names(kinds.get_ref().iter().map(|k| k.get_ref().as_str())),
    }
}

fn interface(
    public: Option<&[Spanned<String>]>,
    public_subs: Option<&[Spanned<String>]>,
) -> Option<Interface> {
    if public.is_none() && public_subs.is_none() {
        return None;
    }
    let subs = || {
        public_subs
            .into_iter()
            .flatten()
            .map(|g| g.get_ref().as_str())
    };
    Some(Interface {
        packages: package_set(public.into_iter().flatten().map(|g| g.get_ref().as_str())),
        subs: package_set(subs()),
        sub_packages: package_set(
            subs().filter_map(|s| s.rsplit_once("::").map(|(package, _)| package)),
        ),
    })
}

fn package_set<'a>(globs: impl Iterator<Item = &'a str>) -> GlobSet {
    let mut set = GlobSetBuilder::new();
    for glob in globs {
        if let Ok(glob) = package_glob(glob) {
            set.add(glob);
        }
    }
    set.build().unwrap_or_else(|_| GlobSet::empty())
}
