//! The metric-independent node order: nested dissection with inertial-flow separators
//! (Schild & Sommer 2015), small pieces by minimum degree.
//!
//! Every piece of the graph is split into its connected components; a component larger than
//! [`SMALL_PIECE`] nodes is cut by a node separator, which takes the highest ranks of the
//! component, and the rest is ordered the same way; smaller components are ordered by the
//! minimum-degree heuristic (on the exact elimination game). Nodes without coordinates take
//! those of their nearest positioned node (in hops); components without any positioned node
//! get coordinates from breadth-first distances to two far-apart nodes, so that they are cut
//! by topology alone.

use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::customize::with_pool;
use super::Progress;

/// Components up to this many nodes are ordered by minimum degree rather than cut.
pub(crate) const SMALL_PIECE: usize = 96;

/// Share of the nodes, at each end of a projection, that the flow separates.
const BALANCE: f64 = 0.25;

const NONE: u32 = u32::MAX;

/// An undirected simple graph (no self-loops, no parallel edges) as compressed rows.
#[derive(Debug, Clone)]
pub(crate) struct Adjacency {
    first: Vec<u32>,
    nbr: Vec<u32>,
}

impl Adjacency {
    /// The undirected simple graph of `pairs` over `0..n` (loops dropped, duplicates merged).
    pub(crate) fn new(n: usize, pairs: impl Iterator<Item = (u32, u32)> + Clone) -> Self {
        let mut first = vec![0u32; n + 1];
        for (u, v) in pairs.clone() {
            if u != v {
                first[u as usize + 1] += 1;
                first[v as usize + 1] += 1;
            }
        }
        for v in 0..n {
            first[v + 1] += first[v];
        }
        let mut next = first.clone();
        let mut nbr = vec![0u32; first[n] as usize];
        for (u, v) in pairs {
            if u != v {
                nbr[next[u as usize] as usize] = v;
                next[u as usize] += 1;
                nbr[next[v as usize] as usize] = u;
                next[v as usize] += 1;
            }
        }
        // Sort and deduplicate each row, compacting in place.
        let mut out = 0usize;
        let mut start = 0usize;
        for v in 0..n {
            let end = first[v + 1] as usize;
            nbr[start..end].sort_unstable();
            let row_start = out;
            for i in start..end {
                if out == row_start || nbr[out - 1] != nbr[i] {
                    nbr[out] = nbr[i];
                    out += 1;
                }
            }
            start = end;
            first[v + 1] = out as u32;
        }
        nbr.truncate(out);
        nbr.shrink_to_fit();
        Adjacency { first, nbr }
    }

    pub(crate) fn node_count(&self) -> usize {
        self.first.len() - 1
    }

    #[inline]
    pub(crate) fn neighbours(&self, v: u32) -> &[u32] {
        &self.nbr[self.first[v as usize] as usize..self.first[v as usize + 1] as usize]
    }
}

