//! Building a network record by record: each record is checked as it arrives and stored in the
//! compact tables, so a reader can stream a file of any size into a network without holding
//! its records.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::tables::{country_str, Tables};
use super::validate::{surely_plausible, Checks};
use super::{prices, Network, SearchGraph};
use crate::cost::CostModel;
use crate::error::DataError;
use crate::geometry::{chord_km, geodesic_km, xyz};
use crate::io::fill::Fill;
use crate::io::ImportOptions;
use crate::model::{Corridor, Link, NetworkData, Place, Source};

/// Records on their way into a [`Network`].
///
/// Methods that take a record return its problems (empty when it was added); a record with
/// problems is not added. The caller decides whether to stop (see
/// [`Findings`](super::validate::Findings)).
#[derive(Debug)]
pub(crate) struct Builder {
    source_name: String,
    /// Where places come from, for messages (the place file of a CSV pair).
    places_name: String,
    /// Where links come from, for messages.
    links_name: String,
    checks: Checks,
    tables: Tables,
    meta: serde_json::Map<String, serde_json::Value>,
    sources: Vec<Source>,
    corridors: Vec<Corridor>,
    /// Ids of places refused for their problems: a link to one is not added, and says nothing
    /// more (the place's problems are the news).
    refused_places: HashSet<String>,
    /// What an import fills in where records are silent.
    fill: Option<Fill>,
    /// Each place added as a point of space ([`xyz`]), for links' straight lines and then
    /// the network's bounds.
    xyz: Vec<[f64; 3]>,
    /// Records offered so far (added or not), for their position in file order.
    places_seen: usize,
    links_seen: usize,
}

