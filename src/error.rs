//! Errors: one enum for loading and validating network data, one for answering route queries.

use thiserror::Error;

/// A network file or record that cannot be used.
#[derive(Debug, Error)]
pub enum DataError {
    /// The file could not be read.
    #[error("{file}: cannot read: {source}")]
    Io {
        /// The file.
        file: String,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The file is not valid JSON, or a record does not have the expected shape.
    #[error("{file}:{line}:{column}: {message}")]
    Parse {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong there.
        message: String,
    },
    /// A record has a field with an unusable value.
    #[error("{file}: {record}: field `{field}`: {problem}")]
    Invalid {
        /// The file.
        file: String,
        /// The record, e.g. `link r_xian_lanzhou` or `place #12`.
        record: String,
        /// The field.
        field: String,
        /// What is wrong and what is expected.
        problem: String,
    },
    /// Two records of the same kind share an id.
    #[error("{file}: duplicate {kind} id `{id}` (ids must be unique)")]
    DuplicateId {
        /// The file.
        file: String,
        /// `place`, `link`, `corridor` or `source`.
        kind: &'static str,
        /// The repeated id.
        id: String,
    },
    /// The core graph could not be built.
    #[error("{file}: {source}")]
    Graph {
        /// The file.
        file: String,
        /// The graph error.
        source: crate::algo::GraphError,
    },
}

/// Why no route satisfies a request, as far as the planner can tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoRouteReason {
    /// Routes exist, but only with constraints relaxed; each entry says which one
    /// (e.g. "allowing rail", "not avoiding RU", "including links that open by 2030").
    Constraint(Vec<String>),
    /// The cargo cannot ride on the links that would connect the places.
    Cargo(String),
    /// Nothing connects the two places, whatever the constraints.
    Disconnected,
}

impl std::fmt::Display for NoRouteReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NoRouteReason::Constraint(fixes) => {
                write!(
                    f,
                    "the constraints rule it out; a route exists when {}",
                    fixes.join(", or when ")
                )
            }
            NoRouteReason::Cargo(why) => f.write_str(why),
            NoRouteReason::Disconnected => f.write_str(
                "the two places are not connected in this network, whatever the constraints",
            ),
        }
    }
}

/// A route request that cannot be answered.
#[derive(Debug, Error)]
pub enum RouteError {
    /// A place name or id matches no place.
    #[error("unknown place '{name}'{}", suggest(.suggestions))]
    UnknownPlace {
        /// What was asked for.
        name: String,
        /// Names of the closest places, best first.
        suggestions: Vec<String>,
    },
    /// A country code matches no country of the network.
    #[error("unknown country '{code}': expected an ISO 3166-1 alpha-2 code used in the network ({})", .known.join(", "))]
    UnknownCountry {
        /// What was asked for.
        code: String,
        /// Country codes present in the network.
        known: Vec<String>,
    },
    /// No route satisfies the request.
    #[error("no route from {from} to {to}: {reason}")]
    NoRoute {
        /// Origin name.
        from: String,
        /// Destination name.
        to: String,
        /// Why, as far as can be told.
        reason: NoRouteReason,
    },
    /// The request contradicts itself (e.g. avoiding the origin).
    #[error("contradictory request: {0}")]
    Contradictory(String),
    /// A number in the request is unusable (NaN, negative, zero quantity).
    #[error("invalid request: {field} = {value}: {problem}")]
    InvalidRequest {
        /// The field.
        field: &'static str,
        /// The value given.
        value: String,
        /// What is expected.
        problem: &'static str,
    },
}

fn suggest(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", suggestions.join(", "))
    }
}
