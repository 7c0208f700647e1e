//! Matrices: the best route's totals between every origin and every destination, one
//! one-to-all search per origin.

use serde::Serialize;

use crate::cost::Measures;
use crate::error::RouteError;

use super::{Objective, Planner, RouteRequest};

/// Totals of the best routes between places ([`Planner::matrix`]).
#[derive(Debug, Clone, Serialize)]
pub struct Matrix {
    /// Origin ids, one per row.
    pub origins: Vec<String>,
    /// Destination ids, one per column.
    pub destinations: Vec<String>,
    /// What the routes minimise.
    pub objective: Objective,
    /// `cells[i][j]`: the totals of the best route from origin `i` to destination `j`;
    /// `None` when there is none (or the two are the same place).
    pub cells: Vec<Vec<Option<Measures>>>,
}

impl Matrix {
    /// The objective's value of cell `(i, j)`.
    pub fn value(&self, i: usize, j: usize) -> Option<f64> {
        let m = self.cells.get(i)?.get(j)?.as_ref()?;
        Some(self.objective.score(m))
    }
}

impl Planner<'_> {
    /// The best route's totals from every origin to every destination (ids or names), with
    /// `template`'s objective, cargo and constraints (its ends are not used). One search per
    /// origin reaches every destination.
    ///
    /// # Errors
    /// As [`Planner::route`] for each origin, destination and the template.
    ///
    /// # Example
    /// ```
    /// use corridor::{Network, Objective, Planner, RouteRequest};
    ///
    /// let net = Network::central_asia();
    /// let template = RouteRequest::new("Almaty", "Tashkent").by(Objective::Time);
    /// let mut planner = Planner::new(&net);
    /// let m = planner.matrix(&["Almaty", "Urumqi"], &["Tashkent", "Baku"], &template)?;
    /// let single = planner.route(&RouteRequest::new("Urumqi", "Baku").by(Objective::Time))?;
    /// assert!((m.value(1, 1).unwrap() - single.totals.duration_hours).abs() < 1e-6);
    /// # Ok::<(), corridor::RouteError>(())
    /// ```
    pub fn matrix(
        &mut self,
        origins: &[impl AsRef<str>],
        destinations: &[impl AsRef<str>],
        template: &RouteRequest,
    ) -> Result<Matrix, RouteError> {
        let net = self.net;
        let dest: Vec<u32> = destinations
            .iter()
            .map(|d| net.place_index(d.as_ref()))
            .collect::<Result<_, _>>()?;
        let mut cells = Vec::with_capacity(origins.len());
        let mut origin_ids = Vec::with_capacity(origins.len());
        for o in origins {
            let q = self.resolve_origin(template, o.as_ref())?;
            origin_ids.push(net.place_ref(q.from).id().to_string());
            self.grow_tree(&q);
            let row = dest
                .iter()
                .map(|&d| {
                    if d == q.from {
                        return None;
                    }
                    self.tree_totals(&q, d)
                })
                .collect();
            cells.push(row);
        }
        Ok(Matrix {
            origins: origin_ids,
            destinations: dest
                .iter()
                .map(|&d| net.place_ref(d).id().to_string())
                .collect(),
            objective: template.objective,
            cells,
        })
    }
}