/// The order of `adj`: `order[rank] = node`, rank 0 eliminated first. `coords` has one entry
/// per node (NaN allowed).
///
/// Trees hanging off the graph and chains of nodes with two neighbours (railway lines
/// between junctions: most nodes of the OSM railways) come first: eliminating a leaf adds no
/// edge, and eliminating a chain joins its two ends, so what remains is the *core* with
/// every chain replaced by one edge. Each chain is ordered by dissection of the path (its
/// middle node last), so its nodes sit at most log₂(length) deep in the elimination tree.
/// The core, a fraction of the graph, is ordered by [`nested_dissection`].
pub(crate) fn order(
    adj: &Adjacency,
    coords: &[(f64, f64)],
    threads: usize,
    progress: &mut dyn FnMut(Progress),
) -> Vec<u32> {
    let n = adj.node_count();
    let mut degree: Vec<u32> = (0..n as u32)
        .map(|v| adj.neighbours(v).len() as u32)
        .collect();
    let mut removed = vec![false; n];
    // Peel leaves (and isolated nodes), repeatedly; each peeled node remembers the one live
    // neighbour it had (its elimination-tree parent), if any.
    let mut peeled = Vec::new();
    let mut peel_parent = vec![NONE; n];
    let mut stack: Vec<u32> = (0..n as u32).filter(|&v| degree[v as usize] <= 1).collect();
    while let Some(v) = stack.pop() {
        if removed[v as usize] {
            continue;
        }
        removed[v as usize] = true;
        peeled.push(v);
        for &u in adj.neighbours(v) {
            if !removed[u as usize] {
                peel_parent[v as usize] = u;
                degree[u as usize] -= 1;
                if degree[u as usize] == 1 {
                    stack.push(u);
                }
            }
        }
    }
    // Chains: maximal paths of degree-2 nodes between two core nodes (degree >= 3). Cycles
    // of degree-2 nodes only stay in the core.
    let mut core_edges: Vec<(u32, u32)> = Vec::new();
    let mut chain_of = vec![NONE; n];
    // Per chain: its ends and its nodes in dissection order (all chains in one array).
    let mut chains: Vec<(u32, u32, usize, usize)> = Vec::new();
    let mut chain_nodes = Vec::new();
    let mut chain = Vec::new();
    for a in 0..n as u32 {
        if removed[a as usize] || degree[a as usize] < 3 {
            continue;
        }
        for &first in adj.neighbours(a) {
            if removed[first as usize]
                || degree[first as usize] != 2
                || chain_of[first as usize] != NONE
            {
                continue;
            }
            chain.clear();
            let id = chains.len() as u32;
            let (mut prev, mut at) = (a, first);
            while degree[at as usize] == 2 && chain_of[at as usize] == NONE {
                chain_of[at as usize] = id;
                chain.push(at);
                let next = adj
                    .neighbours(at)
                    .iter()
                    .copied()
                    .find(|&u| u != prev && !removed[u as usize]);
                match next {
                    Some(u) => (prev, at) = (at, u),
                    None => break, // not in a simple graph; defensive
                }
            }
            core_edges.push((a, at));
            let start = chain_nodes.len();
            dissect_path(&chain, &mut chain_nodes);
            chains.push((a, at, start, chain_nodes.len()));
        }
    }
    // The core: live nodes not on a chain, with the edges among them and one per chain.
    let in_core = |v: u32| !removed[v as usize] && chain_of[v as usize] == NONE;
    let core: Vec<u32> = (0..n as u32).filter(|&v| in_core(v)).collect();
    progress(Progress::ordering(n - core.len(), n));
    let mut local = vec![NONE; n];
    for (i, &v) in core.iter().enumerate() {
        local[v as usize] = i as u32;
    }
    for &v in &core {
        for &u in adj.neighbours(v) {
            if in_core(u) && v < u {
                core_edges.push((v, u));
            }
        }
    }
    let pairs = core_edges
        .iter()
        .map(|&(u, v)| (local[u as usize], local[v as usize]))
        .filter(|&(u, v)| u != NONE && v != NONE);
    let core_adj = Adjacency::new(core.len(), pairs);
    let core_coords: Vec<(f64, f64)> = core.iter().map(|&v| coords[v as usize]).collect();
    let done = n - core.len();
    let core_order = nested_dissection(&core_adj, &core_coords, threads, &mut |p| {
        progress(Progress::ordering(done + p.done, n))
    });
    // Each chain, and each tree, is eliminated just before the lower of the core nodes it
    // hangs from, so that it sits beside them in memory (the ranks are the layout of the
    // hierarchy's arrays). Anything eliminated before both ends of a chain gives the same
    // fill; a tree only needs to come before the node it hangs from.
    let mut core_rank = vec![NONE; n];
    for (r, &i) in core_order.iter().enumerate() {
        core_rank[core[i as usize] as usize] = r as u32;
    }
    let chain_anchor: Vec<u32> = chains
        .iter()
        .map(|&(a, b, _, _)| core_rank[a as usize].min(core_rank[b as usize]))
        .collect();
    // Where each peeled node hangs: the core rank it comes before (NONE: a tree on its own).
    let mut anchor = vec![NONE; n];
    for &v in peeled.iter().rev() {
        let p = peel_parent[v as usize];
        anchor[v as usize] = if p == NONE {
            NONE
        } else if removed[p as usize] {
            anchor[p as usize]
        } else if chain_of[p as usize] != NONE {
            chain_anchor[chain_of[p as usize] as usize]
        } else {
            core_rank[p as usize]
        };
    }
    // (anchor, 0 for trees in peeling order or 1 for chains in order, node), sorted.
    let mut items: Vec<(u32, u32, u32)> = Vec::with_capacity(n - core.len());
    let mut loose = Vec::new();
    for (i, &v) in peeled.iter().enumerate() {
        match anchor[v as usize] {
            NONE => loose.push(v),
            r => items.push((r, i as u32, v)),
        }
    }
    let trees = peeled.len() as u32;
    for (c, &(_, _, start, end)) in chains.iter().enumerate() {
        for (i, &v) in chain_nodes[start..end].iter().enumerate() {
            items.push((chain_anchor[c], trees + (start + i) as u32, v));
        }
    }
    items.sort_unstable();
    let mut order = loose;
    order.reserve(n - order.len());
    let mut next = items.iter().peekable();
    for (r, &i) in core_order.iter().enumerate() {
        while let Some(&&(_, _, v)) = next.peek().filter(|item| item.0 == r as u32) {
            order.push(v);
            next.next();
        }
        order.push(core[i as usize]);
    }
    debug_assert_eq!(order.len(), n);
    order
}

