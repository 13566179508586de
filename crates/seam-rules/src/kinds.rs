//! Sets of reference kinds, as rules name them in `seam.toml`.

use crate::config::did_you_mean;
use seam_graph::EdgeKind;

/// Names that stand for several kinds.
const GROUPS: [&str; 5] = ["all", "static", "runtime_load", "inheritance", "calls"];

/// The kinds a group name stands for.
fn group(name: &str) -> Option<KindSet> {
    use EdgeKind::*;
    Some(match name {
        "all" => KindSet::all(),
        "static" => KindSet(KindSet::all().0 & !bit(DynamicLoad)),
        "runtime_load" => KindSet::of(&[Require, RequireFile, DoFile]),
        "inheritance" => KindSet::of(&[Parent, Role, SuperCall]),
        "calls" => KindSet::of(&[Call, ClassMethod, ImportCall, SuperCall]),
        _ => return None,
    })
}

/// A set of [`EdgeKind`]s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KindSet(u32);

impl KindSet {
    /// Every kind.
    pub fn all() -> KindSet {
        KindSet::of(&EdgeKind::ALL)
    }

    /// No kind.
    pub fn none() -> KindSet {
        KindSet(0)
    }

    fn of(kinds: &[EdgeKind]) -> KindSet {
        KindSet(kinds.iter().fold(0, |bits, &k| bits | bit(k)))
    }

    /// Whether `kind` is in the set.
    pub fn contains(self, kind: EdgeKind) -> bool {
        self.0 & bit(kind) != 0
    }

    /// The kinds a name stands for: a kind (`use`) or a group (`all`, `static`, `runtime_load`,
    /// `inheritance`, `calls`). The error says what the names are.
    pub fn parse_one(name: &str) -> Result<KindSet, String> {
        if let Some(kind) = EdgeKind::from_name(name) {
            return Ok(KindSet::of(&[kind]));
        }
        if let Some(kinds) = group(name) {
            return Ok(kinds);
        }
        let known: Vec<&str> = EdgeKind::ALL
            .iter()
            .map(|k| k.name())
            .chain(GROUPS)
            .collect();
        Err(format!(
            "unknown reference kind \"{name}\"{}; kinds are: {}",
            did_you_mean(name, &known),
            known.join(", ")
        ))
    }

    /// The union of the named kinds; unknown names (rejected by validation) add nothing.
    pub fn from_names<'a>(names: impl IntoIterator<Item = &'a str>) -> KindSet {
        KindSet(
            names
                .into_iter()
                .filter_map(|n| KindSet::parse_one(n).ok())
                .fold(0, |bits, set| bits | set.0),
        )
    }
}

fn bit(kind: EdgeKind) -> u32 {
    1 << (kind as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_groups() {
        let set = KindSet::from_names(["use", "inheritance"]);
        assert!(set.contains(EdgeKind::Use));
        assert!(set.contains(EdgeKind::Parent));
        assert!(!set.contains(EdgeKind::Call));
        assert!(!KindSet::parse_one("static")
            .unwrap()
            .contains(EdgeKind::DynamicLoad));
        let error = KindSet::parse_one("requir").unwrap_err();
        assert!(error.contains("did you mean \"require\""), "{error}");
    }
}
