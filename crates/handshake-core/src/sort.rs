//! Stable sorting that costs the wasm bundle one copy of the sort, not one per call site
//! (issue 15, "Where the bytes go" in docs/BENCHMARKS.md).
//!
//! `slice::sort_by` and `sort_by_key` are generic over the element and the comparator, so each
//! call site compiled in its own copy of the standard library's driftsort (quicksort, merge and
//! small-sort code): 21 copies of about 3.7 KB each in the app's wasm. Here the sorting itself is
//! done once, on positions (`usize`), through a `dyn` comparator; what stays generic per call site
//! is only the comparison closure and the loop that moves the elements into place.
//!
//! The result is exactly that of the standard library's stable sort: positions that compare
//! equal keep their original order (ties are broken by position), so elements that compare equal
//! stay in the order they came in. Like the standard sorts, these are O(n log n); they allocate
//! one `usize` and one `bool` per element, unless the elements are in order already (one pass,
//! no allocation: the simulator sorts a scenario's actions, which usually are).

use alloc::vec::Vec;
use core::cmp::Ordering;

/// Sorts `v` stably by `compare`: the same order as `v.sort_by(compare)`.
pub fn sort_by<T>(v: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    // Already in order (a scenario's actions usually are): a stable sort leaves it as it is, so
    // nothing is allocated.
    if v.windows(2)
        .all(|w| compare(&w[0], &w[1]) != Ordering::Greater)
    {
        return;
    }
    let order = stable_order(v.len(), &mut |a, b| compare(&v[a], &v[b]));
    permute(v, &order);
}

/// Sorts `v` stably by the key `f` gives each element: the same order as `v.sort_by_key(f)`.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut f: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| f(a).cmp(&f(b)));
}

/// The positions of `keys` in the order that sorts them stably by [`f64::total_cmp`]: the same
/// order as sorting `0..keys.len()` with `sort_by(|&a, &b| keys[a].total_cmp(&keys[b]))`. Long
/// lists (a layout orders tens of thousands of labels by time) are sorted by radix, without a
/// comparator and without another copy of a comparison sort in the bundle.
pub fn order_by_f64(keys: &[f64]) -> Vec<usize> {
    if keys.len() < RADIX_FROM {
        return stable_order(keys.len(), &mut |a, b| keys[a].total_cmp(&keys[b]));
    }
    // `total_cmp`'s order as unsigned integers: negative numbers' other bits flipped (as
    // `total_cmp` does), then the sign bit flipped so that they come first.
    let bits: Vec<u64> = keys
        .iter()
        .map(|k| {
            let bits = k.to_bits();
            (bits ^ (((bits as i64 >> 63) as u64) >> 1)) ^ (1 << 63)
        })
        .collect();
    // Least significant digit first; each pass is stable, so equal keys keep their positions'
    // order.
    let mut order: Vec<usize> = (0..keys.len()).collect();
    let mut next = alloc::vec![0; keys.len()];
    let mut starts = alloc::vec![0usize; 1 << RADIX_BITS];
    for shift in (0..64).step_by(RADIX_BITS) {
        let digit = |i: usize| ((bits[i] >> shift) & ((1 << RADIX_BITS) - 1)) as usize;
        starts.fill(0);
        for &i in &order {
            starts[digit(i)] += 1;
        }
        if starts.contains(&keys.len()) {
            // Every key has this digit: the pass would change nothing.
            continue;
        }
        let mut at = 0;
        for start in starts.iter_mut() {
            let count = *start;
            *start = at;
            at += count;
        }
        for &i in &order {
            let d = digit(i);
            next[starts[d]] = i;
            starts[d] += 1;
        }
        core::mem::swap(&mut order, &mut next);
    }
    order
}

/// From this many keys on, [`order_by_f64`] sorts by radix (below, a pass over the digits'
/// counts would cost more than comparing).
const RADIX_FROM: usize = 2048;
/// Bits of a key sorted by each radix pass.
const RADIX_BITS: usize = 16;

/// The positions `0..n` in the order that sorts them stably by `compare`. Not generic: the one
/// place the sort is instantiated.
fn stable_order(n: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    // Ties broken by position make the order total, so an unstable sort gives the stable order.
    order.sort_unstable_by(|&a, &b| compare(a, b).then(a.cmp(&b)));
    order
}

