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

    #[inline]
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

    #[inline]
    pub(crate) fn pop(&mut self) -> Option<(u64, u32)> {
        let top = *self.items.first()?;
        // Non-empty: `first` succeeded.
        let last = self.items.pop().expect("non-empty heap");
        let n = self.items.len();
        if n > 0 {
            let mut i = 0;
            loop {
                let first_child = 4 * i + 1;
                if first_child >= n {
                    break;
                }
                let end = (first_child + 4).min(n);
                let mut best = first_child;
                for c in first_child + 1..end {
                    if self.items[c].0 < self.items[best].0 {
                        best = c;
                    }
                }
                if self.items[best].0 >= last.0 {
                    break;
                }
                self.items[i] = self.items[best];
                i = best;
            }
            self.items[i] = last;
        }
        Some(top)
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
}
