//! One-to-all searches: the best route from one origin to every place, for reachability and
//! matrices.

use crate::algo::{search, search_timed, CsrGraph, Path, Workspace};
use crate::cost::Measures;
use crate::error::RouteError;
use crate::network::StateEdge;

use super::resolve::{resolve, Query};
use super::{Planner, RouteRequest};

impl<'n> Planner<'n> {
    /// `template` resolved with origin `from`; its destination is a placeholder, as the tree
    /// reaches every place. Via places and corridors are refused: a tree has no order of
    /// places to pass.
    pub(super) fn resolve_origin(
        &self,
        template: &RouteRequest,
        from: &str,
    ) -> Result<Query<'n>, RouteError> {
        if !template.via.is_empty() || !template.via_corridors.is_empty() {
            let mut named = template.via.clone();
            named.extend(template.via_corridors.iter().cloned());
            return Err(RouteError::InvalidRequest {
                field: "via",
                value: named.join(", "),
                problem: "matrices and reachability answer from each origin to every place; ask for routes through via places or corridors one by one".into(),
            });
        }
        let mut req = template.clone();
        req.from = from.into();
        let origin = self.net.place_index(from)?;
        // The first place allowed as a destination serves as the placeholder.
        let mut last = None;
        for p in (0..self.net.places().len() as u32).filter(|&p| p != origin) {
            req.to = self.net.place_ref(p).id().into();
            match resolve(self.net, &req) {
                Ok(mut q) => {
                    q.to = u32::MAX;
                    return Ok(q);
                }
                Err(e @ RouteError::Contradictory(_))
                | Err(e @ RouteError::Unverifiable { .. }) => last = Some(e),
                Err(e) => return Err(e),
            }
        }
        Err(last
            .unwrap_or_else(|| RouteError::Contradictory("the network has a single place".into())))
    }

    /// Settles every state reachable under `q` from its origin (Dijkstra, no bound).
    pub(super) fn grow_tree(&mut self, q: &Query) {
        let sg = q.net.search_graph();
        let sources: Vec<u32> = q.start_states(q.from).collect();
        let _ = search(
            &sg.graph,
            &mut self.ws,
            &sources,
            |_| false,
            |e| {
                let edge = &sg.edges[sg.graph.edge_label(e) as usize];
                q.measures(edge).map_or(f64::INFINITY, |m| q.weight(&m))
            },
            |_| 0.0,
        );
    }

    /// After [`Planner::grow_tree`], the totals of the best route to place `p`, if reached.
    pub(super) fn tree_totals(&self, q: &Query, p: u32) -> Option<Measures> {
        path_totals(q, &self.tree_path(q, p)?)
    }

    /// After [`Planner::grow_tree`], the best path to place `p`, if reached.
    pub(super) fn tree_path(&self, q: &Query, p: u32) -> Option<Path> {
        let sg = q.net.search_graph();
        sg.states_of(p)
            .filter_map(|s| self.ws.path_to(&sg.graph, s))
            .min_by(|a, b| a.weight.total_cmp(&b.weight))
    }
}

/// The totals of a path: the sum of its edges' measures, without building the route.
pub(super) fn path_totals(q: &Query, path: &Path) -> Option<Measures> {
    let sg = q.net.search_graph();
    let mut total = Measures::default();
    for &e in &path.edges {
        total += q.measures(&sg.edges[e as usize])?;
    }
    Some(total)
}

/// The place a path's last link starts from.
pub(super) fn last_link_start(q: &Query, path: &Path) -> Option<u32> {
    let sg = q.net.search_graph();
    path.edges
        .iter()
        .rev()
        .find_map(|&e| match sg.edges[e as usize] {
            StateEdge::Link { link, forward, .. } => Some(q.ends(link, forward).0),
            StateEdge::Transfer { .. } => None,
        })
}

/// The least weight from every node of a graph to any of `targets`, up to `radius`: one
/// backward search on `reversed` (the graph with every edge reversed, same labels), stopped
/// beyond `radius`; `weight` by edge label (infinite for an edge that may not be used).
/// Returns `min(distance, radius)` per node (with `radius = f64::INFINITY`, the whole
/// graph: infinite where no target is reachable).
///
/// A lower bound on the rest of the way from each node, and consistent
/// (`to_go(u) <= w(u, v) + to_go(v)`: the minimum of two consistent bounds), so a sound A*
/// heuristic for searches on the forward graph that may only remove edges or raise weights.
/// Nodes the search settled beyond the radius hold at least their distance, which is at least
/// the radius: every node nearer was settled exactly.
pub(super) fn remaining(
    reversed: &CsrGraph,
    targets: &[u32],
    radius: f64,
    mut weight: impl FnMut(u32) -> f64,
) -> Vec<f64> {
    let mut ws = Workspace::new();
    let _ = search_timed(
        reversed,
        &mut ws,
        targets,
        |_| false,
        |e, t| {
            if t > radius {
                f64::INFINITY
            } else {
                weight(reversed.edge_label(e))
            }
        },
        |_| 0.0,
    );
    // Unreached: farther than the radius, or cut off.
    (0..reversed.node_count() as u32)
        .map(|v| ws.distance(reversed, v).unwrap_or(radius).min(radius))
        .collect()
}