/// Moves the elements so that `v[i]` becomes the old `v[order[i]]`, following each cycle of the
/// permutation with swaps.
fn permute<T>(v: &mut [T], order: &[usize]) {
    let mut done = alloc::vec![false; v.len()];
    for start in 0..v.len() {
        if done[start] {
            continue;
        }
        done[start] = true;
        let mut at = start;
        loop {
            let from = order[at];
            if from == start {
                break;
            }
            v.swap(at, from);
            done[from] = true;
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    /// A small deterministic generator (xorshift), so the test needs no dependency.
    fn numbers(seed: u64, n: usize, modulo: u64) -> Vec<u64> {
        let mut x = seed;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x % modulo
            })
            .collect()
    }

    #[test]
    fn sort_by_key_gives_the_standard_stable_order_ties_included() {
        for (seed, n, modulo) in [
            (1, 0, 1),
            (2, 1, 1),
            (3, 2, 2),
            (4, 17, 3),
            (5, 300, 10),
            (6, 5000, 50),
            (7, 999, 1000),
        ] {
            // (key, original position): ties in the key must keep their original order.
            let items: Vec<(u64, usize)> = numbers(seed, n, modulo)
                .into_iter()
                .enumerate()
                .map(|(i, k)| (k, i))
                .collect();
            let mut ours = items.clone();
            sort_by_key(&mut ours, |e| e.0);
            let mut std = items.clone();
            std.sort_by_key(|e| e.0);
            assert_eq!(ours, std, "seed {seed}, {n} items");
        }
    }

    #[test]
    fn input_in_order_or_nearly_stays_or_sorts_as_the_standard_sort() {
        // Ascending with ties (left alone), then one element out of place at either end.
        let sorted: Vec<(u64, usize)> = (0..50).map(|i| (i / 3, i as usize)).collect();
        let mut late_small = sorted.clone();
        late_small.push((0, 99));
        let mut early_big = vec![(100, 98)];
        early_big.extend(sorted.iter().copied());
        for items in [sorted, late_small, early_big] {
            let mut ours = items.clone();
            sort_by_key(&mut ours, |e| e.0);
            let mut std = items;
            std.sort_by_key(|e| e.0);
            assert_eq!(ours, std);
        }
    }

    #[test]
    fn sort_by_matches_the_standard_sort_by_on_floats() {
        let items: Vec<(f64, u32)> = numbers(9, 400, 37)
            .into_iter()
            .zip(0u32..)
            .map(|(k, i)| (k as f64 / 4.0 - 3.0, i))
            .collect();
        let mut ours = items.clone();
        sort_by(&mut ours, |a, b| a.0.total_cmp(&b.0));
        let mut std = items;
        std.sort_by(|a, b| a.0.total_cmp(&b.0));
        assert_eq!(ours, std);
    }

    #[test]
    fn order_by_f64_is_the_stable_order_of_total_cmp() {
        let special = [
            0.0,
            -0.0,
            1.5,
            -1.5,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            -f64::NAN,
            f64::MIN_POSITIVE,
            -f64::MIN_POSITIVE,
            f64::MAX,
            f64::MIN,
            1e-310,
            -1e-310,
        ];
        for seed in 1..40u64 {
            let n = (seed * 7 % 50) as usize;
            let mut keys: Vec<f64> = numbers(seed, n, 9)
                .into_iter()
                .map(|x| x as f64 / 4.0 - 1.0)
                .collect();
            // Every special value, and ties among them.
            keys.extend(
                special
                    .iter()
                    .copied()
                    .cycle()
                    .skip(seed as usize)
                    .take(n / 3),
            );
            let mut want: Vec<usize> = (0..keys.len()).collect();
            want.sort_by(|&a, &b| keys[a].total_cmp(&keys[b]));
            assert_eq!(order_by_f64(&keys), want, "seed {seed}: {keys:?}");
        }
        assert_eq!(order_by_f64(&[]), Vec::<usize>::new());
        // Long lists go by radix: random keys with many ties, every special value among them,
        // and keys already in order or nearly (a layout's).
        let mut long: Vec<f64> = numbers(7, 3 * RADIX_FROM, 500)
            .into_iter()
            .map(|x| x as f64 * 0.37 - 60.0)
            .collect();
        long.extend(special.iter().copied().cycle().take(300));
        let mut sorted = long.clone();
        sorted.sort_by(f64::total_cmp);
        for keys in [long, sorted.clone(), sorted.iter().map(|k| -k).collect()] {
            let mut want: Vec<usize> = (0..keys.len()).collect();
            want.sort_by(|&a, &b| keys[a].total_cmp(&keys[b]));
            assert_eq!(order_by_f64(&keys), want);
        }
    }

    #[test]
    fn permute_follows_every_cycle() {
        let mut v = vec!['a', 'b', 'c', 'd', 'e', 'f'];
        // Two cycles (0 2 4) and (1 5), and a fixed point 3.
        permute(&mut v, &[2, 5, 4, 3, 0, 1]);
        assert_eq!(v, ['c', 'f', 'e', 'd', 'a', 'b']);
    }
}
