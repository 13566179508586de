//! Names for proposed modules, from their packages' names.
//!
//! A module is named after the deepest namespace prefix that covers most (more than half) of its
//! packages; "A + B" when no prefix does and two namespaces make up most of it. A name is never
//! a package outside the module: when the prefix is a package placed elsewhere the name is
//! `Prefix::*` (what is under it). Two modules never share a name: each goes one namespace
//! below the shared prefix, by the same rule (a majority namespace, else its two largest), and
//! takes a number only when nothing deeper tells them apart.

use std::collections::BTreeMap;

/// The name of each module (`modules[m]`: its package names); `elsewhere(name, m)` says whether
/// a package called `name` exists outside module `m`.
pub fn names(modules: &[Vec<&str>], elsewhere: &dyn Fn(&str, usize) -> bool) -> Vec<String> {
    let mut names: Vec<String> = modules
        .iter()
        .enumerate()
        .map(|(m, members)| spelled(&dominant_prefix(members, 0), m, elsewhere))
        .collect();
    // collisions: go one namespace deeper, as long as that tells the modules apart
    for _ in 0..4 {
        let clashes = clashes(&names);
        if clashes.is_empty() {
            break;
        }
        for group in clashes {
            for m in group {
                let base = names[m].trim_end_matches("::*").to_string();
                if let Some(deeper) = deeper(&modules[m], &base) {
                    names[m] = spelled(&deeper, m, elsewhere);
                }
            }
        }
    }
    // what nothing deeper tells apart is numbered, larger first
    for group in clashes(&names) {
        let mut group = group;
        group.sort_by(|&a, &b| modules[b].len().cmp(&modules[a].len()).then(a.cmp(&b)));
        for (i, &m) in group.iter().enumerate().skip(1) {
            names[m] = format!("{} ({})", names[m], i + 1);
        }
    }
    names
}

/// Groups of modules (two or more) sharing a name.
fn clashes(names: &[String]) -> Vec<Vec<usize>> {
    let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (m, name) in names.iter().enumerate() {
        by_name.entry(name).or_default().push(m);
    }
    by_name.into_values().filter(|g| g.len() > 1).collect()
}

/// `name`, or `name::*` when a package called `name` lives in another module.
fn spelled(name: &str, m: usize, elsewhere: &dyn Fn(&str, usize) -> bool) -> String {
    if !name.contains(" + ") && elsewhere(name, m) {
        format!("{name}::*")
    } else {
        name.to_string()
    }
}

/// How many of `members` each prefix (deeper than `below` segments) covers.
fn prefix_counts(members: &[&str], below: usize) -> BTreeMap<String, usize> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for name in members {
        let segments: Vec<&str> = name.split("::").collect();
        for depth in below + 1..=segments.len() {
            *counts.entry(segments[..depth].join("::")).or_default() += 1;
        }
    }
    counts
}

/// The deepest prefix covering more than half of `members`, else "A + B" for the two largest
/// top namespaces (when they cover at least half), else the two largest with `+ …`.
pub fn dominant_prefix(members: &[&str], below: usize) -> String {
    let counts = prefix_counts(members, below);
    let depth = |p: &str| p.split("::").count();
    let majority = counts
        .iter()
        .filter(|(_, &n)| 2 * n > members.len())
        .max_by(|a, b| depth(a.0).cmp(&depth(b.0)).then(b.0.cmp(a.0)));
    if let Some((prefix, _)) = majority {
        return mixed_children(members, prefix, &counts).unwrap_or_else(|| prefix.clone());
    }
    let mut top: Vec<(&String, usize)> = counts
        .iter()
        .filter(|(p, _)| depth(p) == below + 1)
        .map(|(p, &n)| (p, n))
        .collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    match top.as_slice() {
        [] => "module".into(),
        [(a, _)] => a.to_string(),
        [(a, x), (b, y), ..] if 2 * (x + y) >= members.len() => format!("{a} + {b}"),
        [(a, _), (b, _), ..] => format!("{a} + {b} + …"),
    }
}

