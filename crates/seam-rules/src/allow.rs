//! `seam allow FROM TO`: accept a dependency on purpose by adding it to `depends_on` in seam.toml,
//! edited in place (comments, order and layout kept) with `toml_edit`.

use crate::config::{did_you_mean, quoted, Config};
use toml_edit::{Array, DocumentMut, InlineTable, Item, Value};

/// What [`allow_dependency`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Allowed {
    /// The new text of seam.toml, and a sentence saying what changed.
    Changed(String, String),
    /// Nothing to do, and why.
    Already(String),
}

/// seam.toml's `text` (already loaded as `config`) with `to` added to the `depends_on` of module
/// `from` — restricted to `kinds` when some are given (kind or group names). An error names what
/// is wrong: an unknown module (with a "did you mean"), an unknown kind.
pub fn allow_dependency(
    config: &Config,
    text: &str,
    from: &str,
    to: &str,
    kinds: &[String],
) -> Result<Allowed, String> {
    let names: Vec<&str> = config.modules().iter().map(|m| m.name.as_str()).collect();
    for name in [from, to] {
        if !names.contains(&name) {
            return Err(format!(
                "no module is named \"{name}\"{} in {}",
                did_you_mean(name, &names),
                config.path.display()
            ));
        }
    }
    if from == to {
        return Err(format!("\"{from}\" may always use itself"));
    }
    for kind in kinds {
        crate::kinds::KindSet::parse_one(kind)?;
    }
    let mut document: DocumentMut = text
        .parse()
        .map_err(|e| format!("{}: {e}", config.path.display()))?;
    let module = document
        .get_mut("module")
        .and_then(Item::as_array_of_tables_mut)
        .and_then(|tables| {
            tables
                .iter_mut()
                .find(|t| t.get("name").and_then(Item::as_str) == Some(from))
        })
        .ok_or_else(|| format!("module \"{from}\" is not a [[module]] table that can be edited"))?;
    let Some(depends_on) = module.get_mut("depends_on") else {
        return Ok(Allowed::Already(format!(
            "module \"{from}\" declares no depends_on, so it may already use any module"
        )));
    };
    let list = depends_on
        .as_array_mut()
        .ok_or_else(|| format!("depends_on of module \"{from}\" is not a list"))?;
    let entry = list.iter().position(|v| entry_module(v) == Some(to));
    let wanted = || -> Value {
        if kinds.is_empty() {
            Value::from(to)
        } else {
            let mut table = InlineTable::new();
            table.insert("module", Value::from(to));
            table.insert(
                "kinds",
                Value::Array(kinds.iter().map(String::as_str).collect()),
            );
            Value::InlineTable(table)
        }
    };
    let what = match entry {
        None => {
            match list.len() {
                // a new second entry gets toml_edit's default spacing (`["a", "b"]`)
                0 | 1 => list.push(wanted()),
                _ => list.push_formatted(decorated_like(list, wanted())),
            }
            match kinds.is_empty() {
                true => format!("added \"{to}\" to depends_on of module \"{from}\""),
                false => format!(
                    "added {{ module = {}, kinds = [{}] }} to depends_on of module \"{from}\"",
                    quoted(to),
                    kinds
                        .iter()
                        .map(|k| quoted(k))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        }
        Some(at) => {
            let Some(Value::InlineTable(table)) = list.get_mut(at) else {
                return Ok(Allowed::Already(format!(
                    "module \"{from}\" already may use \"{to}\" in every way"
                )));
            };
            if kinds.is_empty() {
                let replacement = decorated_like_entry(list.get(at), Value::from(to));
                list.replace_formatted(at, replacement);
                format!("module \"{from}\" may now use \"{to}\" in every way")
            } else {
                let allowed: &mut Array = table
                    .get_mut("kinds")
                    .and_then(Value::as_array_mut)
                    .ok_or_else(|| {
                        format!("the \"{to}\" entry of depends_on of \"{from}\" has no kinds list")
                    })?;
                let mut added = Vec::new();
                for kind in kinds {
                    if !allowed.iter().any(|k| k.as_str() == Some(kind)) {
                        allowed.push(kind.as_str());
                        added.push(quoted(kind));
                    }
                }
                if added.is_empty() {
                    return Ok(Allowed::Already(format!(
                        "module \"{from}\" already may use \"{to}\" through those kinds"
                    )));
                }
                format!(
                    "allowed {} for \"{to}\" in depends_on of module \"{from}\"",
                    added.join(", ")
                )
            }
        }
    };
    let edited = document.to_string();
    // the edit must leave a valid seam.toml
    Config::parse(&config.path, &edited).map_err(|e| e.to_string())?;
    Ok(Allowed::Changed(edited, what))
}

/// The module an entry of `depends_on` names.
fn entry_module(value: &Value) -> Option<&str> {
    match value {
        Value::String(s) => Some(s.value()),
        Value::InlineTable(t) => t.get("module").and_then(Value::as_str),
        _ => None,
    }
}

/// `value` spaced like the list's last entry (one per line stays one per line).
fn decorated_like(list: &Array, mut value: Value) -> Value {
    if let Some(last) = list.iter().last() {
        *value.decor_mut() = last.decor().clone();
    }
    value
}

/// `value` spaced like `old`.
fn decorated_like_entry(old: Option<&Value>, mut value: Value) -> Value {
    if let Some(old) = old {
        *value.decor_mut() = old.decor().clone();
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    const TEXT: &str = "# the map\n[[module]]\nname = \"billing\"\npackages = [\"B::**\"]\n# what billing may use\ndepends_on = [\"util\"]  # keep small\n\n[[module]]\nname = \"catalog\"\npackages = [\"C::**\"]\ndepends_on = []\n\n[[module]]\nname = \"util\"\npackages = [\"U\"]\n";

    fn allow(text: &str, from: &str, to: &str, kinds: &[&str]) -> Result<Allowed, String> {
        let config = Config::parse(Path::new("seam.toml"), text).unwrap();
        let kinds: Vec<String> = kinds.iter().map(|k| k.to_string()).collect();
        allow_dependency(&config, text, from, to, &kinds)
    }

    #[test]
    fn adds_the_module_and_keeps_every_comment() {
        let Ok(Allowed::Changed(text, what)) = allow(TEXT, "billing", "catalog", &[]) else {
            panic!()
        };
        assert!(text.contains("# the map\n"), "{text}");
        assert!(
            text.contains(
                "# what billing may use\ndepends_on = [\"util\", \"catalog\"]  # keep small\n"
            ),
            "{text}"
        );
        assert_eq!(
            what,
            "added \"catalog\" to depends_on of module \"billing\""
        );
        let Ok(Allowed::Changed(text, _)) = allow(&text, "catalog", "util", &["runtime_load"])
        else {
            panic!()
        };
        assert!(
            text.contains("depends_on = [{ module = \"util\", kinds = [\"runtime_load\"] }]"),
            "{text}"
        );
        let Ok(Allowed::Changed(text, what)) = allow(&text, "catalog", "util", &["use"]) else {
            panic!()
        };
        assert!(
            text.contains("kinds = [\"runtime_load\", \"use\"]"),
            "{text}"
        );
        assert!(what.contains("allowed \"use\""), "{what}");
        assert!(matches!(
            allow(&text, "billing", "util", &[]),
            Ok(Allowed::Already(_))
        ));
    }

    #[test]
    fn names_unknown_modules_and_kinds() {
        let error = allow(TEXT, "biling", "util", &[]).unwrap_err();
        assert!(error.contains("did you mean \"billing\""), "{error}");
        let error = allow(TEXT, "billing", "util", &["uses"]).unwrap_err();
        assert!(error.contains("\"uses\""), "{error}");
        let absent = TEXT.replace("depends_on = []\n", "");
        assert!(matches!(
            allow(&absent, "catalog", "util", &[]),
            Ok(Allowed::Already(_))
        ));
    }
}