impl Builder {
    /// A builder for a network named `source_name` with this metadata, bibliography and
    /// corridor list. Problems: a repeated source key or corridor id.
    pub(crate) fn new(
        source_name: &str,
        meta: serde_json::Map<String, serde_json::Value>,
        sources: Vec<Source>,
        corridors: Vec<Corridor>,
    ) -> (Builder, Vec<DataError>) {
        let mut problems = Vec::new();
        let dup = |kind: &'static str, id: &str| DataError::DuplicateId {
            file: source_name.to_string(),
            kind,
            id: id.to_string(),
        };
        let mut seen = HashSet::new();
        for s in &sources {
            if !seen.insert(s.key.as_str()) {
                problems.push(dup("source", &s.key));
            }
        }
        let mut seen = HashSet::new();
        for c in &corridors {
            if !seen.insert(c.id.as_str()) {
                problems.push(dup("corridor", &c.id));
            }
        }
        let checks = Checks::new(
            source_name,
            sources.iter().map(|s| s.key.clone()),
            corridors.iter().map(|c| c.id.clone()),
        );
        let builder = Builder {
            source_name: source_name.to_string(),
            places_name: source_name.to_string(),
            links_name: source_name.to_string(),
            checks,
            tables: Tables::default(),
            meta,
            sources,
            corridors,
            refused_places: HashSet::new(),
            fill: None,
            xyz: Vec::new(),
            places_seen: 0,
            links_seen: 0,
        };
        (builder, problems)
    }

    /// Continues from an existing network: its records are kept as they are.
    pub(crate) fn extend(net: &Network, source_name: &str) -> Builder {
        let checks = Checks::new(
            source_name,
            net.sources.iter().map(|s| s.key.clone()),
            net.corridors.iter().map(|c| c.id.clone()),
        );
        Builder {
            source_name: source_name.to_string(),
            places_name: source_name.to_string(),
            links_name: source_name.to_string(),
            checks,
            tables: net.tables.clone(),
            meta: net.meta.clone(),
            sources: net.sources.clone(),
            corridors: net.corridors.clone(),
            refused_places: HashSet::new(),
            fill: None,
            xyz: net.xyz.clone(),
            places_seen: net.tables.places.len(),
            links_seen: net.tables.links.len(),
        }
    }

    /// Checks each record on its own only, not against the bibliography and the corridor
    /// list: for readers that return records, whose caller may still add sources.
    pub(crate) fn records_only(mut self) -> Builder {
        self.checks = Checks::new(&self.source_name, std::iter::empty(), std::iter::empty());
        self
    }

    /// Says where places and links come from, in messages (default: the network's name).
    pub(crate) fn read_from(mut self, places: &str, links: &str) -> Builder {
        self.places_name = places.to_string();
        self.links_name = links.to_string();
        self
    }

    /// Fills in what records do not say as an import's options ask ([`Fill`]).
    pub(crate) fn filling(mut self, opts: &ImportOptions) -> Builder {
        self.fill = Some(Fill::new(opts));
        self
    }

    /// Room for about this many more places and links.
    pub(crate) fn reserve(&mut self, places: usize, links: usize) {
        self.tables.reserve(places, links);
    }

    /// Counts a place record its reader could not read, with its id if it has one: links to it
    /// are then not reported as links to nowhere.
    pub(crate) fn refuse_place(&mut self, id: &str) {
        self.places_seen += 1;
        if !id.is_empty() {
            self.refused_places.insert(id.to_string());
        }
    }

    /// Adds a place; its problems otherwise. What the network keeps of a record's rarely
    /// used fields is taken from it, so a reader can reuse one record for every line.
    pub(crate) fn place(&mut self, p: &mut Place) -> Vec<DataError> {
        let index = self.places_seen;
        self.places_seen += 1;
        if let Some(fill) = &self.fill {
            fill.place(p);
        }
        let mut problems = self.checks.place(p, index);
        let id_of_refused = if problems.is_empty() {
            String::new()
        } else {
            p.id.clone()
        };
        let taken = |id: &str| DataError::DuplicateId {
            file: self.places_name.clone(),
            kind: "place",
            id: id.to_string(),
        };
        if !problems.is_empty() {
            if !p.id.trim().is_empty() && self.tables.place_index(&p.id).is_some() {
                problems.push(taken(&p.id));
            }
        } else if self.tables.push_place(p).is_none() {
            problems.push(taken(&p.id));
        } else {
            self.xyz.push(xyz(p.lon(), p.lat()));
        }
        if !problems.is_empty() {
            self.refused_places.insert(id_of_refused);
        }
        problems
    }

    /// Adds a link; its problems otherwise. Takes from the record as
    /// [`Builder::place`] does.
    pub(crate) fn link(&mut self, l: &mut Link) -> Vec<DataError> {
        let index = self.links_seen;
        self.links_seen += 1;
        let tables = &self.tables;
        let refused = &self.refused_places;
        let ends = self.checks.ends(l, index, &self.places_name, |id| {
            tables.place_index(id).ok_or_else(|| refused.contains(id))
        });
        let (mut problems, ends) = match ends {
            Ok(ends) => (Vec::new(), Some(ends)),
            Err(problems) => (problems, None),
        };
        let mut gauge_break = false;
        if let Some(fill) = &self.fill {
            // Unknown ends are the news: the gauge is filled in anyway, so as not to add a
            // problem that is only their consequence.
            let country = |i: u32| country_str(&self.tables.places[i as usize].country);
            let (a, b) = ends.map_or(("", ""), |(from, to)| (country(from), country(to)));
            gauge_break = fill.link(l, a, b);
        }
        problems.extend(self.checks.link(l, index));
        // A refused link's id is not checked for uniqueness: the ids of the links read so far
        // are indexed only once all are read (`index_link_ids`), and looking through them
        // for every refused link would make a file of many bad links quadratic.
        let (Some((from, to)), true) = (ends, problems.is_empty()) else {
            return problems;
        };
        let (a, b) = (
            &self.tables.places[from as usize],
            &self.tables.places[to as usize],
        );
        let length_km = match (&l.length_km, l.circuity) {
            (Some(len), _) => len.value,
            (None, Some(c)) => {
                geodesic_km(geo::Point::new(a.lon, a.lat), geo::Point::new(b.lon, b.lat)) * c
            }
            // Checked above: a link without a length has a circuity.
            (None, None) => return problems,
        };
        // The geodesic only where the chord through the Earth, a fraction of its cost, leaves
        // the length in doubt: almost never, in real files.
        let chord = chord_km(&self.xyz[from as usize], &self.xyz[to as usize]);
        let length = l.length_km.as_ref().map(|s| s.value);
        if length.is_some_and(|km| !surely_plausible(km, chord)) {
            let geodesic =
                geodesic_km(geo::Point::new(a.lon, a.lat), geo::Point::new(b.lon, b.lat));
            if let Some(e) = self.checks.length(l, index, geodesic) {
                problems.push(e);
                return problems;
            }
        }
        self.tables.push_link(l, from, to, length_km);
        if gauge_break {
            for end in [from, to] {
                self.tables.changes_gauge(end);
            }
        }
        problems
    }

    /// Adds every record of `data`, stopping at the first record with problems when
    /// `keep_going` is false.
    pub(crate) fn records(
        &mut self,
        places: Vec<Place>,
        links: Vec<Link>,
        keep_going: bool,
    ) -> Vec<DataError> {
        self.reserve(places.len(), links.len());
        let mut problems = Vec::new();
        for mut p in places {
            problems.extend(self.place(&mut p));
            if !keep_going && !problems.is_empty() {
                return problems;
            }
        }
        for mut l in links {
            problems.extend(self.link(&mut l));
            if !keep_going && !problems.is_empty() {
                return problems;
            }
        }
        problems
    }

    /// Indexes the link ids: a problem for the first one that is not unique.
    fn index_link_ids(&mut self) -> Result<(), Vec<DataError>> {
        self.tables.index_link_ids().map_err(|id| {
            vec![DataError::DuplicateId {
                file: self.links_name.clone(),
                kind: "link",
                id,
            }]
        })
    }

    /// The records added so far, once their ids are known to be unique.
    pub(crate) fn into_records(mut self) -> Result<NetworkData, Vec<DataError>> {
        self.index_link_ids()?;
        Ok(self.into_data())
    }

    /// The records added so far, as records.
    fn into_data(self) -> NetworkData {
        let t = &self.tables;
        NetworkData {
            places: (0..t.places.len() as u32)
                .map(|i| t.place_record(i))
                .collect(),
            links: (0..t.links.len() as u32)
                .map(|i| t.link_record(i))
                .collect(),
            meta: self.meta,
            sources: self.sources,
            corridors: self.corridors,
        }
    }

    fn corridor_problems(&self) -> Vec<DataError> {
        let tables = &self.tables;
        let mut problems = Vec::new();
        for (i, c) in self.corridors.iter().enumerate() {
            problems.extend(
                self.checks
                    .corridor(c, i, |id| tables.link_index(id).is_some()),
            );
        }
        problems
    }

    /// Checks the corridors against the links and builds the network: its search graph,
    /// prices, name index and coordinates, with the default cost model.
    pub(crate) fn finish(mut self) -> Result<Network, Vec<DataError>> {
        self.index_link_ids()?;
        let problems = self.corridor_problems();
        if !problems.is_empty() {
            return Err(problems);
        }
        Network::assemble(
            self.source_name,
            self.tables,
            self.meta,
            self.sources,
            self.corridors,
            self.xyz,
            CostModel::default(),
        )
        .map_err(|e| vec![e])
    }
}

