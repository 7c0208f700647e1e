//! Read-only views of a network's places and links: what a record says, read straight from
//! the compact tables, without building the record.

use std::fmt;

use geo::Point;
use serde_json::{Map, Value};

use super::tables::{country_str, LinkExtra, LinkRow, PlaceExtra, PlaceRow, Tables, NONE};
use crate::model::{
    link_carriers, open_in, BorderPost, Capacity, Carrier, Commodity, Gauge, Link, Milestone, Mode,
    Origin, Place, PlaceKind, Sourced, Status, Tariff, TransferKind,
};

/// A place of a [`Network`](crate::Network), as its [`Place`] record says it.
///
/// Cheap to copy; [`PlaceRef::to_place`] gives the record itself.
///
/// # Example
/// ```
/// let net = corridor::Network::central_asia();
/// let dostyk = net.place_by_id("dostyk").unwrap();
/// assert_eq!(dostyk.name(), "Dostyk");
/// assert_eq!(dostyk.country(), "KZ");
/// assert_eq!(dostyk.to_place().id, "dostyk");
/// ```
#[derive(Clone, Copy)]
pub struct PlaceRef<'a> {
    tables: &'a Tables,
    index: u32,
}

/// A link of a [`Network`](crate::Network), as its [`Link`] record says it.
///
/// Cheap to copy; [`LinkRef::to_link`] gives the record itself.
///
/// # Example
/// ```
/// use corridor::{Gauge, Mode};
///
/// let net = corridor::Network::central_asia();
/// let link = net.link(0).unwrap();
/// assert_eq!(link.index(), 0);
/// if link.mode() == Mode::Rail {
///     assert!(!link.gauges().is_empty());
/// }
/// assert_eq!(link.from().id(), link.to_link().from);
/// ```
#[derive(Clone, Copy)]
pub struct LinkRef<'a> {
    tables: &'a Tables,
    index: u32,
}

impl<'a> PlaceRef<'a> {
    pub(crate) fn new(tables: &'a Tables, index: u32) -> Self {
        PlaceRef { tables, index }
    }

    #[inline]
    fn row(&self) -> &'a PlaceRow {
        &self.tables.places[self.index as usize]
    }

    #[inline]
    fn extra(&self) -> &'a PlaceExtra {
        &self.tables.place_extra[self.row().extra as usize]
    }

    /// Position in the network's places (file order).
    pub fn index(&self) -> usize {
        self.index as usize
    }

    /// [`Place::id`].
    pub fn id(&self) -> &'a str {
        self.tables.place_ids.get(self.index)
    }

    /// [`Place::name`].
    pub fn name(&self) -> &'a str {
        match self.row().name {
            NONE => self.id(),
            n => self.tables.texts.get(n),
        }
    }

    /// [`Place::alt_names`].
    pub fn alt_names(&self) -> &'a [String] {
        &self.extra().alt_names
    }

    /// [`Place::country`]: an ISO 3166-1 alpha-2 code, empty when unknown.
    pub fn country(&self) -> &'a str {
        country_str(&self.row().country)
    }

    /// [`Place::country_origin`].
    pub fn country_origin(&self) -> Origin {
        self.row().country_origin
    }

    /// [`Place::location`]: x is the longitude, y the latitude, in degrees.
    pub fn location(&self) -> Point<f64> {
        Point::new(self.row().lon, self.row().lat)
    }

    /// Longitude in degrees.
    pub fn lon(&self) -> f64 {
        self.row().lon
    }

    /// Latitude in degrees.
    pub fn lat(&self) -> f64 {
        self.row().lat
    }

    /// [`Place::coord_source`].
    pub fn coord_source(&self) -> &'a str {
        self.tables.texts.get(self.row().coord_source)
    }

    /// [`Place::kind`].
    pub fn kind(&self) -> PlaceKind {
        self.row().kind
    }

    /// The transfers the place handles: its record's list, else its kind's defaults.
    pub fn transfers(&self) -> &'a [TransferKind] {
        self.extra()
            .transfers
            .as_deref()
            .unwrap_or(self.kind().default_transfers())
    }

    /// Whether the place can move a consignment from carrier `a` to carrier `b`.
    pub fn handles(&self, a: Carrier, b: Carrier) -> bool {
        TransferKind::between(a, b).is_some_and(|k| self.transfers().contains(&k))
    }

    /// [`Place::transfer_hours`]: the typical case.
    pub fn transfer_hours(&self) -> Option<&'a Sourced<f64>> {
        self.extra().transfer_hours[1].as_ref()
    }

    /// [`Place::transfer_cases`].
    pub fn transfer_cases(&self) -> [Option<&'a Sourced<f64>>; 3] {
        self.extra().transfer_hours.each_ref().map(Option::as_ref)
    }

    /// [`Place::border`].
    pub fn border(&self) -> Option<&'a BorderPost> {
        self.extra().border.as_ref()
    }

    /// [`Place::notes`].
    pub fn notes(&self) -> &'a str {
        &self.extra().notes
    }

    /// [`Place::refs`].
    pub fn refs(&self) -> &'a [String] {
        &self.extra().refs
    }

    /// [`Place::properties`].
    pub fn properties(&self) -> &'a Map<String, Value> {
        &self.extra().properties
    }

    /// The record.
    pub fn to_place(&self) -> Place {
        self.tables.place_record(self.index)
    }
}

