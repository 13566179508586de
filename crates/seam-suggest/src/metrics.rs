//! Partition comparison and decomposition quality metrics.
//!
//! Two families of measures, all pure functions over plain slices:
//!
//! * **Partition agreement** — how close a proposed decomposition is to a reference one:
//!   [`mojo_fm`] (with the underlying [`mojo_distance`]) and [`adjusted_rand_index`].
//! * **Decomposition quality** — how good a decomposition is on its own, judged against the
//!   dependency graph: [`turbo_mq`] (Bunch) and the Mono2Micro metrics
//!   [`structural_modularity`], [`inter_partition_call_percentage`], [`interface_number`] and
//!   [`non_extreme_distribution`]; [`decomposition_metrics`] computes them all at once.
//!
//! # Conventions
//!
//! * A **partition** is a `&[usize]`: item `i` belongs to cluster `p[i]`. Cluster ids are
//!   arbitrary labels (any `usize`, not necessarily contiguous); every result is invariant under
//!   relabelling them. The number of items is `n = p.len()`.
//! * A **dependency graph** is a `&[(usize, usize, f64)]` of directed weighted edges
//!   `(from, to, weight)` over items `0..n`. For every graph metric an edge is ignored when it is
//!   a self-loop (`from == to`), when an endpoint is not an item of the partition
//!   (`>= part.len()`), or when its weight is not a finite positive number (NaN, infinite and
//!   negative weights count as 0, and a zero-weight edge is the same as no edge). Parallel edges
//!   add up.
//! * Nothing panics and nothing returns NaN: empty inputs, mismatched lengths and huge ids all
//!   have a documented result. Results depend only on the input order, never on hash order.

use std::collections::{BTreeMap, HashMap};

// ---------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------

/// Replaces arbitrary cluster ids by dense ids `0..k` in order of first appearance; returns the
/// dense labels and `k`.
fn relabel(part: &[usize]) -> (Vec<usize>, usize) {
    let mut ids: HashMap<usize, usize> = HashMap::new();
    let dense = part
        .iter()
        .map(|&c| {
            let next = ids.len();
            *ids.entry(c).or_insert(next)
        })
        .collect();
    (dense, ids.len())
}

/// Number of items in each dense cluster `0..k`.
fn cluster_sizes(dense: &[usize], k: usize) -> Vec<usize> {
    let mut sizes = vec![0; k];
    for &c in dense {
        sizes[c] += 1;
    }
    sizes
}

/// Sparse contingency table of two dense labelings of equal length: `rows[i]` lists `(j, n_ij)`
/// for every cluster `j` of `b` sharing `n_ij > 0` items with cluster `i` of `a`, in order of
/// first appearance. O(n + ka + kb).
fn contingency(a: &[usize], ka: usize, b: &[usize], kb: usize) -> Vec<Vec<(usize, usize)>> {
    let mut tags_by_row: Vec<Vec<usize>> = vec![Vec::new(); ka];
    for (&i, &j) in a.iter().zip(b) {
        tags_by_row[i].push(j);
    }
    // `slot[j]` is the position of `j` in the row being built, `usize::MAX` when absent.
    let mut slot = vec![usize::MAX; kb];
    tags_by_row
        .into_iter()
        .map(|tags| {
            let mut row: Vec<(usize, usize)> = Vec::new();
            for j in tags {
                if slot[j] == usize::MAX {
                    slot[j] = row.len();
                    row.push((j, 0));
                }
                row[slot[j]].1 += 1;
            }
            for &(j, _) in &row {
                slot[j] = usize::MAX;
            }
            row
        })
        .collect()
}

/// Whether two partitions of the same items are equal up to relabelling.
fn same_partition(a: &[usize], b: &[usize]) -> bool {
    a.len() == b.len() && relabel(a).0 == relabel(b).0
}

/// `n choose 2`, exact.
fn pairs(n: usize) -> u128 {
    let n = n as u128;
    n * n.saturating_sub(1) / 2
}

/// An edge weight as the graph metrics use it: NaN, infinite and negative weights become 0.
fn sanitize(weight: f64) -> f64 {
    if weight.is_finite() && weight > 0.0 {
        weight
    } else {
        0.0
    }
}

/// The edges every graph metric looks at, as `(from cluster, to cluster, to item, weight)` over
/// dense cluster labels: self-loops, edges with an endpoint outside `0..labels.len()` and edges
/// of zero (sanitized) weight are skipped.
fn cluster_edges<'a>(
    edges: &'a [(usize, usize, f64)],
    labels: &'a [usize],
) -> impl Iterator<Item = (usize, usize, usize, f64)> + 'a {
    edges.iter().filter_map(move |&(from, to, weight)| {
        let weight = sanitize(weight);
        if from == to || weight == 0.0 {
            return None;
        }
        Some((*labels.get(from)?, *labels.get(to)?, to, weight))
    })
}

/// Per-cluster intra weight `μ_i` and the weight of the edges leaving / entering each cluster.
struct ClusterFlows {
    intra: Vec<f64>,
    out: Vec<f64>,
    inc: Vec<f64>,
}