/// Appends the nodes of the path `chain` in dissection order: each half before the middle.
fn dissect_path(chain: &[u32], out: &mut Vec<u32>) {
    // (segment, middle emitted?) on an explicit stack, in post-order.
    let mut stack = vec![(0usize, chain.len(), false)];
    while let Some((lo, hi, expanded)) = stack.pop() {
        if lo >= hi {
            continue;
        }
        let mid = lo + (hi - lo) / 2;
        if expanded {
            out.push(chain[mid]);
        } else {
            stack.push((lo, hi, true));
            stack.push((mid + 1, hi, false));
            stack.push((lo, mid, false));
        }
    }
}

/// The nested-dissection order of `adj`: `order[rank] = node`, rank 0 eliminated first.
/// `coords` has one entry per node (NaN allowed). With `threads` other than 1, independent
/// pieces are ordered in parallel (rayon; 0: the global pool); the order is the same.
pub(crate) fn nested_dissection(
    adj: &Adjacency,
    coords: &[(f64, f64)],
    threads: usize,
    progress: &mut dyn FnMut(Progress),
) -> Vec<u32> {
    let n = adj.node_count();
    let coords = complete_coords(adj, coords);
    let mut order = vec![NONE; n];
    let done = AtomicUsize::new(0);
    if threads != 1 && rayon::current_thread_index().is_some() {
        // Called from a rayon task: order here, so that the pool is not left waiting for a
        // thread it cannot see (the progress then comes at the end).
        dissect(
            adj,
            &coords,
            (0..n as u32).collect(),
            &mut order,
            &done,
            true,
        );
        progress(Progress::ordering(n, n));
        return order;
    }
    // The work runs on its own thread while this one reports progress, as the callback need
    // not be `Send`. (The recursion is as deep as the dissection: each piece is at most
    // three quarters of its parent, as both flow ends hold a quarter each.)
    std::thread::scope(|scope| {
        let work = std::thread::Builder::new()
            .stack_size(64 << 20)
            .spawn_scoped(scope, || {
                let all = (0..n as u32).collect();
                if threads == 1 {
                    dissect(adj, &coords, all, &mut order, &done, false);
                } else {
                    with_pool(threads, || {
                        dissect(adj, &coords, all, &mut order, &done, true)
                    });
                }
            })
            .expect("a thread to order on");
        let mut reported = 0;
        while !work.is_finished() {
            std::thread::sleep(std::time::Duration::from_millis(20));
            let now = done.load(Ordering::Relaxed);
            if now - reported > n / 100 {
                reported = now;
                progress(Progress::ordering(now, n));
            }
        }
        if let Err(panic) = work.join() {
            std::panic::resume_unwind(panic);
        }
    });
    progress(Progress::ordering(n, n));
    debug_assert!(order.iter().all(|&v| v != NONE));
    order
}

thread_local! {
    /// Per-thread scratch of the dissection, sized for the largest graph seen.
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::new(0));
}

/// Runs `f` on this thread's scratch for a graph of `n` nodes. The borrow ends with `f`, so
/// that a thread may take up another piece (rayon work stealing) between two calls.
fn with_scratch<R>(n: usize, f: impl FnOnce(&mut Scratch) -> R) -> R {
    SCRATCH.with(|s| {
        let mut s = s.borrow_mut();
        if s.mark.len() < n {
            *s = Scratch::new(n);
        }
        f(&mut s)
    })
}

/// Pieces smaller than this are not worth a parallel task.
const PARALLEL_PIECE: usize = 4096;

