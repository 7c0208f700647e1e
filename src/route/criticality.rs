//! Criticality: how much worse the best route gets when one piece of it closes.

use serde::Serialize;

use crate::error::RouteError;

use super::{Planner, Route, RouteRequest};

/// A piece of the best route that can be closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum RoutePart {
    /// A link, by id.
    Link(String),
    /// The border post of a place, by place id.
    BorderPost(String),
    /// A corridor the route follows, by id.
    Corridor(String),
}

/// What closing one piece does ([`Planner::criticality`]).
#[derive(Debug, Clone, Serialize)]
pub struct Criticality {
    /// What was closed.
    pub piece: RoutePart,
    /// How much the objective worsens (in its unit); `None` when nothing replaces the piece.
    pub worsening: Option<f64>,
    /// The best route with the piece closed; `None` when it disconnects the two ends.
    pub replacement: Option<Route>,
}

impl Planner<'_> {
    /// The links, border posts and corridors of the best route for `req`, each closed alone,
    /// ranked by how much the objective worsens: first those that disconnect the two ends,
    /// then by worsening, largest first.
    ///
    /// # Errors
    /// As [`Planner::route`] for `req` itself.
    ///
    /// # Example
    /// ```
    /// use corridor::{Network, Planner, RoutePart, RouteRequest};
    ///
    /// let net = Network::central_asia();
    /// let ranked = Planner::new(&net).criticality(&RouteRequest::new("Kashgar", "Tashkent"))?;
    /// assert!(!ranked.is_empty());
    /// // Each replacement is a route without the closed piece.
    /// for c in &ranked {
    ///     if let (RoutePart::Link(id), Some(r)) = (&c.piece, &c.replacement) {
    ///         assert!(!r.uses_link(id));
    ///     }
    /// }
    /// # Ok::<(), corridor::RouteError>(())
    /// ```
    pub fn criticality(&mut self, req: &RouteRequest) -> Result<Vec<Criticality>, RouteError> {
        let best = self.route(req)?;
        let base = req.objective.score(&best.totals);
        let mut pieces: Vec<RoutePart> = Vec::new();
        for leg in &best.legs {
            pieces.extend(leg.links.iter().cloned().map(RoutePart::Link));
        }
        for b in &best.border_crossings {
            if let Some(p) = &b.place {
                let piece = RoutePart::BorderPost(p.clone());
                if !pieces.contains(&piece) {
                    pieces.push(piece);
                }
            }
        }
        for leg in &best.legs {
            for name in &leg.corridors {
                if let Some(c) = self.net.corridors().iter().find(|c| &c.name == name) {
                    let piece = RoutePart::Corridor(c.id.clone());
                    if !pieces.contains(&piece) {
                        pieces.push(piece);
                    }
                }
            }
        }
        let mut out = Vec::new();
        for piece in pieces {
            let closed = match &piece {
                RoutePart::Link(id) => req.clone().close_link(id),
                RoutePart::BorderPost(p) => req.clone().close_border(p),
                RoutePart::Corridor(c) => req.clone().avoid_corridor(c),
            };
            let replacement = match self.route(&closed) {
                Ok(r) => Some(r),
                Err(RouteError::NoRoute { .. }) | Err(RouteError::Contradictory(_)) => None,
                Err(e) => return Err(e),
            };
            out.push(Criticality {
                worsening: replacement
                    .as_ref()
                    .map(|r| req.objective.score(&r.totals) - base),
                replacement,
                piece,
            });
        }
        // Disconnections first, then the largest worsening.
        let key = |c: &Criticality| c.worsening.map_or(f64::NEG_INFINITY, |w| -w);
        out.sort_by(|a, b| key(a).total_cmp(&key(b)));
        Ok(out)
    }
}