impl<'a> LinkRef<'a> {
    pub(crate) fn new(tables: &'a Tables, index: u32) -> Self {
        LinkRef { tables, index }
    }

    #[inline]
    fn row(&self) -> &'a LinkRow {
        &self.tables.links[self.index as usize]
    }

    #[inline]
    fn extra(&self) -> &'a LinkExtra {
        &self.tables.link_extra[self.row().extra as usize]
    }

    /// Position in the network's links (file order).
    pub fn index(&self) -> usize {
        self.index as usize
    }

    /// [`Link::id`].
    pub fn id(&self) -> &'a str {
        self.tables.link_id(self.index)
    }

    /// The place where the link starts ([`Link::from`]).
    pub fn from(&self) -> PlaceRef<'a> {
        PlaceRef::new(self.tables, self.row().from)
    }

    /// The place where the link ends ([`Link::to`]).
    pub fn to(&self) -> PlaceRef<'a> {
        PlaceRef::new(self.tables, self.row().to)
    }

    /// [`Link::mode`].
    pub fn mode(&self) -> Mode {
        self.row().mode
    }

    /// [`Link::name`].
    pub fn name(&self) -> &'a str {
        self.tables.texts.get(self.row().name)
    }

    /// The length used for routing, km: the record's [`Link::length_km`], or the geodesic
    /// distance between the ends times [`Link::circuity`].
    pub fn length_km(&self) -> f64 {
        self.row().length_km
    }

    /// Where the record's length comes from; `None` when the record gives no length and it
    /// is estimated from the coordinates.
    pub fn length_source(&self) -> Option<&'a str> {
        let s = self.row().length_source;
        (s != NONE).then(|| self.tables.texts.get(s))
    }

    /// [`Link::length_km`] as the record gives it, with its source and note.
    pub fn given_length(&self) -> Option<Sourced<f64>> {
        self.tables.given_length(self.row())
    }

    /// Whether the length is an estimate from the coordinates (no length in the record).
    pub fn is_estimated(&self) -> bool {
        self.row().length_source == NONE
    }

    /// [`Link::circuity`].
    pub fn circuity(&self) -> Option<f64> {
        self.extra().circuity
    }

    /// [`Link::gauges`].
    pub fn gauges(&self) -> &'a [Gauge] {
        &self.tables.gauge_sets[self.row().gauges as usize].0
    }

    /// [`Link::gauge_origin`].
    pub fn gauge_origin(&self) -> Origin {
        self.tables.gauge_sets[self.row().gauges as usize].1
    }

    /// [`Link::commodity`].
    pub fn commodity(&self) -> Option<Commodity> {
        self.row().commodity
    }

    /// [`Link::speed_kmh`]: the typical case.
    pub fn speed_kmh(&self) -> Option<&'a Sourced<f64>> {
        self.speed_cases()[1]
    }

    /// [`Link::transit_hours`]: the typical case.
    pub fn transit_hours(&self) -> Option<&'a Sourced<f64>> {
        self.transit_cases()[1]
    }

    /// [`Link::speed_cases`].
    pub fn speed_cases(&self) -> [Option<&'a Sourced<f64>>; 3] {
        match &self.extra().times {
            Some(t) => t.speed_kmh.each_ref().map(Option::as_ref),
            None => [None; 3],
        }
    }

    /// [`Link::transit_cases`].
    pub fn transit_cases(&self) -> [Option<&'a Sourced<f64>>; 3] {
        match &self.extra().times {
            Some(t) => t.transit_hours.each_ref().map(Option::as_ref),
            None => [None; 3],
        }
    }

    /// [`Link::sailings_per_week`].
    pub fn sailings_per_week(&self) -> Option<&'a Sourced<f64>> {
        self.extra().times.as_ref()?.sailings_per_week.as_ref()
    }

    /// [`Link::backlog_hours`].
    pub fn backlog_hours(&self) -> Option<&'a Sourced<f64>> {
        self.extra().times.as_ref()?.backlog_hours.as_ref()
    }

    /// [`Link::timetable`].
    pub fn timetable(&self) -> Option<&'a crate::model::Timetable> {
        self.extra().times.as_ref()?.timetable.as_ref()
    }

    /// [`Link::tariff`].
    pub fn tariff(&self) -> Option<&'a Tariff> {
        self.extra().tariff.as_ref()
    }

    /// [`Link::capacity`].
    pub fn capacity(&self) -> Option<&'a Capacity> {
        self.extra().capacity.as_ref()
    }

    /// [`Link::border`].
    pub fn border(&self) -> Option<&'a BorderPost> {
        self.extra().border.as_ref()
    }

    /// [`Link::status`].
    pub fn status(&self) -> Status {
        self.row().status
    }

    /// [`Link::year`].
    pub fn year(&self) -> Option<&'a Milestone> {
        self.extra().year.as_ref()
    }

    /// [`Link::oneway`].
    pub fn oneway(&self) -> bool {
        self.row().oneway
    }

    /// [`Link::corridors`].
    pub fn corridors(&self) -> &'a [String] {
        &self.extra().corridors
    }

    /// [`Link::refs`].
    pub fn refs(&self) -> &'a [String] {
        &self.extra().refs
    }

    /// [`Link::notes`].
    pub fn notes(&self) -> &'a str {
        &self.extra().notes
    }

    /// [`Link::geometry`].
    pub fn geometry(&self) -> Option<&'a [[f64; 2]]> {
        self.extra().geometry.as_deref()
    }

    /// [`Link::properties`].
    pub fn properties(&self) -> &'a Map<String, Value> {
        &self.extra().properties
    }

    /// The carriers the link offers: one per gauge for rail, else the mode's one.
    pub fn carriers(&self) -> impl Iterator<Item = Carrier> + 'a {
        link_carriers(self.mode(), self.gauges(), self.commodity())
    }

    /// Whether the link can be used in `year`; see [`Link::open_in`].
    pub fn open_in(&self, year: Option<i32>) -> bool {
        // Today's operational links, the common case, need no look at the milestone.
        match (self.status(), year) {
            (Status::Operational, None) => true,
            (status, _) => open_in(status, self.year(), year),
        }
    }

    /// The record.
    pub fn to_link(&self) -> Link {
        self.tables.link_record(self.index)
    }
}

