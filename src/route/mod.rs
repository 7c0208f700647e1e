//! Route queries: requests, the planner, and the resulting [`Route`].

mod planner;
mod request;
mod result;

pub use planner::Planner;
pub use request::{Objective, RouteRequest, Weights};
pub use result::{BorderCrossing, Endpoint, Leg, Route, Transfer};