/// Orders `nodes` into `out` (one rank range): each connected component in its own range.
fn dissect(
    adj: &Adjacency,
    coords: &[(f64, f64)],
    nodes: Vec<u32>,
    out: &mut [u32],
    done: &AtomicUsize,
    parallel: bool,
) {
    let comps = with_scratch(adj.node_count(), |s| s.components(adj, &nodes));
    drop(nodes);
    let mut jobs: Vec<(Vec<u32>, &mut [u32])> = Vec::with_capacity(comps.len());
    let mut rest = out;
    for comp in comps {
        let (range, tail) = std::mem::take(&mut rest).split_at_mut(comp.len());
        jobs.push((comp, range));
        rest = tail;
    }
    let big = jobs.iter().filter(|j| j.0.len() > PARALLEL_PIECE).count();
    let run = |(comp, out): (Vec<u32>, &mut [u32])| piece(adj, coords, comp, out, done, parallel);
    if parallel && big > 1 {
        jobs.into_par_iter().for_each(run);
    } else {
        jobs.into_iter().for_each(run);
    }
}

/// Orders the connected component `comp` into `out`: by minimum degree when small, else a
/// separator on top and the rest dissected below it.
fn piece(
    adj: &Adjacency,
    coords: &[(f64, f64)],
    comp: Vec<u32>,
    out: &mut [u32],
    done: &AtomicUsize,
    parallel: bool,
) {
    let n = adj.node_count();
    let len = comp.len();
    if len <= SMALL_PIECE {
        let local = with_scratch(n, |s| min_degree(adj, &comp, &mut s.local));
        out.copy_from_slice(&local);
        done.fetch_add(len, Ordering::Relaxed);
        return;
    }
    let (sep, rest) = with_scratch(n, |s| {
        let sep = separator(adj, &comp, coords, s);
        for &v in &sep {
            s.mark[v as usize] = SEPARATED;
        }
        let rest: Vec<u32> = comp
            .iter()
            .copied()
            .filter(|&v| s.mark[v as usize] != SEPARATED)
            .collect();
        (sep, rest)
    });
    drop(comp);
    let (low, top) = out.split_at_mut(len - sep.len());
    top.copy_from_slice(&sep);
    done.fetch_add(sep.len(), Ordering::Relaxed);
    if !rest.is_empty() {
        dissect(adj, coords, rest, low, done, parallel);
    }
}

/// A mark meaning "already ordered as part of a separator".
const SEPARATED: u32 = u32::MAX - 1;

/// Reusable per-node scratch arrays of the dissection.
struct Scratch {
    /// Which piece a node belongs to (a stamp), or [`SEPARATED`].
    mark: Vec<u32>,
    stamp: u32,
    /// Global -> local ids of the component being cut.
    local: Vec<u32>,
}

impl Scratch {
    fn new(n: usize) -> Self {
        Scratch {
            mark: vec![0; n],
            stamp: 0,
            local: vec![NONE; n],
        }
    }

    fn next_stamp(&mut self) -> u32 {
        self.stamp += 1;
        if self.stamp >= SEPARATED {
            // Never in practice (one stamp per piece); clear and restart.
            for m in self.mark.iter_mut().filter(|m| **m != SEPARATED) {
                *m = 0;
            }
            self.stamp = 1;
        }
        self.stamp
    }

    /// The connected components of the subgraph induced by `nodes`.
    fn components(&mut self, adj: &Adjacency, nodes: &[u32]) -> Vec<Vec<u32>> {
        let inside = self.next_stamp();
        for &v in nodes {
            self.mark[v as usize] = inside;
        }
        let seen = self.next_stamp();
        let mut comps = Vec::new();
        for &root in nodes {
            if self.mark[root as usize] != inside {
                continue;
            }
            self.mark[root as usize] = seen;
            let mut comp = vec![root];
            let mut i = 0;
            while i < comp.len() {
                let v = comp[i];
                i += 1;
                for &u in adj.neighbours(v) {
                    if self.mark[u as usize] == inside {
                        self.mark[u as usize] = seen;
                        comp.push(u);
                    }
                }
            }
            comps.push(comp);
        }
        comps
    }
}