impl Network {
    /// Builds the derived structures over validated tables.
    pub(super) fn assemble(
        source_name: String,
        mut tables: Tables,
        meta: serde_json::Map<String, serde_json::Value>,
        sources: Vec<Source>,
        corridors: Vec<Corridor>,
        xyz: Vec<[f64; 3]>,
        cost: CostModel,
    ) -> Result<Network, DataError> {
        tables.shrink_to_fit();
        let countries: BTreeSet<[u8; 2]> = tables
            .places
            .iter()
            .map(|p| p.country)
            .filter(|c| c != &[0, 0])
            .collect();
        let countryless =
            tables
                .places
                .iter()
                .enumerate()
                .fold((0, 0), |(n, first), (i, p)| {
                    match (p.country == [0, 0], n) {
                        (true, 0) => (1, i as u32),
                        (true, _) => (n + 1, first),
                        (false, _) => (n, first),
                    }
                });
        let corridor_ix: HashMap<String, u32> = corridors
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i as u32))
            .collect();
        let search = SearchGraph::build(&tables).map_err(|source| DataError::Graph {
            file: source_name.clone(),
            source,
        })?;
        let prices = prices::Prices::new(&tables, &xyz, &cost);
        Ok(Network {
            source_name,
            meta,
            sources,
            corridors,
            corridor_ix,
            tables,
            countries: countries.into_iter().collect(),
            countryless,
            lookup: std::sync::OnceLock::new(),
            cost,
            prices,
            xyz,
            search,
            place_tree: std::sync::OnceLock::new(),
        })
    }

    /// Validates `data` and builds the network, stopping at the first problem
    /// (`keep_going` false) or collecting all.
    pub(crate) fn build(
        data: NetworkData,
        source_name: &str,
        keep_going: bool,
    ) -> Result<Network, Vec<DataError>> {
        let (mut b, mut problems) =
            Builder::new(source_name, data.meta, data.sources, data.corridors);
        if !problems.is_empty() && !keep_going {
            return Err(problems);
        }
        problems.extend(b.records(data.places, data.links, keep_going));
        if !problems.is_empty() {
            return Err(problems);
        }
        b.finish()
    }
}

/// The first of a builder's problems (it reports at least one when it fails).
pub(crate) fn first(mut problems: Vec<DataError>) -> DataError {
    problems.swap_remove(0)
}