impl fmt::Debug for PlaceRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PlaceRef")
            .field("index", &self.index)
            .field("id", &self.id())
            .field("name", &self.name())
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for LinkRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LinkRef")
            .field("index", &self.index)
            .field("id", &self.id())
            .field("from", &self.from().id())
            .field("to", &self.to().id())
            .finish_non_exhaustive()
    }
}

/// Two views are equal when they show the same record of the same network.
impl PartialEq for PlaceRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.tables, other.tables) && self.index == other.index
    }
}

impl PartialEq for LinkRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.tables, other.tables) && self.index == other.index
    }
}

/// The places of a network, in file order: `len`, `get`, and iteration.
#[derive(Clone, Copy)]
pub struct Places<'a> {
    tables: &'a Tables,
}

/// The links of a network, in file order: `len`, `get`, and iteration.
#[derive(Clone, Copy)]
pub struct Links<'a> {
    tables: &'a Tables,
}

/// An iterator over places or links in file order.
#[derive(Clone)]
pub struct Iter<'a, T> {
    tables: &'a Tables,
    range: std::ops::Range<u32>,
    view: fn(&'a Tables, u32) -> T,
}

impl<T> Iterator for Iter<'_, T> {
    type Item = T;
    fn next(&mut self) -> Option<T> {
        self.range.next().map(|i| (self.view)(self.tables, i))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.range.size_hint()
    }
}

impl<T> DoubleEndedIterator for Iter<'_, T> {
    fn next_back(&mut self) -> Option<T> {
        self.range.next_back().map(|i| (self.view)(self.tables, i))
    }
}

impl<T> ExactSizeIterator for Iter<'_, T> {}

impl<T> std::iter::FusedIterator for Iter<'_, T> {}

impl<'a> Places<'a> {
    pub(crate) fn new(tables: &'a Tables) -> Self {
        Places { tables }
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.tables.places.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Place number `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<PlaceRef<'a>> {
        (i < self.len()).then(|| PlaceRef::new(self.tables, i as u32))
    }

    /// The places in file order.
    pub fn iter(&self) -> Iter<'a, PlaceRef<'a>> {
        Iter {
            tables: self.tables,
            range: 0..self.len() as u32,
            view: PlaceRef::new,
        }
    }
}

impl<'a> Links<'a> {
    pub(crate) fn new(tables: &'a Tables) -> Self {
        Links { tables }
    }

    /// Number of links.
    pub fn len(&self) -> usize {
        self.tables.links.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Link number `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<LinkRef<'a>> {
        (i < self.len()).then(|| LinkRef::new(self.tables, i as u32))
    }

    /// The links in file order.
    pub fn iter(&self) -> Iter<'a, LinkRef<'a>> {
        Iter {
            tables: self.tables,
            range: 0..self.len() as u32,
            view: LinkRef::new,
        }
    }
}

impl<'a> IntoIterator for Places<'a> {
    type Item = PlaceRef<'a>;
    type IntoIter = Iter<'a, PlaceRef<'a>>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a> IntoIterator for Links<'a> {
    type Item = LinkRef<'a>;
    type IntoIter = Iter<'a, LinkRef<'a>>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl fmt::Debug for Places<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl fmt::Debug for Links<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T> fmt::Debug for Iter<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Iter").field("range", &self.range).finish()
    }
}
