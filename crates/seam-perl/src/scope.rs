//! Which package is in force at a byte offset, with Perl's scoping rules.
//!
//! `package X;` is in force from the statement to the end of the enclosing block (or file);
//! `package X { ... }` inside its block. Scopes therefore nest or share an end, and the scope in
//! force at an offset is the containing one that started last.

/// One package scope: `[start, end)` in bytes.
#[derive(Debug, Clone)]
struct Scope {
    start: usize,
    end: usize,
    name: String,
}

/// The package scopes of one file.
#[derive(Debug, Default)]
pub struct PackageScopes {
    scopes: Vec<Scope>,
    sorted: bool,
}

impl PackageScopes {
    /// Records that `name` is in force over `[start, end)`.
    pub fn add(&mut self, start: usize, end: usize, name: String) {
        self.scopes.push(Scope { start, end, name });
        self.sorted = false;
    }

    /// Sorts the scopes; call once after the last [`add`](Self::add).
    pub fn finish(&mut self) {
        self.scopes.sort_by_key(|s| s.start);
        self.sorted = true;
    }

    /// The package in force at `offset` (`main` outside every scope).
    pub fn package_at(&self, offset: usize) -> &str {
        debug_assert!(self.sorted || self.scopes.is_empty());
        let candidates = self.scopes.partition_point(|s| s.start <= offset);
        self.scopes[..candidates]
            .iter()
            .rev()
            .find(|s| offset < s.end)
            .map_or("main", |s| s.name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn innermost_latest_scope_wins() {
        let mut scopes = PackageScopes::default();
        scopes.add(10, 100, "A".into()); // package A; at top level
        scopes.add(20, 40, "B".into()); // { package B; ... }
        scopes.add(50, 100, "C".into()); // package C; at top level
        scopes.finish();
        assert_eq!(scopes.package_at(5), "main");
        assert_eq!(scopes.package_at(15), "A");
        assert_eq!(scopes.package_at(30), "B");
        assert_eq!(scopes.package_at(45), "A");
        assert_eq!(scopes.package_at(60), "C");
        assert_eq!(scopes.package_at(100), "main");
    }
}
