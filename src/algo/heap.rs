//! The priority queue of the searches: a 4-ary min-heap of (key, node) with lazy deletion.
//!
//! Keys are non-negative `f64` distances stored as their IEEE-754 bit patterns: for
//! non-negative floats the bits order exactly like the values, so comparisons are plain
//! integer compares. A 4-ary heap is shallower than a binary one and keeps a node's children
//! in one cache line; `benches/heap_choice.rs` measures it against the alternatives.

/// A 4-ary min-heap of `(key, node)`.
#[derive(Debug, Default, Clone)]
pub(crate) struct Heap {
    items: Vec<(u64, u32)>,
}

/// The heap key of a non-negative distance.
#[inline]
pub(crate) fn key(d: f64) -> u64 {
    debug_assert!(d >= 0.0, "negative key {d}");
    // `-0.0 + 0.0` is `+0.0`: negative zero would otherwise sort after every other key.
    (d + 0.0).to_bits()
}

impl Heap {
    #[inline]
    pub(crate) fn clear(&mut self) {
        self.items.clear();
    }

    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The smallest key, if any.
    #[inline]
    pub(crate) fn peek_key(&self) -> Option<u64> {
        self.items.first().map(|&(k, _)| k)
    }

    #[inline(always)]
    pub(crate) fn push(&mut self, key: u64, node: u32) {
        let mut i = self.items.len();
        self.items.push((key, node));
        while i > 0 {
            let parent = (i - 1) / 4;
            if self.items[parent].0 <= key {
                break;
            }
            self.items[i] = self.items[parent];
            i = parent;
        }
        self.items[i] = (key, node);
    }

    /// The smallest entry, if any.
    #[inline]
    pub(crate) fn peek(&self) -> Option<(u64, u32)> {
        self.items.first().copied()
    }

    /// Removes the smallest entry.
    #[inline(always)]
    pub(crate) fn pop(&mut self) -> Option<(u64, u32)> {
        let top = *self.items.first()?;
        // Non-empty: `first` succeeded.
        let last = self.items.pop().expect("non-empty heap");
        if !self.items.is_empty() {
            self.fill_root(last);
        }
        Some(top)
    }

    /// Replaces the smallest entry by `(key, node)`: a pop and a push in one pass, for the
    /// search that settles a node and then reaches a new one. The heap must not be empty.
    #[inline(always)]
    pub(crate) fn replace_top(&mut self, key: u64, node: u32) {
        self.fill_root((key, node));
    }

    /// Overwrites the root with `entry` and restores the heap order. The hole left at the
    /// root moves down to a leaf along the smallest children, then `entry` sifts up from
    /// there: the same strategy as std's `BinaryHeap`, which needs fewer comparisons than
    /// sifting down because the entry usually belongs near the bottom (measured in
    /// `benches/heap_choice.rs`).
    #[inline(always)]
    fn fill_root(&mut self, entry: (u64, u32)) {
        let items = &mut self.items[..];
        let n = items.len();
        let mut i = 0;
        loop {
            let c = 4 * i + 1;
            if let Some(kids) = items.get(c..c + 4) {
                // The smallest of four children, without data-dependent branches.
                let a = usize::from(kids[1].0 < kids[0].0);
                let b = 2 + usize::from(kids[3].0 < kids[2].0);
                let m = c + if kids[b].0 < kids[a].0 { b } else { a };
                items[i] = items[m];
                i = m;
            } else {
                if c < n {
                    let mut m = c;
                    for j in c + 1..n {
                        if items[j].0 < items[m].0 {
                            m = j;
                        }
                    }
                    items[i] = items[m];
                    i = m;
                }
                break;
            }
        }
        while i > 0 {
            let parent = (i - 1) / 4;
            if items[parent].0 <= entry.0 {
                break;
            }
            items[i] = items[parent];
            i = parent;
        }
        items[i] = entry;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_key_order() {
        let mut h = Heap::default();
        let values = [5.0, 0.0, 3.5, 3.5, 1e-300, 7.25, 2.0, 1e300, 0.5];
        for (i, v) in values.iter().enumerate() {
            h.push(key(*v), i as u32);
        }
        let mut out = Vec::new();
        while let Some((k, _)) = h.pop() {
            out.push(f64::from_bits(k));
        }
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        assert_eq!(out, sorted);
        assert!(h.is_empty());
    }

    #[test]
    fn replace_top_is_a_pop_then_a_push() {
        // A small deterministic generator; compare against a sorted list.
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % 1000
        };
        let mut h = Heap::default();
        let mut model: Vec<u64> = Vec::new();
        for i in 0..2_000u32 {
            let k = next();
            match next() % 3 {
                0 if !model.is_empty() => {
                    h.replace_top(k, i);
                    model.remove(0);
                    model.push(k);
                }
                1 => {
                    let got = h.pop().map(|(k, _)| k);
                    let want = (!model.is_empty()).then(|| model.remove(0));
                    assert_eq!(got, want);
                }
                _ => {
                    h.push(k, i);
                    model.push(k);
                }
            }
            model.sort_unstable();
            assert_eq!(h.peek().map(|(k, _)| k), model.first().copied());
        }
    }
}
