//! Shared infrastructure: what nearly everything uses. One definition for every level — the
//! packages `seam suggest` sets apart before clustering and the modules the report's map leaves
//! out so the rest can be seen.

/// Share of the others that must use a unit for it to be shared infrastructure.
pub const SHARED_SHARE: f64 = 0.25;

/// Fewest users that make a unit shared infrastructure (in a small codebase a quarter is few).
pub const SHARED_MIN_USERS: usize = 5;

/// The units (indices into `users`) used by at least `share` of all units and by at least
/// [`SHARED_MIN_USERS`]; `users[i]` is how many distinct units use unit `i`. Most used first,
/// then by index. A `share` of 0 or less sets nothing apart.
pub fn omnipresent(users: &[usize], share: f64) -> Vec<usize> {
    if share <= 0.0 {
        return Vec::new();
    }
    let threshold = ((share * users.len() as f64).ceil() as usize).max(SHARED_MIN_USERS);
    let mut shared: Vec<usize> = (0..users.len())
        .filter(|&i| users[i] >= threshold)
        .collect();
    shared.sort_by(|&a, &b| users[b].cmp(&users[a]).then(a.cmp(&b)));
    shared
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quarter_and_at_least_five() {
        // 40 units: 10 users needed
        let mut users = vec![0; 40];
        users[3] = 10;
        users[7] = 12;
        users[9] = 9;
        assert_eq!(omnipresent(&users, SHARED_SHARE), [7, 3]);
        // 8 units: a quarter is 2, but five users are needed
        assert_eq!(omnipresent(&[4, 5, 0, 0, 0, 0, 0, 0], SHARED_SHARE), [1]);
        assert!(omnipresent(&[9; 8], 0.0).is_empty());
    }
}