/// "P::A + P::B" when two children of `prefix` make up three quarters of `members` and
/// neither alone holds most of them.
fn mixed_children(
    members: &[&str],
    prefix: &str,
    counts: &BTreeMap<String, usize>,
) -> Option<String> {
    let nested = format!("{prefix}::");
    let depth = prefix.split("::").count() + 1;
    let mut children: Vec<(&String, usize)> = counts
        .iter()
        .filter(|(p, _)| p.starts_with(&nested) && p.split("::").count() == depth)
        .map(|(p, &n)| (p, n))
        .collect();
    children.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    match children.as_slice() {
        [(a, x), (b, y), ..] if 4 * (x + y) >= 3 * members.len() && *x < members.len() => {
            Some(format!("{a} + {b}"))
        }
        _ => None,
    }
}

/// The name one namespace below `prefix` (its first part, for "A + B"), when some of `members`
/// are under it: the deepest prefix covering most of them, else the two largest namespaces
/// below it ("A + B", with "+ …" when they cover less than half): never one namespace that holds
/// a minority of the module.
fn deeper(members: &[&str], prefix: &str) -> Option<String> {
    let first = prefix.split(" + ").next().unwrap_or(prefix);
    let nested = format!("{first}::");
    if !members.iter().any(|n| n.starts_with(&nested)) {
        return None;
    }
    Some(dominant_prefix(members, first.split("::").count()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(modules: &[Vec<&str>]) -> Vec<String> {
        let owner: BTreeMap<&str, usize> = modules
            .iter()
            .enumerate()
            .flat_map(|(m, ps)| ps.iter().map(move |p| (*p, m)))
            .collect();
        names(modules, &|name, m| owner.get(name).is_some_and(|&o| o != m))
    }

    #[test]
    fn a_module_is_named_after_the_deepest_prefix_of_most_of_its_packages() {
        let names = named(&[
            vec!["App::Server::Http::A", "App::Server::Http::B", "App::Util"],
            vec!["App::Model::X", "Other::Y"],
        ]);
        assert_eq!(names[0], "App::Server::Http");
        // no namespace holds most of it: both halves are named
        assert_eq!(names[1], "App + Other");
    }

    #[test]
    fn never_a_package_outside_the_module_and_never_a_bare_number_when_deeper_names_exist() {
        let names = named(&[
            vec!["App::Server"],
            vec![
                "App::Server::A::X",
                "App::Server::B::Y",
                "App::Server::C::Z",
            ],
            vec![
                "App::Server::D::X",
                "App::Server::E::Y",
                "App::Server::F::Z",
            ],
        ]);
        // the package App::Server is in the first module: the others, both mostly under it,
        // are named after what is theirs below it; no namespace there holds most of either, so
        // each is named after its two largest ("A + B"), never after one that holds a minority
        assert_eq!(names[0], "App::Server");
        assert_eq!(names[1], "App::Server::A + App::Server::B");
        assert_eq!(names[2], "App::Server::D + App::Server::E");
        assert!(names.iter().all(|n| !n.contains('(')), "{names:?}");
    }

    #[test]
    fn a_genuine_mix_is_named_after_both_halves() {
        let names = named(&[vec![
            "App::Billing::A",
            "App::Billing::B",
            "App::Orders::A",
            "App::Orders::B",
        ]]);
        assert_eq!(names[0], "App::Billing + App::Orders");
    }

    #[test]
    fn a_deeper_name_is_a_majority_namespace_or_a_mix_never_a_minority() {
        let names = named(&[
            vec!["App::Core::A", "App::Log", "App::Util"],
            vec![
                "App::File::A",
                "App::File::B",
                "App::Routes::A",
                "App::Scripts::A",
                "App::Template::A",
                "App::X12::A",
                "App::Zed::A",
            ],
        ]);
        // both are named App at first: each goes one level deeper
        assert_eq!(names[0], "App::Core + App::Log");
        // App::File is the largest namespace of the second module but holds only two of seven
        assert_eq!(names[1], "App::File + App::Routes + …");
    }

    #[test]
    fn identical_modules_are_numbered_only_when_nothing_deeper_differs() {
        let names = named(&[vec!["App::A", "App::B"], vec!["App::A::X", "App::B::X"]]);
        assert_ne!(names[0], names[1]);
    }
}