/// Coordinates for every node: finite ones kept; a node without takes the coordinates of
/// the nearest positioned node of its component (breadth first); a component without any
/// positioned node gets breadth-first distances from two far-apart nodes.
fn complete_coords(adj: &Adjacency, coords: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let n = adj.node_count();
    let finite = |p: (f64, f64)| p.0.is_finite() && p.1.is_finite();
    let mut out: Vec<(f64, f64)> = coords.to_vec();
    let mut known: Vec<bool> = coords.iter().map(|&p| finite(p)).collect();
    // Multi-source BFS from every positioned node.
    let mut queue: Vec<u32> = (0..n as u32).filter(|&v| known[v as usize]).collect();
    let mut i = 0;
    while i < queue.len() {
        let v = queue[i];
        i += 1;
        for &u in adj.neighbours(v) {
            if !known[u as usize] {
                known[u as usize] = true;
                out[u as usize] = out[v as usize];
                queue.push(u);
            }
        }
    }
    if queue.len() == n {
        return out;
    }
    // Components without a position: breadth-first pseudo-coordinates.
    let mut dist = vec![NONE; n];
    for root in 0..n as u32 {
        if known[root as usize] {
            continue;
        }
        let (comp, _) = bfs(adj, root, &mut dist);
        let a = *comp.last().expect("the root");
        let (from_a, da) = bfs(adj, a, &mut dist);
        let b = *from_a.last().expect("a");
        let (from_b, db) = bfs(adj, b, &mut dist);
        for (&v, &d) in from_a.iter().zip(&da) {
            out[v as usize].0 = d as f64;
            known[v as usize] = true;
        }
        for (&v, &d) in from_b.iter().zip(&db) {
            out[v as usize].1 = d as f64;
        }
    }
    out
}

/// Breadth-first search from `root`: the nodes in visiting order (the last is a farthest
/// one) and their hop counts. `dist` is all [`NONE`] before and after.
fn bfs(adj: &Adjacency, root: u32, dist: &mut [u32]) -> (Vec<u32>, Vec<u32>) {
    let mut seen = vec![root];
    dist[root as usize] = 0;
    let mut i = 0;
    while i < seen.len() {
        let v = seen[i];
        i += 1;
        for &u in adj.neighbours(v) {
            if dist[u as usize] == NONE {
                dist[u as usize] = dist[v as usize] + 1;
                seen.push(u);
            }
        }
    }
    let hops = seen
        .iter()
        .map(|&v| std::mem::replace(&mut dist[v as usize], NONE))
        .collect();
    (seen, hops)
}

/// Minimum-degree order of the small component `nodes` (the exact elimination game on bit
/// sets; ties by position).
fn min_degree(adj: &Adjacency, nodes: &[u32], local: &mut [u32]) -> Vec<u32> {
    let k = nodes.len();
    let words = k.div_ceil(64);
    for (i, &v) in nodes.iter().enumerate() {
        local[v as usize] = i as u32;
    }
    let mut bits = vec![0u64; k * words];
    for (i, &v) in nodes.iter().enumerate() {
        for &u in adj.neighbours(v) {
            let j = local[u as usize];
            if j != NONE && (j as usize) < k && nodes[j as usize] == u {
                bits[i * words + j as usize / 64] |= 1 << (j % 64);
            }
        }
    }
    let mut alive = vec![true; k];
    let mut degree: Vec<u32> = (0..k)
        .map(|i| {
            bits[i * words..(i + 1) * words]
                .iter()
                .map(|w| w.count_ones())
                .sum()
        })
        .collect();
    let mut order = Vec::with_capacity(k);
    let mut row = vec![0u64; words];
    for _ in 0..k {
        let v = (0..k)
            .filter(|&i| alive[i])
            .min_by_key(|&i| degree[i])
            .expect("a live node");
        alive[v] = false;
        order.push(nodes[v]);
        row.copy_from_slice(&bits[v * words..(v + 1) * words]);
        // Make the neighbourhood of v a clique, without v.
        for (w, &word) in row.iter().enumerate() {
            let mut word = word;
            while word != 0 {
                let u = w * 64 + word.trailing_zeros() as usize;
                word &= word - 1;
                let r = &mut bits[u * words..(u + 1) * words];
                for (x, &y) in r.iter_mut().zip(&row) {
                    *x |= y;
                }
                r[u / 64] &= !(1 << (u % 64));
                r[v / 64] &= !(1 << (v % 64));
                degree[u] = r.iter().map(|w| w.count_ones()).sum();
            }
        }
    }
    for &v in nodes {
        local[v as usize] = NONE;
    }
    order
}

