//! Connectivity of the places: which reach which along the links' directions (strongly
//! connected pieces), and the single points of failure when links are taken both ways
//! (bridges and articulation points). [`Network::report`](super::Network::report) lists them.

use petgraph::graph::{DiGraph, NodeIndex};

/// The place graph of [`Network::place_graph`](super::Network::place_graph) over `places`
/// places and links `(from, to, oneway)`: node `i` is place `i` (weight `i`), and link `i`
/// gives an edge `from -> to` weighted `i`, and one `to -> from` unless it is one-way or a
/// self-loop.
pub(crate) fn place_graph(
    places: usize,
    links: impl ExactSizeIterator<Item = (u32, u32, bool)>,
) -> DiGraph<u32, u32> {
    let mut g = DiGraph::with_capacity(places, 2 * links.len());
    for p in 0..places {
        g.add_node(p as u32);
    }
    for (i, (from, to, oneway)) in links.enumerate() {
        let (a, b) = (NodeIndex::new(from as usize), NodeIndex::new(to as usize));
        g.add_edge(a, b, i as u32);
        if !oneway && a != b {
            g.add_edge(b, a, i as u32);
        }
    }
    g
}

/// A strongly connected piece of the place graph, in place indices.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Strong {
    /// Its places, in index (file) order.
    pub(crate) places: Vec<u32>,
    /// Links (one-way, necessarily) from other places into it.
    pub(crate) ways_in: usize,
    /// Links from it to other places.
    pub(crate) ways_out: usize,
}

/// The strongly connected pieces of `g` (a [`place_graph`]): how many there are, and those
/// that are only part of a connected piece (one-way links enter or leave them), in no
/// particular order.
///
/// # Complexity
/// O(n + m) time and space (petgraph's iterative Kosaraju: no recursion, so no stack
/// overflow on long lines of places).
pub(crate) fn strong_pieces(g: &DiGraph<u32, u32>) -> (usize, Vec<Strong>) {
    let sccs = petgraph::algo::kosaraju_scc(g);
    let mut piece_of = vec![0u32; g.node_count()];
    for (c, scc) in sccs.iter().enumerate() {
        for v in scc {
            piece_of[v.index()] = c as u32;
        }
    }
    let mut ways = vec![(0usize, 0usize); sccs.len()];
    for e in g.raw_edges() {
        let (a, b) = (piece_of[e.source().index()], piece_of[e.target().index()]);
        if a != b {
            ways[a as usize].1 += 1;
            ways[b as usize].0 += 1;
        }
    }
    let count = sccs.len();
    let split = sccs
        .into_iter()
        .zip(ways)
        .filter(|(_, (ways_in, ways_out))| ways_in + ways_out > 0)
        .map(|(scc, (ways_in, ways_out))| {
            let mut places: Vec<u32> = scc.iter().map(|v| v.index() as u32).collect();
            places.sort_unstable();
            Strong {
                places,
                ways_in,
                ways_out,
            }
        })
        .collect();
    (count, split)
}

/// The single points of failure of an undirected multigraph, in place and link indices.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Cuts {
    /// `(link, cut_off)`: links whose removal splits their connected piece, with the number of
    /// places on the smaller side.
    pub(crate) bridges: Vec<(u32, usize)>,
    /// `(place, cut_off, parts)`: places whose removal splits their connected piece into
    /// `parts >= 2` parts, with the number of places outside the largest part.
    pub(crate) points: Vec<(u32, usize, usize)>,
}

const NONE: u32 = u32::MAX;

