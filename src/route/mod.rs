//! Route queries: requests, the planner, and the resulting [`Route`].
//!
//! Each query kind is a service over shared pieces: `resolve` (request → query), `metric`
//! (edge weights and the A* bound), `explain` (path → route), `diagnose` (why no route) and
//! `render` (a route as text, its `Display`).

mod alternatives;
pub mod calibration;
mod compare;
mod criticality;
mod diagnose;
mod explain;
mod matrix;
mod metric;
mod pareto;
mod planner;
mod prepared;
mod reach;
mod render;
mod request;
mod resolve;
mod result;
mod tree;
mod waypoints;

pub use compare::CorridorOption;
pub use criticality::{Criticality, RoutePart};
pub use matrix::Matrix;
pub use pareto::{Criterion, Frontier, DEFAULT_MAX_LABELS};
pub use planner::Planner;
pub use prepared::{Customized, Prepared, PreparedError};
pub use reach::{Budget, Reachability, Reached};
pub use request::{Closures, Location, Objective, RouteRequest, Weights, DEFAULT_MAX_SNAP_KM};
pub use result::{Arrival, BorderCrossing, Endpoint, Leg, Route, Transfer};
