//! The validated network: places, links and corridors checked once, ready for queries.

mod builtin;
mod diagnostics;
mod lookup;
mod prices;
mod search_graph;
mod snap;
mod validate;

use std::collections::{BTreeSet, HashMap};

use crate::cost::CostModel;
use crate::error::DataError;
use crate::model::{Corridor, Link, NetworkData, Place, Source};

pub use diagnostics::{NetworkReport, Piece, StretchedLink};
pub(crate) use prices::LinkPrice;
pub(crate) use search_graph::{carriers, SearchGraph, StateEdge};
pub(crate) use snap::parse_lat_lon;

/// An immutable, validated freight network, shared by any number of route queries.
///
/// Built from [`NetworkData`] (checked record by record: every rejected record is an error
/// naming the file, the record and the field) or loaded with [`Network::central_asia`] /
/// [`Network::from_json_str`]. Holds the multimodal search graph over place × carrier states
/// so that queries only search.
///
/// `Network` is `Send + Sync`: share it between threads behind an `Arc`.
///
/// # Example
/// ```
/// use corridor::Network;
///
/// let net = Network::central_asia();
/// let xian = net.place("Xian").unwrap();
/// assert_eq!(xian.id, "xian");
/// assert!(net.places().len() >= 109);
/// ```
#[derive(Debug, Clone)]
pub struct Network {
    source_name: String,
    data: NetworkData,
    length_km: Vec<f64>,
    link_ends: Vec<(u32, u32)>,
    place_ix: HashMap<String, u32>,
    link_ix: HashMap<String, u32>,
    lookup: lookup::NameIndex,
    countries: BTreeSet<String>,
    corridor_ix: HashMap<String, u32>,
    cost: CostModel,
    prices: Vec<LinkPrice>,
    xyz: Vec<[f64; 3]>,
    search: SearchGraph,
    place_tree: std::sync::OnceLock<snap::PlaceTree>,
}