/// A node separator of the connected component `nodes` (more than [`SMALL_PIECE`] nodes):
/// the best of four inertial-flow cuts, turned into nodes on its smaller side.
fn separator(
    adj: &Adjacency,
    nodes: &[u32],
    coords: &[(f64, f64)],
    scratch: &mut Scratch,
) -> Vec<u32> {
    let k = nodes.len();
    let local = &mut scratch.local;
    for (i, &v) in nodes.iter().enumerate() {
        local[v as usize] = i as u32;
    }
    // The component's own compressed rows, with the reverse of each arc.
    let mut first = Vec::with_capacity(k + 1);
    let mut head = Vec::new();
    first.push(0u32);
    for &v in nodes {
        for &u in adj.neighbours(v) {
            let j = local[u as usize];
            if j != NONE {
                head.push(j);
            }
        }
        first.push(head.len() as u32);
    }
    for &v in nodes {
        local[v as usize] = NONE;
    }
    let mut rev = vec![0u32; head.len()];
    for v in 0..k {
        for a in first[v] as usize..first[v + 1] as usize {
            let u = head[a] as usize;
            // Rows are sorted by global id, and local ids follow `nodes`: search linearly.
            let back = (first[u] as usize..first[u + 1] as usize)
                .find(|&b| head[b] as usize == v)
                .expect("symmetric adjacency");
            rev[a] = back as u32;
        }
    }
    let graph = FlowGraph { first, head, rev };
    let side = ((k as f64 * BALANCE).ceil() as usize).clamp(1, k / 2);
    // One cutter per direction, advanced one blocking flow at a time, always the one with
    // the least flow so far (as RoutingKit does): the first to finish has the smallest cut
    // of the four, and the others have done no more work than it.
    let mut ids: Vec<u32> = (0..k as u32).collect();
    let mut cutters: Vec<Cutter> = [(1.0, 0.0), (0.0, 1.0), (1.0, 1.0), (1.0, -1.0)]
        .into_iter()
        .map(|(dx, dy)| {
            let key = |i: u32| {
                let (x, y) = coords[nodes[i as usize] as usize];
                x * dx + y * dy
            };
            ids.sort_unstable_by(|&a, &b| key(a).total_cmp(&key(b)).then(a.cmp(&b)));
            Cutter::new(&graph, &ids[..side], &ids[k - side..])
        })
        .collect();
    let mut work = FlowScratch::new(k);
    let source_side = loop {
        let c = cutters
            .iter_mut()
            .min_by_key(|c| c.value)
            .expect("four cutters");
        if let Some(side) = c.advance(&graph, &mut work) {
            break side;
        }
    };
    // Endpoints of cut edges on each side; the separator is the smaller set.
    let (mut a, mut b) = (Vec::new(), Vec::new());
    let mut in_a = vec![false; k];
    let mut in_b = vec![false; k];
    for v in 0..k {
        if !source_side[v] {
            continue;
        }
        for arc in graph.first[v] as usize..graph.first[v + 1] as usize {
            let u = graph.head[arc] as usize;
            if !source_side[u] {
                if !in_a[v] {
                    in_a[v] = true;
                    a.push(v);
                }
                if !in_b[u] {
                    in_b[u] = true;
                    b.push(u);
                }
            }
        }
    }
    let sep = if a.len() <= b.len() { a } else { b };
    sep.into_iter().map(|i| nodes[i]).collect()
}

/// A symmetric unit-capacity flow network over local ids.
struct FlowGraph {
    first: Vec<u32>,
    head: Vec<u32>,
    /// The arc in the opposite direction.
    rev: Vec<u32>,
}

/// Scratch shared by the cutters (one advances at a time).
struct FlowScratch {
    level: Vec<u32>,
    next_arc: Vec<u32>,
    queue: Vec<u32>,
    path: Vec<u32>,
}

impl FlowScratch {
    fn new(k: usize) -> Self {
        FlowScratch {
            level: vec![u32::MAX; k],
            next_arc: vec![0; k],
            queue: Vec::with_capacity(k),
            path: Vec::new(),
        }
    }
}

/// A maximum flow in progress between two node sets (each edge capacity one in each
/// direction), by Dinic's algorithm, one blocking flow per [`Cutter::advance`].
struct Cutter {
    sources: Vec<u32>,
    is_target: Vec<bool>,
    /// `flow[a]` in {-1, 0, 1}, `flow[rev[a]] = -flow[a]`; residual capacity `1 - flow[a]`.
    flow: Vec<i8>,
    value: usize,
}