fn cluster_flows(edges: &[(usize, usize, f64)], labels: &[usize], k: usize) -> ClusterFlows {
    let mut flows = ClusterFlows {
        intra: vec![0.0; k],
        out: vec![0.0; k],
        inc: vec![0.0; k],
    };
    for (ci, cj, _, w) in cluster_edges(edges, labels) {
        if ci == cj {
            flows.intra[ci] += w;
        } else {
            flows.out[ci] += w;
            flows.inc[cj] += w;
        }
    }
    flows
}

/// Maximum cardinality matching of a bipartite graph given by the adjacency lists of its left
/// vertices (`adj[u]` lists right vertices `0..right_count`); returns the matching size.
///
/// Kuhn's augmenting-path algorithm after a greedy start, with an explicit stack (no recursion,
/// so no stack overflow on large inputs). O(L · (E + R)) in the worst case.
fn max_bipartite_matching(adj: &[Vec<usize>], right_count: usize) -> usize {
    let mut match_left: Vec<Option<usize>> = vec![None; adj.len()];
    let mut match_right: Vec<Option<usize>> = vec![None; right_count];
    for (u, nbrs) in adj.iter().enumerate() {
        if let Some(&v) = nbrs.iter().find(|&&v| match_right[v].is_none()) {
            match_left[u] = Some(v);
            match_right[v] = Some(u);
        }
    }
    // `seen[v] == root` when right vertex `v` was already visited in the search from `root`.
    let mut seen = vec![usize::MAX; right_count];
    for root in 0..adj.len() {
        if match_left[root].is_some() {
            continue;
        }
        // Alternating path: `stack[i]` is a left vertex with the index of its next neighbour to
        // try, `via[i]` the (matched) right vertex that led from `stack[i]` to `stack[i + 1]`.
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        let mut via: Vec<usize> = Vec::new();
        let mut free = None;
        while let Some(&(u, next)) = stack.last() {
            let Some(&v) = adj[u].get(next) else {
                stack.pop();
                via.pop();
                continue;
            };
            if let Some(top) = stack.last_mut() {
                top.1 += 1;
            }
            if seen[v] == root {
                continue;
            }
            seen[v] = root;
            match match_right[v] {
                None => {
                    free = Some(v);
                    break;
                }
                Some(w) => {
                    via.push(v);
                    stack.push((w, 0));
                }
            }
        }
        // Flip the path: the deepest left vertex takes the free right vertex, each one above it
        // takes the right vertex its successor gave up.
        let mut right = free;
        while let (Some(v), Some((u, _))) = (right, stack.pop()) {
            match_left[u] = Some(v);
            match_right[v] = Some(u);
            right = via.pop();
        }
    }
    match_left.iter().filter(|m| m.is_some()).count()
}

// ---------------------------------------------------------------------------------------------
// Partition agreement
// ---------------------------------------------------------------------------------------------

/// MoJo distance `mno(A, B)`: the minimum number of Move and Join operations that turn
/// partition `from` (A) into partition `to` (B).
///
/// A *Move* takes one object out of its cluster into another cluster (possibly a new one); a
/// *Join* merges two clusters. Computed with the optimal algorithm of Wen & Tzerpos, "An optimal
/// algorithm for MoJo distance" (IWPC 2003), the one behind MoJoFM:
///
/// 1. tag every object of A with the cluster of B it belongs to; `v_ik` is the number of objects
///    of `A_i` tagged `B_k`;
/// 2. build the bipartite graph linking each `A_i` to every `B_k` with `v_ik = max_k v_ik`
///    (its most represented groups);
/// 3. take a maximum matching of that graph, of size `g` (the number of groups `A` can be
///    assigned to without sharing);
/// 4. `mno(A, B) = M + J` with `M = Σ_i (|A_i| − max_k v_ik) = n − Σ_i max_k v_ik` moves and
///    `J = l − g` joins, where `l` is the number of clusters of A.
///
/// Only the first `min(from.len(), to.len())` items are compared (MoJo likewise considers only
/// the objects both partitions share). Not symmetric in general.
pub fn mojo_distance(from: &[usize], to: &[usize]) -> usize {
    let n = from.len().min(to.len());
    let (a, ka) = relabel(&from[..n]);
    let (b, kb) = relabel(&to[..n]);
    let mut moves = 0;
    let mut max_groups: Vec<Vec<usize>> = Vec::with_capacity(ka);
    for row in contingency(&a, ka, &b, kb) {
        let size: usize = row.iter().map(|&(_, count)| count).sum();
        let max = row.iter().map(|&(_, count)| count).max().unwrap_or(0);
        moves += size - max;
        let mut groups: Vec<usize> = row
            .iter()
            .filter(|&&(_, count)| count == max)
            .map(|&(group, _)| group)
            .collect();
        groups.sort_unstable();
        max_groups.push(groups);
    }
    let joins = ka - max_bipartite_matching(&max_groups, kb);
    moves + joins
}

