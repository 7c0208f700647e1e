//! Matrices: the best route's totals between every origin and every destination, one
//! one-to-all search per origin.

use serde::Serialize;

use crate::cost::Measures;
use crate::error::RouteError;

use crate::network::Network;

use super::resolve::Query;
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

impl<'n> Planner<'n> {
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
        let ends = self.matrix_ends(origins, destinations, template)?;
        Ok(ends.assemble(|q, dest| {
            self.grow_tree(q);
            dest.iter().map(|&d| self.tree_totals(q, d)).collect()
        }))
    }

    /// The ends of a matrix: each origin resolved with `template` (as a one-to-all search
    /// needs it), and the destinations' places.
    ///
    /// # Errors
    /// As [`Planner::matrix`].
    pub(super) fn matrix_ends(
        &self,
        origins: &[impl AsRef<str>],
        destinations: &[impl AsRef<str>],
        template: &RouteRequest,
    ) -> Result<MatrixEnds<'n>, RouteError> {
        let destinations = destinations
            .iter()
            .map(|d| self.net.place_index(d.as_ref()))
            .collect::<Result<_, _>>()?;
        let origins = origins
            .iter()
            .map(|o| self.resolve_origin(template, o.as_ref()))
            .collect::<Result<_, _>>()?;
        Ok(MatrixEnds {
            net: self.net,
            objective: template.objective,
            origins,
            destinations,
        })
    }
}

/// The resolved ends of a matrix ([`Planner::matrix_ends`]), for any way of filling it.
pub(super) struct MatrixEnds<'n> {
    net: &'n Network,
    objective: Objective,
    /// One query per origin (its destination a placeholder).
    pub(super) origins: Vec<Query<'n>>,
    /// Place indices.
    pub(super) destinations: Vec<u32>,
}

impl MatrixEnds<'_> {
    /// The matrix whose row for each origin `row(query, destinations)` gives (one entry per
    /// destination); cells from a place to itself are `None`.
    pub(super) fn assemble(
        &self,
        mut row: impl FnMut(&Query, &[u32]) -> Vec<Option<Measures>>,
    ) -> Matrix {
        let cells = self
            .origins
            .iter()
            .map(|q| {
                let mut cells = row(q, &self.destinations);
                for (cell, &d) in cells.iter_mut().zip(&self.destinations) {
                    if d == q.from {
                        *cell = None;
                    }
                }
                cells
            })
            .collect();
        let ids = |places: &mut dyn Iterator<Item = u32>| {
            places
                .map(|p| self.net.place_ref(p).id().to_string())
                .collect()
        };
        Matrix {
            origins: ids(&mut self.origins.iter().map(|q| q.from)),
            destinations: ids(&mut self.destinations.iter().copied()),
            objective: self.objective,
            cells,
        }
    }
}