/// Bridges and articulation points of the undirected multigraph on `places` nodes with edges
/// `ends[i]` (edge id `i`), by Hopcroft and Tarjan's depth-first search.
///
/// Parallel edges are told apart by id, not by their ends: two links between the same two
/// places are no bridges. Self-loops never matter and are skipped.
///
/// Written here rather than taken from petgraph: petgraph 0.8's `bridges` is for simple
/// graphs (it skips the parent by node, so it calls both of two parallel links a bridge), and
/// neither it nor `articulation_points` says how many places a cut separates.
///
/// # Complexity
/// O(n + m) time and space; iterative (an explicit stack), so lines of 275k places do not
/// overflow the call stack.
pub(crate) fn cuts(places: usize, ends: impl Iterator<Item = (u32, u32)> + Clone) -> Cuts {
    // Adjacency in both directions, as (neighbour, edge id), grouped by place.
    let mut first = vec![0u32; places + 1];
    for (a, b) in ends.clone().filter(|(a, b)| a != b) {
        first[a as usize + 1] += 1;
        first[b as usize + 1] += 1;
    }
    for v in 0..places {
        first[v + 1] += first[v];
    }
    let mut next = first.clone();
    let mut adj = vec![(0u32, 0u32); first[places] as usize];
    for (i, (a, b)) in ends.enumerate().filter(|(_, (a, b))| a != b) {
        adj[next[a as usize] as usize] = (b, i as u32);
        next[a as usize] += 1;
        adj[next[b as usize] as usize] = (a, i as u32);
        next[b as usize] += 1;
    }
    drop(next);

    // Discovery time, lowest discovery time reachable by one back edge from the subtree,
    // subtree size; and for each place, the children subtrees it separates: how many, their
    // total and largest size.
    let mut disc = vec![NONE; places];
    let mut low = vec![0u32; places];
    let mut size = vec![1u32; places];
    let mut separated = vec![(0u32, 0u32, 0u32); places];
    let mut cuts = Cuts::default();
    // (place, the tree edge it was reached by, next adjacency position)
    let mut stack: Vec<(u32, u32, u32)> = Vec::new();
    let mut piece: Vec<u32> = Vec::new();
    let mut piece_bridges: Vec<(u32, u32)> = Vec::new();
    let mut time = 0u32;
    for root in 0..places as u32 {
        if disc[root as usize] != NONE {
            continue;
        }
        piece.clear();
        piece_bridges.clear();
        // The place to discover next, and the tree edge that reaches it.
        let mut enter = Some((root, NONE));
        loop {
            if let Some((w, edge)) = enter.take() {
                disc[w as usize] = time;
                low[w as usize] = time;
                time += 1;
                piece.push(w);
                stack.push((w, edge, first[w as usize]));
            }
            let Some(top) = stack.last_mut() else {
                break;
            };
            let (v, via, pos) = *top;
            if pos < first[v as usize + 1] {
                top.2 = pos + 1;
                let (w, edge) = adj[pos as usize];
                if edge == via {
                    continue;
                }
                if disc[w as usize] == NONE {
                    enter = Some((w, edge));
                } else {
                    low[v as usize] = low[v as usize].min(disc[w as usize]);
                }
                continue;
            }
            stack.pop();
            let Some(&(p, _, _)) = stack.last() else {
                continue;
            };
            let (v, p) = (v as usize, p as usize);
            low[p] = low[p].min(low[v]);
            size[p] += size[v];
            if low[v] > disc[p] {
                piece_bridges.push((via, size[v]));
            }
            if low[v] >= disc[p] {
                let s = &mut separated[p];
                *s = (s.0 + 1, s.1 + size[v], s.2.max(size[v]));
            }
        }
        let n = piece.len();
        for &(link, below) in &piece_bridges {
            let below = below as usize;
            cuts.bridges.push((link, below.min(n - below)));
        }
        for &v in &piece {
            let (count, total, largest) = separated[v as usize];
            // The part holding the DFS parent (none for the root).
            let rest = n - 1 - total as usize;
            let parts = count as usize + usize::from(rest > 0);
            if count > 0 && parts >= 2 {
                let cut_off = n - 1 - (largest as usize).max(rest);
                cuts.points.push((v, cut_off, parts));
            }
        }
    }
    cuts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(mut c: Cuts) -> Cuts {
        c.bridges.sort_unstable();
        c.points.sort_unstable();
        c
    }

    #[test]
    fn a_line_cuts_everywhere_and_a_ring_nowhere() {
        // 0 - 1 - 2 - 3
        let line = sorted(cuts(4, [(0, 1), (1, 2), (2, 3)].into_iter()));
        assert_eq!(line.bridges, [(0, 1), (1, 2), (2, 1)]);
        assert_eq!(line.points, [(1, 1, 2), (2, 1, 2)]);
        // 0 - 1 - 2 - 0, with a self-loop at 1
        let ring = cuts(3, [(0, 1), (1, 2), (2, 0), (1, 1)].into_iter());
        assert_eq!(ring, Cuts::default());
    }

    #[test]
    fn parallel_links_are_no_bridges_but_their_ends_may_still_cut() {
        // 0 = 1 - 2: the double link is no bridge; 1 still separates 2 from 0.
        let c = sorted(cuts(3, [(0, 1), (1, 0), (1, 2)].into_iter()));
        assert_eq!(c.bridges, [(2, 1)]);
        assert_eq!(c.points, [(1, 1, 2)]);
    }

    #[test]
    fn a_star_centre_leaves_one_part_per_ray_and_pieces_stay_apart() {
        // Centre 0 with rays to 1, 2, 3 (3 longer: 3 - 4); 5 - 6 apart; 7 alone.
        let c = sorted(cuts(
            8,
            [(0, 1), (0, 2), (0, 3), (3, 4), (5, 6)].into_iter(),
        ));
        // Removing 0 leaves {1}, {2}, {3, 4}: the largest part holds 2 of the other 4.
        assert_eq!(c.points, [(0, 2, 3), (3, 1, 2)]);
        assert_eq!(c.bridges, [(0, 1), (1, 1), (2, 2), (3, 1), (4, 1)]);
    }

    #[test]
    fn strong_pieces_of_a_one_way_pipeline() {
        // 0 <-> 1 <-> 2 (rail, both ways), 2 -> 3 -> 4 (pipeline), 5 alone.
        let links = [(0, 1, false), (1, 2, false), (2, 3, true), (3, 4, true)];
        let g = place_graph(6, links.into_iter());
        assert_eq!(g.edge_count(), 6);
        let (count, mut split) = strong_pieces(&g);
        assert_eq!(count, 4);
        split.sort_by(|a, b| a.places.cmp(&b.places));
        let got: Vec<(Vec<u32>, usize, usize)> = split
            .into_iter()
            .map(|s| (s.places, s.ways_in, s.ways_out))
            .collect();
        assert_eq!(
            got,
            [(vec![0, 1, 2], 0, 1), (vec![3], 1, 1), (vec![4], 1, 0)]
        );
    }
}