impl Cutter {
    fn new(g: &FlowGraph, sources: &[u32], targets: &[u32]) -> Self {
        let mut is_target = vec![false; g.first.len() - 1];
        for &t in targets {
            is_target[t as usize] = true;
        }
        Cutter {
            sources: sources.to_vec(),
            is_target,
            flow: vec![0; g.head.len()],
            value: 0,
        }
    }

    /// One phase: levels from the sources over residual arcs, then a blocking flow. Returns
    /// the source side of a minimum cut (the nodes the sources reach in the residual
    /// network) once no target is reachable.
    fn advance(&mut self, g: &FlowGraph, w: &mut FlowScratch) -> Option<Vec<bool>> {
        let k = g.first.len() - 1;
        let (level, next_arc, queue, path) =
            (&mut w.level, &mut w.next_arc, &mut w.queue, &mut w.path);
        level.iter_mut().for_each(|l| *l = u32::MAX);
        queue.clear();
        for &s in &self.sources {
            level[s as usize] = 0;
            queue.push(s);
        }
        let mut reached_target = false;
        let mut i = 0;
        while i < queue.len() {
            let v = queue[i] as usize;
            i += 1;
            if self.is_target[v] {
                reached_target = true;
                continue;
            }
            for a in g.arcs(v) {
                let u = g.head[a] as usize;
                if self.flow[a] < 1 && level[u] == u32::MAX {
                    level[u] = level[v] + 1;
                    queue.push(u as u32);
                }
            }
        }
        if !reached_target {
            return Some(level.iter().map(|&l| l != u32::MAX).collect());
        }
        // Blocking flow: depth-first along increasing levels, one unit per path.
        next_arc[..k].copy_from_slice(&g.first[..k]);
        for &s in &self.sources {
            loop {
                path.clear();
                let mut v = s as usize;
                let found = loop {
                    if self.is_target[v] {
                        break true;
                    }
                    let end = g.first[v + 1];
                    let mut advanced = false;
                    while next_arc[v] < end {
                        let a = next_arc[v] as usize;
                        let u = g.head[a] as usize;
                        if self.flow[a] < 1 && level[u] == level[v] + 1 {
                            path.push(a as u32);
                            v = u;
                            advanced = true;
                            break;
                        }
                        next_arc[v] += 1;
                    }
                    if !advanced {
                        // A dead end: leave it out of the level graph and step back.
                        level[v] = u32::MAX;
                        match path.pop() {
                            None => break false,
                            Some(a) => {
                                let tail = g.head[g.rev[a as usize] as usize] as usize;
                                next_arc[tail] += 1;
                                v = tail;
                            }
                        }
                    }
                };
                if !found {
                    break;
                }
                for &a in path.iter() {
                    self.flow[a as usize] += 1;
                    self.flow[g.rev[a as usize] as usize] -= 1;
                }
                self.value += 1;
            }
        }
        None
    }
}