/// `max(mno(∀A, B))`: the largest MoJo distance any partition of the same `n` objects can have
/// to `reference` (Wen & Tzerpos 2004). With the cluster sizes of B sorted ascending,
/// `g` counts up once for every size larger than the current `g` (the fewest groups the
/// furthest partition can be matched to); the maximum is `n − g`.
fn max_mojo_distance(reference: &[usize]) -> usize {
    let (b, kb) = relabel(reference);
    let mut sizes = cluster_sizes(&b, kb);
    sizes.sort_unstable();
    let g = sizes
        .into_iter()
        .fold(0, |g, size| if size > g { g + 1 } else { g });
    reference.len() - g
}

/// MoJoFM of `proposed` against the `reference` (expert) partition, in percent, `0..=100`
/// (higher is better; 100 means identical up to relabelling).
///
/// Wen & Tzerpos, "An effectiveness measure for software clustering algorithms", IWPC 2004:
///
/// ```text
/// MoJoFM(A, B) = (1 − mno(A, B) / max(mno(∀A, B))) × 100
/// ```
///
/// where `mno` is the MoJo distance of [`mojo_distance`] and `max(mno(∀A, B)) = n − g` is the
/// distance of the partition furthest from B: sort the cluster sizes of B ascending and let `g`
/// grow by one for every size exceeding the current `g` (so `g ≤ min(#clusters of B, largest
/// cluster of B)`). `mno(A, B) ≤ n − g` always holds; the result is clamped to `0..=100` anyway.
///
/// Only the first `min(proposed.len(), reference.len())` items are compared. When there is
/// nothing to move (`n ≤ 1`, hence a maximum distance of 0) the result is 100.
pub fn mojo_fm(proposed: &[usize], reference: &[usize]) -> f64 {
    let n = proposed.len().min(reference.len());
    let (proposed, reference) = (&proposed[..n], &reference[..n]);
    let max = max_mojo_distance(reference);
    if max == 0 {
        return 100.0;
    }
    let mno = mojo_distance(proposed, reference);
    ((1.0 - mno as f64 / max as f64) * 100.0).clamp(0.0, 100.0)
}

/// Adjusted Rand index of two partitions (Hubert & Arabie 1985), from their contingency table
/// `n_ij` with row sums `a_i` and column sums `b_j`:
///
/// ```text
/// index    = Σ_ij C(n_ij, 2)
/// expected = Σ_i C(a_i, 2) · Σ_j C(b_j, 2) / C(n, 2)
/// max      = (Σ_i C(a_i, 2) + Σ_j C(b_j, 2)) / 2
/// ARI      = (index − expected) / (max − expected)
/// ```
///
/// 1 for identical partitions (up to relabelling), about 0 for independent ones, negative when
/// they agree less than chance. Symmetric. The pair counts are summed exactly in integers and
/// the formula evaluated in `f64`.
///
/// Only the first `min(a.len(), b.len())` items are compared. When the denominator vanishes
/// (both partitions all singletons, or both a single cluster, or fewer than two items) the
/// result is 1.0 if the partitions are identical up to relabelling and 0.0 otherwise. Never NaN.
pub fn adjusted_rand_index(a: &[usize], b: &[usize]) -> f64 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let degenerate = || if same_partition(a, b) { 1.0 } else { 0.0 };
    let all_pairs = pairs(n);
    if all_pairs == 0 {
        return degenerate();
    }
    let (da, ka) = relabel(a);
    let (db, kb) = relabel(b);
    let index: u128 = contingency(&da, ka, &db, kb)
        .iter()
        .flatten()
        .map(|&(_, count)| pairs(count))
        .sum();
    let sum_a: u128 = cluster_sizes(&da, ka).into_iter().map(pairs).sum();
    let sum_b: u128 = cluster_sizes(&db, kb).into_iter().map(pairs).sum();
    let (index, sum_a, sum_b) = (index as f64, sum_a as f64, sum_b as f64);
    let expected = sum_a * sum_b / all_pairs as f64;
    let max = (sum_a + sum_b) / 2.0;
    let denominator = max - expected;
    if denominator <= 0.0 {
        return degenerate();
    }
    let ari = (index - expected) / denominator;
    if ari.is_finite() {
        ari.clamp(-1.0, 1.0)
    } else {
        degenerate()
    }
}

// ---------------------------------------------------------------------------------------------
// Decomposition quality
// ---------------------------------------------------------------------------------------------

/// TurboMQ (Mitchell & Mancoridis, the Bunch clustering tool): the sum of the cluster factors
///
/// ```text
/// CF_i = 0                                      if μ_i = 0
/// CF_i = 2 μ_i / (2 μ_i + Σ_{j≠i} (ε_ij + ε_ji))  otherwise
/// ```
///
/// with `μ_i` the weight of the edges inside cluster `i` and `ε_ij` the weight of the edges
/// from cluster `i` to cluster `j`. Ranges over `0..=K` (K clusters); higher is better. Edges
/// are filtered as described in the [module docs](self).
pub fn turbo_mq(edges: &[(usize, usize, f64)], part: &[usize]) -> f64 {
    let (labels, k) = relabel(part);
    let flows = cluster_flows(edges, &labels, k);
    (0..k)
        .map(|i| {
            let mu = flows.intra[i];
            if mu > 0.0 {
                2.0 * mu / (2.0 * mu + flows.out[i] + flows.inc[i])
            } else {
                0.0
            }
        })
        .sum()
}

