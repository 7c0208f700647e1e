//! Errors: one enum for loading and validating network data, one for answering route queries,
//! and the classification a program maps to its exit status.

use std::fmt;

use thiserror::Error;

/// Which record of an input an error is about.
///
/// Validation speaks of records ([`RecordRef::Place`], [`RecordRef::Link`], …, by position in
/// file order); each file format maps them once to its own location ([`RecordRef::Line`] of a
/// CSV file, [`RecordRef::Feature`] of a GeoJSON file).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RecordRef {
    /// A place, by position among the places (0-based), with its id when it has one.
    Place {
        /// Position in file order.
        index: usize,
        /// The place's id, when not empty.
        id: Option<String>,
    },
    /// A link, by position among the links, with its id when it has one.
    Link {
        /// Position in file order.
        index: usize,
        /// The link's id, when not empty.
        id: Option<String>,
    },
    /// A corridor, by position among the corridors, with its id when it has one.
    Corridor {
        /// Position in file order.
        index: usize,
        /// The corridor's id, when not empty.
        id: Option<String>,
    },
    /// A feature of a GeoJSON FeatureCollection (0-based), with its id when it has one.
    Feature {
        /// Position in the `features` array.
        index: usize,
        /// The feature's id, when it has one.
        id: Option<String>,
    },
    /// A line of a CSV file (1-based; the header is line 1).
    Line(u64),
    /// The header row of a CSV file.
    Header,
    /// The top-level object of a JSON or GeoJSON file.
    TopLevel,
    /// The [`ImportOptions`](crate::ImportOptions) a file was read with.
    Options,
    /// The arguments of an operation on a whole network (`heal`, `merge`, `load`).
    Operation(&'static str),
}

impl RecordRef {
    /// A place record, named by its id unless that is empty.
    pub(crate) fn place(index: usize, id: &str) -> RecordRef {
        RecordRef::Place {
            index,
            id: named(id),
        }
    }

    /// A link record, named by its id unless that is empty.
    pub(crate) fn link(index: usize, id: &str) -> RecordRef {
        RecordRef::Link {
            index,
            id: named(id),
        }
    }

    /// A corridor record, named by its id unless that is empty.
    pub(crate) fn corridor(index: usize, id: &str) -> RecordRef {
        RecordRef::Corridor {
            index,
            id: named(id),
        }
    }
}

fn named(id: &str) -> Option<String> {
    (!id.trim().is_empty()).then(|| id.to_string())
}

impl fmt::Display for RecordRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut record = |kind: &str, index: &usize, id: &Option<String>| match id {
            Some(id) => write!(f, "{kind} {id}"),
            None => write!(f, "{kind} #{index}"),
        };
        match self {
            RecordRef::Place { index, id } => record("place", index, id),
            RecordRef::Link { index, id } => record("link", index, id),
            RecordRef::Corridor { index, id } => record("corridor", index, id),
            RecordRef::Feature { index, id: None } => write!(f, "feature {index}"),
            RecordRef::Feature {
                index,
                id: Some(id),
            } => write!(f, "feature {index} (id {id})"),
            RecordRef::Line(n) => write!(f, "line {n}"),
            RecordRef::Header => f.write_str("header"),
            RecordRef::TopLevel => f.write_str("the top-level object"),
            RecordRef::Options => f.write_str("import options"),
            RecordRef::Operation(op) => f.write_str(op),
        }
    }
}

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
        /// The record: a place or link of the data, a line of a CSV file, a GeoJSON feature.
        record: RecordRef,
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
    /// Two networks being merged use the same ids, and the merge was not told what to do.
    #[error("{file}: {count} {kind} id(s) of the added network are ids of the first as well (the first: `{id}`); merge with IdClash::Prefix to prefix every added id, IdClash::Rename to rename the clashing ones, or IdClash::Unify to treat places of the same id as one (CLI: --merge-ids)")]
    SharedId {
        /// The merged network's name.
        file: String,
        /// `place`, `link` or `corridor`.
        kind: &'static str,
        /// The first shared id.
        id: String,
        /// How many ids of that kind are shared.
        count: usize,
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

impl DataError {
    /// An invalid field of a record.
    pub(crate) fn invalid(
        file: &str,
        record: RecordRef,
        field: &str,
        problem: impl Into<String>,
    ) -> DataError {
        DataError::Invalid {
            file: file.to_string(),
            record,
            field: field.to_string(),
            problem: problem.into(),
        }
    }

    /// Points an error about a record at where the record came from: `at` may rewrite the
    /// file, the record (e.g. a link to the CSV line it was read from) and the field (e.g. a
    /// record field to the column or property that gave it) of an [`DataError::Invalid`].
    pub(crate) fn relocate(
        mut self,
        at: impl FnOnce(&mut String, &mut RecordRef, &mut String),
    ) -> Self {
        if let DataError::Invalid {
            file,
            record,
            field,
            ..
        } = &mut self
        {
            at(file, record, field);
        }
        self
    }

    /// How a program should report this error: always [`ErrorKind::BadInput`].
    pub fn kind(&self) -> ErrorKind {
        ErrorKind::BadInput
    }
}

/// Every problem found in an input, in the order they were found (see
/// [`Open::check`](crate::Open::check)).
#[derive(Debug, Error)]
pub struct Problems(pub Vec<DataError>);

/// One problem reads as that problem; several as a count and one problem a line.
impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.as_slice() {
            [one] => write!(f, "{one}"),
            all => {
                write!(f, "{} problems:", all.len())?;
                for e in all {
                    write!(f, "\n  {e}")?;
                }
                Ok(())
            }
        }
    }
}