impl FlowGraph {
    fn arcs(&self, v: usize) -> std::ops::Range<usize> {
        self.first[v] as usize..self.first[v + 1] as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(w: u32, h: u32) -> (Adjacency, Vec<(f64, f64)>) {
        let mut pairs = Vec::new();
        for y in 0..h {
            for x in 0..w {
                let v = y * w + x;
                if x + 1 < w {
                    pairs.push((v, v + 1));
                }
                if y + 1 < h {
                    pairs.push((v, v + w));
                }
            }
        }
        let coords = (0..w * h)
            .map(|v| ((v % w) as f64, (v / w) as f64))
            .collect();
        (Adjacency::new((w * h) as usize, pairs.into_iter()), coords)
    }

    fn is_permutation(order: &[u32]) -> bool {
        let mut seen = vec![false; order.len()];
        order
            .iter()
            .all(|&v| (v as usize) < seen.len() && !std::mem::replace(&mut seen[v as usize], true))
    }

    #[test]
    fn trees_and_chains_come_first_and_chains_are_dissected() {
        // A square 0-1-2-3 with a long chain 0 - 10..=16 - 2 and a spur 3 - 20 - 21.
        let mut pairs = vec![
            (0, 1),
            (1, 2),
            (2, 3),
            (3, 0),
            (0, 2),
            (1, 3),
            (3, 20),
            (20, 21),
        ];
        let chain: Vec<u32> = (10..=16).collect();
        pairs.push((0, 10));
        pairs.extend(chain.windows(2).map(|w| (w[0], w[1])));
        pairs.push((16, 2));
        let n = 22;
        let adj = Adjacency::new(n, pairs.into_iter());
        let coords = vec![(f64::NAN, f64::NAN); n];
        let order = order(&adj, &coords, 1, &mut |_| {});
        assert!(is_permutation(&order));
        let rank = |v: u32| order.iter().position(|&x| x == v).unwrap();
        // The spur before the node it hangs from, the chain before its lower end, its
        // middle (13) last of it; isolated nodes first of all.
        assert!(rank(21) < rank(20) && rank(20) < rank(3));
        assert!(chain.iter().all(|&c| rank(c) <= rank(13)));
        assert!(rank(13) < rank(0).min(rank(2)));
        assert!((4..10).chain(17..20).all(|v| rank(v) < 9));
        let mut out = Vec::new();
        dissect_path(&[1, 2, 3, 4, 5, 6, 7], &mut out);
        assert_eq!(out, vec![1, 3, 2, 5, 7, 6, 4]);
    }

    #[test]
    fn adjacency_is_simple_and_symmetric() {
        let adj = Adjacency::new(4, [(0, 1), (1, 0), (0, 1), (2, 2), (3, 1)].into_iter());
        assert_eq!(adj.neighbours(0), &[1]);
        assert_eq!(adj.neighbours(1), &[0, 3]);
        assert_eq!(adj.neighbours(2), &[] as &[u32]);
        assert_eq!(adj.neighbours(3), &[1]);
    }

    #[test]
    fn orders_are_permutations_with_and_without_coordinates() {
        let (adj, coords) = grid(30, 20);
        let order = nested_dissection(&adj, &coords, 1, &mut |_| {});
        assert!(is_permutation(&order));
        // A grid's top separator is a full line of nodes: the last ranks separate the grid.
        let nan = vec![(f64::NAN, f64::NAN); coords.len()];
        let order = nested_dissection(&adj, &nan, 0, &mut |_| {});
        assert!(is_permutation(&order));
        let mut some = coords.clone();
        for p in some.iter_mut().step_by(3) {
            *p = (f64::NAN, 1.0);
        }
        assert!(is_permutation(&nested_dissection(
            &adj,
            &some,
            2,
            &mut |_| {}
        )));
    }

    #[test]
    fn parallel_dissection_gives_the_same_order() {
        let (adj, coords) = grid(110, 100);
        let one = nested_dissection(&adj, &coords, 1, &mut |_| {});
        assert!(is_permutation(&one));
        let mut reports = Vec::new();
        for threads in [0, 2, 3] {
            assert_eq!(
                nested_dissection(&adj, &coords, threads, &mut |p| reports.push(p)),
                one
            );
        }
        assert_eq!(reports.last(), Some(&Progress::ordering(11000, 11000)));
    }

    #[test]
    fn the_top_separator_of_a_grid_is_small_and_separates() {
        let (adj, coords) = grid(40, 40);
        let n = 1600;
        let order = nested_dissection(&adj, &coords, 1, &mut |_| {});
        // The highest-ranked nodes (the separator) cut the grid into pieces each at most
        // 80% of the rest.
        let sep_len = 40;
        let mut removed = vec![false; n];
        for &v in &order[n - sep_len..] {
            removed[v as usize] = true;
        }
        let mut scratch = Scratch::new(n);
        let rest: Vec<u32> = (0..n as u32).filter(|&v| !removed[v as usize]).collect();
        let comps = scratch.components(&adj, &rest);
        assert!(comps.len() >= 2, "{} components", comps.len());
        assert!(comps.iter().all(|c| c.len() <= 1300));
    }

    #[test]
    fn min_degree_eliminates_leaves_first() {
        // A star: the centre has the highest degree and comes last.
        let adj = Adjacency::new(5, [(0, 1), (0, 2), (0, 3), (0, 4)].into_iter());
        let mut local = vec![NONE; 5];
        let order = min_degree(&adj, &[0, 1, 2, 3, 4], &mut local);
        assert!(!order[..3].contains(&0), "{order:?}");
        assert!(is_permutation(&order));
    }

    #[test]
    fn min_cut_of_a_ladder_is_two() {
        let (adj, _) = grid(10, 2);
        let nodes: Vec<u32> = (0..20).collect();
        let mut scratch = Scratch::new(20);
        let coords: Vec<(f64, f64)> = (0..20)
            .map(|v| ((v % 10) as f64, (v / 10) as f64))
            .collect();
        let sep = separator(&adj, &nodes, &coords, &mut scratch);
        assert_eq!(sep.len(), 2, "{sep:?}");
    }
}