/// Structural modularity (SM) as used by Mono2Micro (Kalia et al., "Mono2Micro: a practical
/// and effective tool for decomposing monolithic Java applications to microservices",
/// ESEC/FSE 2021):
///
/// ```text
/// SM = (1/K) Σ_i μ_i / N_i²  −  (1 / (K(K−1)/2)) Σ_{i<j} σ_ij / (2 N_i N_j)
/// ```
///
/// with K clusters, `N_i` the number of items of cluster `i`, `μ_i` the weight of the edges
/// inside it and `σ_ij` the weight of the edges between `i` and `j` in both directions. The
/// second term is 0 when `K < 2`; SM is 0 for an empty partition. Higher is better.
pub fn structural_modularity(edges: &[(usize, usize, f64)], part: &[usize]) -> f64 {
    let (labels, k) = relabel(part);
    if k == 0 {
        return 0.0;
    }
    let sizes: Vec<f64> = cluster_sizes(&labels, k)
        .into_iter()
        .map(|s| s as f64)
        .collect();
    let mut intra = vec![0.0; k];
    // Keyed `(min, max)`; a BTreeMap keeps the summation order independent of hashing.
    let mut between: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    for (ci, cj, _, w) in cluster_edges(edges, &labels) {
        if ci == cj {
            intra[ci] += w;
        } else {
            *between.entry((ci.min(cj), ci.max(cj))).or_insert(0.0) += w;
        }
    }
    let k_f = k as f64;
    let cohesion: f64 = intra
        .iter()
        .zip(&sizes)
        .map(|(mu, n)| mu / (n * n))
        .sum::<f64>()
        / k_f;
    let coupling = if k < 2 {
        0.0
    } else {
        between
            .iter()
            .map(|(&(i, j), sigma)| sigma / (2.0 * sizes[i] * sizes[j]))
            .sum::<f64>()
            / (k_f * (k_f - 1.0) / 2.0)
    };
    cohesion - coupling
}