/// Why no route satisfies a request, as far as the planner can tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoRouteReason {
    /// Routes exist, but only with constraints relaxed; each entry says which one
    /// (e.g. "allowing rail", "not avoiding RU", "including links that open by 2030").
    Constraint(Vec<String>),
    /// The cargo cannot ride on the links that would connect the places.
    Cargo(String),
    /// Lines connect the two places, but a place on the way cannot move the cargo from one
    /// carrier to the next (a break of gauge at a junction that does not change gauge); each
    /// entry names the place and the change it lacks.
    Transfer(Vec<String>),
    /// Nothing connects the two places, whatever the constraints.
    Disconnected,
}

impl fmt::Display for NoRouteReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoRouteReason::Constraint(fixes) => {
                write!(
                    f,
                    "the constraints rule it out; a route exists when {}",
                    fixes.join(", or when ")
                )
            }
            NoRouteReason::Cargo(why) => f.write_str(why),
            NoRouteReason::Transfer(gaps) => write!(
                f,
                "lines connect them, but not with the transfers the places handle: {} (give \
                 the place `transfers`, or a kind that handles them)",
                gaps.join("; ")
            ),
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
    /// A corridor name or id matches no corridor of the network.
    #[error("unknown corridor '{name}'{}", suggest(.suggestions))]
    UnknownCorridor {
        /// What was asked for.
        name: String,
        /// Names of the closest corridors, best first.
        suggestions: Vec<String>,
    },
    /// A link id matches no link of the network.
    #[error("unknown link '{id}'{}", suggest(.suggestions))]
    UnknownLink {
        /// What was asked for.
        id: String,
        /// Ids of the closest links, best first.
        suggestions: Vec<String>,
    },
    /// A number in the request is unusable (NaN, negative, a quantity out of range).
    #[error("invalid request: {field} = {value}: {problem}")]
    InvalidRequest {
        /// The field.
        field: &'static str,
        /// The value given.
        value: String,
        /// What is expected.
        problem: String,
    },
    /// A requested point is farther from every place than the request allows
    /// ([`RouteRequest::max_snap_km`](crate::RouteRequest::max_snap_km)).
    #[error("{point} is {km:.0} km from the nearest place, {nearest}; a point may be at most {max_km} km from the place it stands for (max_snap_km)")]
    TooFar {
        /// The point as asked (`lat,lon`).
        point: String,
        /// The nearest place's name.
        nearest: String,
        /// Its distance, km.
        km: f64,
        /// The limit, km.
        max_km: f64,
    },
    /// The network lacks the data to check a constraint of the request: avoiding countries
    /// when an end of the route, or every way between the ends, is a place of unknown
    /// country. Answering would ignore the constraint.
    #[error("cannot check {constraint} on this network: {why}")]
    Unverifiable {
        /// The constraint, as asked.
        constraint: String,
        /// What the network lacks, and how to give it.
        why: String,
    },
    /// A total of the best route is not a finite number: the network's or cost model's
    /// figures are too large for this consignment.
    #[error("the route from {from} to {to} has no meaningful {total}: it exceeds {max:e}; check the figures of the network and cost model")]
    Overflow {
        /// Origin name.
        from: String,
        /// Destination name.
        to: String,
        /// Which total (`cost_usd`, `duration_hours`…).
        total: &'static str,
        /// The largest total reported.
        max: f64,
    },
}

impl RouteError {
    /// How a program should report this error: [`ErrorKind::NoAnswer`] when the request is
    /// well formed but nothing satisfies it, [`ErrorKind::BadInput`] otherwise.
    pub fn kind(&self) -> ErrorKind {
        match self {
            RouteError::NoRoute { .. } => ErrorKind::NoAnswer,
            _ => ErrorKind::BadInput,
        }
    }
}

fn suggest(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", suggestions.join(", "))
    }
}

/// What kind of failure an error is, for a program's exit status and wording.
///
/// # Example
/// ```
/// use corridor::{ErrorKind, Network, RouteRequest};
///
/// let net = Network::central_asia();
/// let e = net.route(&RouteRequest::new("Nowhere", "Baku")).unwrap_err();
/// assert_eq!(e.kind(), ErrorKind::BadInput);
/// assert_eq!(e.kind().exit_code(), 2);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The question is well formed and has no answer: no route satisfies it.
    NoAnswer,
    /// The input is unusable (a file, a name, a number): fix it and ask again.
    BadInput,
}

impl ErrorKind {
    /// The conventional exit status: 1 for no answer, 2 for bad input (0 is success).
    pub fn exit_code(self) -> u8 {
        match self {
            ErrorKind::NoAnswer => 1,
            ErrorKind::BadInput => 2,
        }
    }
}