impl Network {
    /// Validates `data` and builds the network. `source_name` (usually the file name) is used
    /// in error messages.
    pub fn from_data(data: NetworkData, source_name: &str) -> Result<Network, DataError> {
        let length_km = validate::validate(&data, source_name)?;
        let place_ix: HashMap<String, u32> = data
            .places
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i as u32))
            .collect();
        // Validation guarantees both ends of every link exist.
        let link_ends: Vec<(u32, u32)> = data
            .links
            .iter()
            .map(|l| (place_ix[&l.from], place_ix[&l.to]))
            .collect();
        let link_ix = data
            .links
            .iter()
            .enumerate()
            .map(|(i, l)| (l.id.clone(), i as u32))
            .collect();
        let corridor_ix = data
            .corridors
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i as u32))
            .collect();
        let countries = data
            .places
            .iter()
            .filter(|p| !p.country.is_empty())
            .map(|p| p.country.clone())
            .collect();
        let lookup = lookup::NameIndex::new(&data.places);
        let search = SearchGraph::build(&data, &place_ix).map_err(|source| DataError::Graph {
            file: source_name.to_string(),
            source,
        })?;
        let xyz = data
            .places
            .iter()
            .map(|p| prices::unit_xyz(p.lon(), p.lat()))
            .collect();
        let cost = CostModel::default();
        let prices = prices::link_prices(&data, &length_km, &link_ends, &cost);
        Ok(Network {
            source_name: source_name.to_string(),
            data,
            length_km,
            link_ends,
            place_ix,
            link_ix,
            lookup,
            countries,
            corridor_ix,
            cost,
            prices,
            xyz,
            search,
            place_tree: std::sync::OnceLock::new(),
        })
    }

    /// Replaces the rates used for links, transfers and borders without their own figures.
    pub fn with_cost_model(mut self, cost: CostModel) -> Network {
        self.prices = prices::link_prices(&self.data, &self.length_km, &self.link_ends, &cost);
        self.cost = cost;
        self
    }

    /// The rates in use.
    pub fn cost_model(&self) -> &CostModel {
        &self.cost
    }

    /// Where the network was loaded from (a file name, or `built-in`).
    pub fn source_name(&self) -> &str {
        &self.source_name
    }

    /// The underlying records, as loaded.
    pub fn data(&self) -> &NetworkData {
        &self.data
    }

    /// All places, in file order.
    pub fn places(&self) -> &[Place] {
        &self.data.places
    }

    /// All links, in file order.
    pub fn links(&self) -> &[Link] {
        &self.data.links
    }

    /// All corridors, in file order.
    pub fn corridors(&self) -> &[Corridor] {
        &self.data.corridors
    }

    /// The bibliography.
    pub fn sources(&self) -> &[Source] {
        &self.data.sources
    }

    /// Country codes of the places, sorted.
    pub fn countries(&self) -> impl Iterator<Item = &str> {
        self.countries.iter().map(String::as_str)
    }

    /// The place with this exact id.
    pub fn place_by_id(&self, id: &str) -> Option<&Place> {
        self.place_ix
            .get(id)
            .map(|&i| &self.data.places[i as usize])
    }

    /// The link with this exact id.
    pub fn link_by_id(&self, id: &str) -> Option<&Link> {
        self.link_ix.get(id).map(|&i| &self.data.links[i as usize])
    }

    /// The corridor with this exact id.
    pub fn corridor_by_id(&self, id: &str) -> Option<&Corridor> {
        self.corridor_ix
            .get(id)
            .map(|&i| &self.data.corridors[i as usize])
    }

    /// Finds a place by id, name or alternate spelling, ignoring case, accents, spaces and
    /// punctuation (`"Xian"`, `"xi'an"`, `"Horgos"` all work).
    ///
    /// # Errors
    /// [`RouteError::UnknownPlace`](crate::RouteError::UnknownPlace) with the closest names.
    pub fn place(&self, name: &str) -> Result<&Place, crate::RouteError> {
        self.place_index(name)
            .map(|i| &self.data.places[i as usize])
    }

    pub(crate) fn place_index(&self, name: &str) -> Result<u32, crate::RouteError> {
        if let Some(&i) = self.place_ix.get(name) {
            return Ok(i);
        }
        self.lookup
            .find(name)
            .ok_or_else(|| crate::RouteError::UnknownPlace {
                name: name.to_string(),
                suggestions: self
                    .lookup
                    .closest(name, 3)
                    .into_iter()
                    .map(|i| self.data.places[i as usize].name.clone())
                    .collect(),
            })
    }

    /// Length of link number `index` (file order) in km: its published or derived length, or
    /// the geodesic distance between its ends times its circuity.
    pub fn link_length_km(&self, index: usize) -> f64 {
        self.length_km[index]
    }

    /// The length in km of the link with this id, if any.
    pub fn length_km_of(&self, link_id: &str) -> Option<f64> {
        self.link_ix
            .get(link_id)
            .map(|&i| self.length_km[i as usize])
    }

    pub(crate) fn place_at(&self, i: u32) -> &Place {
        &self.data.places[i as usize]
    }

    /// Prepared price of link `link` (file index).
    #[inline]
    pub(crate) fn price(&self, link: u32) -> &LinkPrice {
        &self.prices[link as usize]
    }

    /// Straight-line distance through the Earth between two places, km (≤ great-circle).
    #[inline]
    pub(crate) fn chord_km(&self, a: u32, b: u32) -> f64 {
        prices::chord_km(&self.xyz[a as usize], &self.xyz[b as usize])
    }

    pub(crate) fn search_graph(&self) -> &SearchGraph {
        &self.search
    }

    /// Place indices of link `link`'s ends, in travel order.
    pub(crate) fn link_ends(&self, link: u32, forward: bool) -> (u32, u32) {
        let (a, b) = self.link_ends[link as usize];
        if forward {
            (a, b)
        } else {
            (b, a)
        }
    }

    pub(crate) fn corridor_ix(&self, id: &str) -> Option<u32> {
        self.corridor_ix.get(id).copied()
    }
}