/// Inter-partition call percentage (ICP, Mono2Micro): the weight of the edges crossing clusters
/// divided by the total edge weight, in `0..=1`. 0 when there is no (counted) edge. Lower is
/// better. Self-loops count in neither weight.
pub fn inter_partition_call_percentage(edges: &[(usize, usize, f64)], part: &[usize]) -> f64 {
    let (labels, _) = relabel(part);
    let (mut crossing, mut total) = (0.0, 0.0);
    for (ci, cj, _, w) in cluster_edges(edges, &labels) {
        total += w;
        if ci != cj {
            crossing += w;
        }
    }
    if total > 0.0 {
        (crossing / total).clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// Interface number (IFN, Mono2Micro): the average over all clusters of the size of each
/// cluster's interface, the number of distinct items of the cluster that are the target of at
/// least one (positive-weight) edge coming from another cluster. 0 for an empty partition.
/// Lower is better.
pub fn interface_number(edges: &[(usize, usize, f64)], part: &[usize]) -> f64 {
    let (labels, k) = relabel(part);
    if k == 0 {
        return 0.0;
    }
    let mut exposed = vec![false; labels.len()];
    let mut interfaces = 0usize;
    for (ci, cj, target, _) in cluster_edges(edges, &labels) {
        if ci != cj && !exposed[target] {
            exposed[target] = true;
            interfaces += 1;
        }
    }
    interfaces as f64 / k as f64
}

/// Non-extreme distribution (NED, Mono2Micro):
///
/// ```text
/// NED = 1 − (items in clusters whose size lies within [min, max]) / n
/// ```
///
/// in `0..=1`; lower is better (0 = every item sits in a cluster of reasonable size). Mono2Micro
/// used `min = 5`, `max = 20` classes per microservice; seam passes its own bounds suited to
/// the granularity it clusters. `n == 0` gives 0.0; `min > max` makes every cluster extreme.
pub fn non_extreme_distribution(part: &[usize], min: usize, max: usize) -> f64 {
    if part.is_empty() {
        return 0.0;
    }
    let (labels, k) = relabel(part);
    let non_extreme: usize = cluster_sizes(&labels, k)
        .into_iter()
        .filter(|size| (min..=max).contains(size))
        .sum();
    1.0 - non_extreme as f64 / part.len() as f64
}

/// Every decomposition quality metric of one partition over one dependency graph.
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct DecompositionMetrics {
    /// TurboMQ (Bunch), `0..=K` for K clusters: higher is better.
    pub turbo_mq: f64,
    /// Structural modularity (Mono2Micro SM): higher is better.
    pub structural_modularity: f64,
    /// Inter-partition call percentage (Mono2Micro ICP), `0..=1`: lower is better.
    pub icp: f64,
    /// Interface number (Mono2Micro IFN), average interface items per cluster: lower is better.
    pub ifn: f64,
    /// Non-extreme distribution (Mono2Micro NED), `0..=1`: lower is better.
    pub ned: f64,
}

/// Computes [`turbo_mq`], [`structural_modularity`], [`inter_partition_call_percentage`],
/// [`interface_number`] and [`non_extreme_distribution`] (with bounds `ned_min..=ned_max`).
pub fn decomposition_metrics(
    edges: &[(usize, usize, f64)],
    part: &[usize],
    ned_min: usize,
    ned_max: usize,
) -> DecompositionMetrics {
    DecompositionMetrics {
        turbo_mq: turbo_mq(edges, part),
        structural_modularity: structural_modularity(edges, part),
        icp: inter_partition_call_percentage(edges, part),
        ifn: interface_number(edges, part),
        ned: non_extreme_distribution(part, ned_min, ned_max),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::VecDeque;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    // ----- MoJo -------------------------------------------------------------------------------

    #[test]
    fn mojo_one_move() {
        // B = {0,1,2,3} {4,5,6,7}; A = {0,1,2} {3,4,5,6,7}.
        // A0: 3×B0 → max 3; A1: 1×B0, 4×B1 → max 4. M = 8 − (3 + 4) = 1.
        // Matching A0–B0, A1–B1: g = 2, J = 2 − 2 = 0. mno = 1 (move 3 to A0).
        let b = [0, 0, 0, 0, 1, 1, 1, 1];
        let a = [0, 0, 0, 1, 1, 1, 1, 1];
        assert_eq!(mojo_distance(&a, &b), 1);
        // max: sizes [4, 4] → g = 1 (4 > 0), 2 (4 > 1); n − g = 6. FM = (1 − 1/6)·100.
        assert!(close(mojo_fm(&a, &b), 100.0 * 5.0 / 6.0));
    }

    #[test]
    fn mojo_one_join() {
        // B = {0..3} {4..7}; A = {0,1} {2,3} {4..7}: every A cluster pure, A0 and A1 both only
        // linked to B0 → g = 2, M = 0, J = 3 − 2 = 1.
        let b = [0, 0, 0, 0, 1, 1, 1, 1];
        let a = [5, 5, 9, 9, 2, 2, 2, 2];
        assert_eq!(mojo_distance(&a, &b), 1);
    }

    #[test]
    fn mojo_matching_resolves_ties() {
        // B = {0,1,2} {3,4,5} {6}; A = {0,6} {1,2} {3,4,5}.
        // A0 ties B0/B2 (1 each), A1 → B0 (2), A2 → B1 (3). A greedy choice A0→B0 would leave
        // g = 2 (1 move + 1 join); the maximum matching A0–B2, A1–B0, A2–B1 gives g = 3:
        // M = 2 − 1 = 1, J = 0, mno = 1 (move 0 from A0 into A1).
        let b = [0, 0, 0, 1, 1, 1, 2];
        let a = [0, 1, 1, 2, 2, 2, 0];
        assert_eq!(mojo_distance(&a, &b), 1);
        // max: sizes [1, 3, 3] → g = 1, 2, 3; n − g = 7 − 3 = 4. FM = (1 − 1/4)·100 = 75.
        assert!(close(mojo_fm(&a, &b), 75.0));
    }

    #[test]
    fn mojo_fm_identical_up_to_relabelling() {
        let a = [3, 3, 7, 7, 7, 1_000_000, 2];
        let b = [0, 0, 1, 1, 1, 2, 3];
        assert_eq!(mojo_distance(&a, &b), 0);
        assert_eq!(mojo_fm(&a, &b), 100.0);
    }

    #[test]
    fn mojo_fm_one_object_moved_is_slightly_below_100() {
        // Two clusters of 10; object 0 moved into a cluster of its own: mno = 1 move (back),
        // max = 20 − 2 = 18, FM = (1 − 1/18)·100 ≈ 94.44.
        let reference: Vec<usize> = (0..20).map(|i| i / 10).collect();
        let mut proposed = reference.clone();
        proposed[0] = 99;
        assert_eq!(mojo_distance(&proposed, &reference), 1);
        let fm = mojo_fm(&proposed, &reference);
        assert!(close(fm, 100.0 * 17.0 / 18.0), "{fm}");
        assert!(fm > 90.0 && fm < 100.0);
    }

    #[test]
    fn mojo_fm_singletons_against_one_cluster_is_zero() {
        // n − 1 joins; max = n − g with g = 1 (one cluster) → FM = 0.
        let reference = vec![0; 12];
        let proposed: Vec<usize> = (0..12).collect();
        assert_eq!(mojo_distance(&proposed, &reference), 11);
        assert_eq!(mojo_fm(&proposed, &reference), 0.0);
        // The other way: one cluster against singletons: 11 moves, max = 12 − 1 → 0 too.
        assert_eq!(mojo_distance(&reference, &proposed), 11);
        assert_eq!(mojo_fm(&reference, &proposed), 0.0);
    }

    #[test]
    fn mojo_edge_cases() {
        assert_eq!(mojo_fm(&[], &[]), 100.0);
        assert_eq!(mojo_fm(&[4], &[9]), 100.0);
        assert_eq!(mojo_distance(&[], &[]), 0);
        // Mismatched lengths: only the shared prefix [0,0,1] vs [5,5,6] counts.
        assert_eq!(mojo_fm(&[0, 0, 1, 1, 1], &[5, 5, 6]), 100.0);
        assert_eq!(mojo_fm(&[0, 0], &[]), 100.0);
        assert_eq!(mojo_fm(&[usize::MAX, 0], &[0, usize::MAX]), 100.0);
    }

    /// All set partitions of `n` items, as canonical (first-appearance) label vectors.
    fn all_partitions(n: usize) -> Vec<Vec<usize>> {
        let mut out = vec![Vec::new()];
        for _ in 0..n {
            let mut next = Vec::new();
            for p in &out {
                let k = p.iter().max().map_or(0, |m| m + 1);
                for c in 0..=k {
                    let mut q = p.clone();
                    q.push(c);
                    next.push(q);
                }
            }
            out = next;
        }
        out
    }

    /// Exact MoJo distances from `start` to every partition, by breadth-first search over
    /// single Move (one object to another or a new cluster) and Join operations.
    fn bfs_mojo(start: &[usize]) -> HashMap<Vec<usize>, usize> {
        let n = start.len();
        let start = relabel(start).0;
        let mut dist = HashMap::from([(start.clone(), 0)]);
        let mut queue = VecDeque::from([start]);
        while let Some(p) = queue.pop_front() {
            let d = dist[&p];
            let k = p.iter().max().map_or(0, |m| m + 1);
            let mut neighbours = Vec::new();
            for item in 0..n {
                for c in 0..=k {
                    let mut q = p.clone();
                    q[item] = c;
                    neighbours.push(q);
                }
            }
            for x in 0..k {
                for y in 0..k {
                    neighbours.push(p.iter().map(|&c| if c == y { x } else { c }).collect());
                }
            }
            for q in neighbours {
                let q = relabel(&q).0;
                if !dist.contains_key(&q) {
                    dist.insert(q.clone(), d + 1);
                    queue.push_back(q);
                }
            }
        }
        dist
    }

    #[test]
    fn mojo_matches_exhaustive_search_and_max_formula() {
        // Every pair of partitions of up to 5 objects (52² pairs for n = 5): the matching
        // formula equals the true minimum number of moves and joins, and n − g is the largest
        // distance any partition has to B.
        for n in 1..=5 {
            let parts = all_partitions(n);
            let mut furthest: HashMap<Vec<usize>, usize> = HashMap::new();
            for a in &parts {
                let dist = bfs_mojo(a);
                for b in &parts {
                    let exact = dist[b];
                    assert_eq!(mojo_distance(a, b), exact, "A = {a:?}, B = {b:?}");
                    let max = furthest.entry(b.clone()).or_insert(0);
                    *max = (*max).max(exact);
                }
            }
            for (b, max) in furthest {
                assert_eq!(max_mojo_distance(&b), max, "B = {b:?}");
            }
        }
    }

    // ----- ARI --------------------------------------------------------------------------------

    #[test]
    fn ari_hand_computed() {
        // a = {0,1} {2,3}; b = {0,1} {2} {3}.
        // index = C(2,2) = 1; Σa = 1 + 1 = 2; Σb = 1; C(4,2) = 6.
        // expected = 2·1/6 = 1/3; max = 3/2; ARI = (1 − 1/3)/(3/2 − 1/3) = (2/3)/(7/6) = 4/7.
        assert!(close(
            adjusted_rand_index(&[0, 0, 1, 1], &[0, 0, 1, 2]),
            4.0 / 7.0
        ));
        // a = {0,1,2} {3,4,5}; b = {0,1} {2,3} {4,5}.
        // cells 2,1,1,2 → index = 2; Σa = 3 + 3 = 6; Σb = 3; C(6,2) = 15.
        // expected = 18/15 = 1.2; max = 4.5; ARI = 0.8/3.3 = 8/33.
        assert!(close(
            adjusted_rand_index(&[0, 0, 0, 1, 1, 1], &[0, 0, 1, 1, 2, 2]),
            8.0 / 33.0
        ));
    }

    #[test]
    fn ari_degenerate_cases() {
        assert_eq!(adjusted_rand_index(&[], &[]), 1.0);
        assert_eq!(adjusted_rand_index(&[3], &[8]), 1.0);
        // Both all singletons / both one cluster: denominator 0, identical → 1.
        assert_eq!(adjusted_rand_index(&[0, 1, 2, 3], &[9, 8, 7, 6]), 1.0);
        assert_eq!(adjusted_rand_index(&[4, 4, 4], &[1, 1, 1]), 1.0);
        // One cluster against singletons: index 0, expected 0, max 3 → 0.
        assert_eq!(adjusted_rand_index(&[0, 0, 0], &[0, 1, 2]), 0.0);
        // Mismatched lengths: the shared prefix is identical.
        assert_eq!(adjusted_rand_index(&[0, 0, 1, 1], &[1, 1, 0]), 1.0);
    }

    /// Deterministic xorshift64* stream for the "independent partitions" test.
    fn pseudo_random(seed: u64, len: usize, k: u64) -> Vec<usize> {
        let mut state = seed;
        (0..len)
            .map(|_| {
                state ^= state >> 12;
                state ^= state << 25;
                state ^= state >> 27;
                (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % k as usize
            })
            .collect()
    }

    #[test]
    fn ari_of_independent_partitions_is_near_zero() {
        let a = pseudo_random(0x9E37_79B9_7F4A_7C15, 5000, 8);
        let b = pseudo_random(0xD1B5_4A32_D192_ED03, 5000, 12);
        let ari = adjusted_rand_index(&a, &b);
        assert!(ari.abs() < 0.01, "{ari}");
        assert!(close(adjusted_rand_index(&a, &a), 1.0));
    }

    // ----- Graph metrics ----------------------------------------------------------------------

    /// Clusters 0 = {0,1,2}, 1 = {3,4,5}, 7 = {6}.
    const PART: [usize; 7] = [0, 0, 0, 1, 1, 1, 7];
    /// Intra 0: 0→1 (1), 1→2 (1) → μ0 = 2. Intra 1: 3→4 (2), 3→5 (1) → μ1 = 3.
    /// Crossing: 2→3 (1) ε01, 4→0 (0.5) ε10, 6→0 (1) ε70. Ignored: the self-loop 5→5, the
    /// out-of-range 2→99, the NaN, negative and zero weights.
    const EDGES: [(usize, usize, f64); 12] = [
        (0, 1, 1.0),
        (1, 2, 1.0),
        (3, 4, 2.0),
        (3, 5, 1.0),
        (2, 3, 1.0),
        (4, 0, 0.5),
        (6, 0, 1.0),
        (5, 5, 10.0),
        (2, 99, 4.0),
        (0, 3, f64::NAN),
        (1, 4, -3.0),
        (2, 5, 0.0),
    ];

    #[test]
    fn turbo_mq_hand_computed() {
        // CF0 = 2·2/(2·2 + ε01 + ε10 + ε70) = 4/(4 + 1 + 0.5 + 1) = 4/6.5
        // CF1 = 2·3/(2·3 + ε01 + ε10) = 6/7.5 = 0.8
        // CF7 = 0 (μ7 = 0).
        let expected = 4.0 / 6.5 + 0.8;
        assert!(close(turbo_mq(&EDGES, &PART), expected));
        assert_eq!(turbo_mq(&EDGES, &[]), 0.0);
        assert_eq!(turbo_mq(&[], &PART), 0.0);
        // One cluster with internal edges and nothing outside: CF = 1.
        assert!(close(turbo_mq(&[(0, 1, 3.0)], &[5, 5]), 1.0));
    }

    #[test]
    fn structural_modularity_hand_computed() {
        // K = 3, N = (3, 3, 1), μ = (2, 3, 0).
        // cohesion = (2/9 + 3/9 + 0/1)/3 = 5/27.
        // σ01 = 1 + 0.5 = 1.5, σ07 = 1, σ17 = 0:
        // coupling = (1.5/(2·3·3) + 1/(2·3·1) + 0)/(3·2/2) = (1/12 + 1/6)/3 = 1/12.
        // SM = 5/27 − 1/12 = 11/108.
        assert!(close(structural_modularity(&EDGES, &PART), 11.0 / 108.0));
        // K = 1: no coupling term. N = 2, μ = 3 → 3/4.
        assert!(close(structural_modularity(&[(0, 1, 3.0)], &[5, 5]), 0.75));
        assert_eq!(structural_modularity(&EDGES, &[]), 0.0);
    }

    #[test]
    fn icp_hand_computed() {
        // total = 1 + 1 + 2 + 1 + 1 + 0.5 + 1 = 7.5; crossing = 1 + 0.5 + 1 = 2.5 → 1/3.
        assert!(close(
            inter_partition_call_percentage(&EDGES, &PART),
            1.0 / 3.0
        ));
        assert_eq!(inter_partition_call_percentage(&[], &PART), 0.0);
        assert_eq!(
            inter_partition_call_percentage(&[(1, 1, 2.0)], &[0, 0]),
            0.0
        );
    }

    #[test]
    fn ifn_hand_computed() {
        // Interface of cluster 0: {0} (targeted from 4 and 6); of cluster 1: {3}; of 7: none.
        // IFN = (1 + 1 + 0)/3 = 2/3.
        assert!(close(interface_number(&EDGES, &PART), 2.0 / 3.0));
        assert_eq!(interface_number(&EDGES, &[]), 0.0);
    }

    #[test]
    fn ned_hand_computed() {
        // Sizes 3, 3, 1 with bounds [2, 5]: 6 of 7 items non-extreme → 1 − 6/7 = 1/7.
        assert!(close(non_extreme_distribution(&PART, 2, 5), 1.0 / 7.0));
        // Mono2Micro's bounds [5, 20]: every cluster extreme → 1.
        assert_eq!(non_extreme_distribution(&PART, 5, 20), 1.0);
        assert_eq!(non_extreme_distribution(&PART, 1, 3), 0.0);
        assert_eq!(non_extreme_distribution(&PART, 4, 2), 1.0);
        assert_eq!(non_extreme_distribution(&[], 5, 20), 0.0);
    }

    #[test]
    fn decomposition_metrics_bundles_and_serializes() {
        let m = decomposition_metrics(&EDGES, &PART, 2, 5);
        assert_eq!(m.turbo_mq, turbo_mq(&EDGES, &PART));
        assert_eq!(
            m.structural_modularity,
            structural_modularity(&EDGES, &PART)
        );
        assert_eq!(m.icp, inter_partition_call_percentage(&EDGES, &PART));
        assert_eq!(m.ifn, interface_number(&EDGES, &PART));
        assert_eq!(m.ned, non_extreme_distribution(&PART, 2, 5));
        let json = serde_json::to_value(&m).expect("serializes");
        assert!(json.get("turbo_mq").is_some() && json.get("ned").is_some());
    }

    #[test]
    fn matching_augments_through_long_paths() {
        // Left i < n may take right i or i + 1, and greedily takes i; the last left vertex only
        // accepts right 0, so matching it shifts all n others along one path of length n.
        let n = 5000;
        let mut adj: Vec<Vec<usize>> = (0..n).map(|i| vec![i, i + 1]).collect();
        adj.push(vec![0]);
        assert_eq!(max_bipartite_matching(&adj, n + 1), n + 1);
        // Three left vertices competing for two right vertices.
        let adj = vec![vec![0], vec![0], vec![0, 1]];
        assert_eq!(max_bipartite_matching(&adj, 2), 2);
    }

    // ----- Properties -------------------------------------------------------------------------

    fn partition(max_len: usize) -> impl Strategy<Value = Vec<usize>> {
        (1usize..8).prop_flat_map(move |k| prop::collection::vec(0..k, 0..max_len))
    }

    /// An injective relabelling of cluster ids (spreads them over the whole `usize` range).
    fn scramble(p: &[usize]) -> Vec<usize> {
        p.iter()
            .map(|&c| usize::MAX - c.wrapping_mul(7919))
            .collect()
    }

    fn graph(max_items: usize) -> impl Strategy<Value = Vec<(usize, usize, f64)>> {
        prop::collection::vec((0..max_items, 0..max_items, 0.0f64..10.0), 0..60)
    }

    proptest! {
        #[test]
        fn self_agreement_is_perfect(p in partition(40)) {
            prop_assert_eq!(mojo_distance(&p, &p), 0);
            prop_assert_eq!(mojo_fm(&p, &p), 100.0);
            prop_assert_eq!(adjusted_rand_index(&p, &p), 1.0);
            prop_assert_eq!(mojo_fm(&scramble(&p), &p), 100.0);
            prop_assert_eq!(adjusted_rand_index(&p, &scramble(&p)), 1.0);
        }

        #[test]
        fn agreement_ranges_and_relabelling(a in partition(40), b in partition(40)) {
            let fm = mojo_fm(&a, &b);
            prop_assert!((0.0..=100.0).contains(&fm));
            let n = a.len().min(b.len());
            prop_assert!(mojo_distance(&a, &b) <= max_mojo_distance(&b[..n]));
            prop_assert_eq!(fm, mojo_fm(&scramble(&a), &scramble(&b)));
            let ari = adjusted_rand_index(&a, &b);
            prop_assert!((-1.0..=1.0).contains(&ari));
            prop_assert_eq!(ari, adjusted_rand_index(&scramble(&a), &b));
            prop_assert!((ari - adjusted_rand_index(&b, &a)).abs() < 1e-12);
        }

        #[test]
        fn quality_ranges_and_relabelling(p in partition(30), edges in graph(35)) {
            let m = decomposition_metrics(&edges, &p, 2, 6);
            let k = relabel(&p).1 as f64;
            prop_assert!(m.turbo_mq >= 0.0 && m.turbo_mq <= k + 1e-9);
            prop_assert!(m.structural_modularity.is_finite());
            prop_assert!((0.0..=1.0).contains(&m.icp));
            prop_assert!(m.ifn >= 0.0 && m.ifn <= p.len() as f64);
            prop_assert!((0.0..=1.0).contains(&m.ned));
            prop_assert_eq!(m, decomposition_metrics(&edges, &scramble(&p), 2, 6));
        }
    }
}
