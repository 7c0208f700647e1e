//! The network's working tables: one compact row per place and per link, built from the wire
//! records and turned back into them exactly.
//!
//! A row holds what every record has (ends, length, mode, gauge, country, kind) in a few
//! bytes; strings are interned once (ids, names, sources); the fields most records leave
//! empty (notes, tariffs, borders, geometry, properties…) live in side tables that only the
//! records using them take a slot in.

use string_interner::{DefaultStringInterner, DefaultSymbol, Symbol};

use crate::model::{
    BorderPost, Capacity, Commodity, Gauge, Link, Milestone, Mode, Origin, Place, PlaceKind,
    Sourced, Status, Tariff, Timetable, TransferKind,
};

/// "No value" in a `u32` column.
pub(crate) const NONE: u32 = u32::MAX;

/// Strings stored once, referred to by number. Numbers are dense, in order of first insertion.
#[derive(Debug, Clone, Default)]
pub(crate) struct Strings(DefaultStringInterner);

impl Strings {
    pub(crate) fn with_capacity(n: usize) -> Strings {
        Strings(DefaultStringInterner::with_capacity(n))
    }

    /// The number of `s`, added if new.
    pub(crate) fn intern(&mut self, s: &str) -> u32 {
        self.0.get_or_intern(s).to_usize() as u32
    }

    /// The number of `s`, or [`NONE`] for the empty string (which is never stored).
    pub(crate) fn intern_or_none(&mut self, s: &str) -> u32 {
        if s.is_empty() {
            NONE
        } else {
            self.intern(s)
        }
    }

    /// The number of `s`, if it was added.
    pub(crate) fn find(&self, s: &str) -> Option<u32> {
        self.0.get(s).map(|sym| sym.to_usize() as u32)
    }

    /// The string numbered `n`; empty for [`NONE`].
    #[inline]
    pub(crate) fn get(&self, n: u32) -> &str {
        if n == NONE {
            return "";
        }
        DefaultSymbol::try_from_usize(n as usize)
            .and_then(|sym| self.0.resolve(sym))
            .unwrap_or("")
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.0.shrink_to_fit();
    }
}

/// What every place has. 32 bytes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PlaceRow {
    pub(crate) lon: f64,
    pub(crate) lat: f64,
    /// In `texts`; [`NONE`]: the name is the id.
    pub(crate) name: u32,
    /// In `texts`; [`NONE`]: empty.
    pub(crate) coord_source: u32,
    /// In `place_extra`; 0 is the empty extra.
    pub(crate) extra: u32,
    /// ISO 3166-1 alpha-2 letters; `[0, 0]` when unknown.
    pub(crate) country: [u8; 2],
    pub(crate) kind: PlaceKind,
    pub(crate) country_origin: Origin,
}

/// What every link has. 40 bytes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LinkRow {
    pub(crate) from: u32,
    pub(crate) to: u32,
    /// The length used for routing: the record's, or the geodesic distance × circuity.
    pub(crate) length_km: f64,
    /// Source of the record's length in `texts`; [`NONE`]: the record gives no length.
    pub(crate) length_source: u32,
    /// Note on the record's length in `texts`; [`NONE`]: none.
    pub(crate) length_note: u32,
    /// In `texts`; [`NONE`]: empty.
    pub(crate) name: u32,
    /// In `link_extra`; 0 is the empty extra.
    pub(crate) extra: u32,
    /// In `gauge_sets` (with the gauges' [`Origin`]).
    pub(crate) gauges: u32,
    pub(crate) mode: Mode,
    pub(crate) status: Status,
    pub(crate) commodity: Option<Commodity>,
    pub(crate) oneway: bool,
}

/// The fields of a place that most places leave empty.
#[derive(Debug, Clone, Default)]
pub(crate) struct PlaceExtra {
    pub(crate) alt_names: Vec<String>,
    pub(crate) transfers: Option<Vec<TransferKind>>,
    /// `[best, typical, worst]`.
    pub(crate) transfer_hours: [Option<Sourced<f64>>; 3],
    pub(crate) border: Option<BorderPost>,
    pub(crate) notes: String,
    pub(crate) refs: Vec<String>,
    pub(crate) properties: serde_json::Map<String, serde_json::Value>,
}

/// The fields of a link that most links leave empty.
#[derive(Debug, Clone, Default)]
pub(crate) struct LinkExtra {
    pub(crate) circuity: Option<f64>,
    pub(crate) times: Option<Box<LinkTimes>>,
    pub(crate) tariff: Option<Tariff>,
    pub(crate) capacity: Option<Capacity>,
    pub(crate) border: Option<BorderPost>,
    pub(crate) year: Option<Milestone>,
    pub(crate) corridors: Vec<String>,
    pub(crate) refs: Vec<String>,
    pub(crate) notes: String,
    pub(crate) geometry: Option<Vec<[f64; 2]>>,
    pub(crate) properties: serde_json::Map<String, serde_json::Value>,
}

/// A link's own time figures: few links have any.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct LinkTimes {
    /// `[best, typical, worst]`, km/h.
    pub(crate) speed_kmh: [Option<Sourced<f64>>; 3],
    /// `[best, typical, worst]`, hours.
    pub(crate) transit_hours: [Option<Sourced<f64>>; 3],
    pub(crate) sailings_per_week: Option<Sourced<f64>>,
    pub(crate) backlog_hours: Option<Sourced<f64>>,
    pub(crate) timetable: Option<Timetable>,
}

impl LinkTimes {
    /// The time fields of `l`, taken out of it; `None` when it has none.
    fn take(l: &mut Link) -> Option<Box<LinkTimes>> {
        let t = LinkTimes {
            speed_kmh: [
                l.speed_kmh_best.take(),
                l.speed_kmh.take(),
                l.speed_kmh_worst.take(),
            ],
            transit_hours: [
                l.transit_hours_best.take(),
                l.transit_hours.take(),
                l.transit_hours_worst.take(),
            ],
            sailings_per_week: l.sailings_per_week.take(),
            backlog_hours: l.backlog_hours.take(),
            timetable: l.timetable.take(),
        };
        (t != LinkTimes::default()).then(|| Box::new(t))
    }

    /// Puts the time fields back into record `l`.
    fn restore(&self, l: &mut Link) {
        let [sb, st, sw] = self.speed_kmh.clone();
        let [tb, tt, tw] = self.transit_hours.clone();
        (l.speed_kmh_best, l.speed_kmh, l.speed_kmh_worst) = (sb, st, sw);
        (l.transit_hours_best, l.transit_hours, l.transit_hours_worst) = (tb, tt, tw);
        l.sailings_per_week = self.sailings_per_week.clone();
        l.backlog_hours = self.backlog_hours.clone();
        l.timetable = self.timetable.clone();
    }
}

/// Strings appended one after another, read by position: where ids wait, in order, until they
/// are indexed all at once.
#[derive(Debug, Clone, Default)]
pub(crate) struct Arena {
    text: String,
    ends: Vec<u32>,
}

impl Arena {
    fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.ends.push(self.text.len() as u32);
    }

    fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.get(i))
    }
}

/// Every place and link of a network. Place `i`'s id is `place_ids` number `i`, link `i`'s
/// `link_ids` number `i`: ids are unique, so the interners are the id indexes.
///
/// Link ids are not needed while a network is read (place ids are, for link ends), so they
/// wait in an arena and are indexed in one pass when the network is finished: interning
/// them one by one between the records of a large file costs several times more.
#[derive(Debug, Clone)]
pub(crate) struct Tables {
    pub(crate) place_ids: Strings,
    pub(crate) link_ids: Strings,
    /// Ids of the links added since the last [`Tables::index_link_ids`], in order.
    new_link_ids: Arena,
    /// Names, sources, notes, countries: every other string.
    pub(crate) texts: Strings,
    pub(crate) places: Vec<PlaceRow>,
    pub(crate) links: Vec<LinkRow>,
    pub(crate) place_extra: Vec<PlaceExtra>,
    pub(crate) link_extra: Vec<LinkExtra>,
    /// The distinct gauge lists of rail links (and the empty list, number 0).
    pub(crate) gauge_sets: Vec<(Vec<Gauge>, Origin)>,
    gauge_index: std::collections::HashMap<(Vec<Gauge>, Origin), u32>,
}

impl Default for Tables {
    fn default() -> Self {
        Tables {
            place_ids: Strings::default(),
            link_ids: Strings::default(),
            new_link_ids: Arena::default(),
            texts: Strings::default(),
            places: Vec::new(),
            links: Vec::new(),
            place_extra: vec![PlaceExtra::default()],
            link_extra: vec![LinkExtra::default()],
            gauge_sets: vec![(Vec::new(), Origin::Given)],
            gauge_index: std::collections::HashMap::from([((Vec::new(), Origin::Given), 0)]),
        }
    }
}

impl Tables {
    /// Room for about this many more places and links.
    pub(crate) fn reserve(&mut self, places: usize, links: usize) {
        if self.places.is_empty() {
            self.place_ids = Strings::with_capacity(places);
        }
        if self.links.is_empty() {
            self.link_ids = Strings::with_capacity(links);
            self.new_link_ids.ends.reserve(links);
        }
        self.places.reserve(places);
        self.links.reserve(links);
    }

    /// The index of the place with this id.
    #[inline]
    pub(crate) fn place_index(&self, id: &str) -> Option<u32> {
        self.place_ids.find(id)
    }

    /// The index of the link with this id, among the links indexed (all of them, once a
    /// network is built; see [`Tables::index_link_ids`]).
    #[inline]
    pub(crate) fn link_index(&self, id: &str) -> Option<u32> {
        self.link_ids.find(id)
    }

    /// The id of link `i`.
    #[inline]
    /// Links are read only once their ids are indexed: a network or records come out of the
    /// builder after [`Tables::index_link_ids`].
    pub(crate) fn link_id(&self, i: u32) -> &str {
        debug_assert!(self.new_link_ids.len() == 0, "link ids indexed");
        self.link_ids.get(i)
    }

    /// Indexes the ids of the links added since the last call; the first id that another
    /// link has already, if any (the tables are then not to be used: building failed).
    pub(crate) fn index_link_ids(&mut self) -> Result<(), String> {
        let pending = std::mem::take(&mut self.new_link_ids);
        for id in pending.iter() {
            let expected = self.link_ids.len();
            if self.link_ids.intern(id) as usize != expected {
                return Err(id.to_string());
            }
        }
        Ok(())
    }

    /// Adds a place and returns its index, or `None` when its id is taken. The fields most
    /// places leave empty are taken from `p` when they are not.
    pub(crate) fn push_place(&mut self, p: &mut Place) -> Option<u32> {
        let i = self.place_ids.intern(&p.id);
        if i as usize != self.places.len() {
            return None;
        }
        let name = if p.name == p.id {
            NONE
        } else {
            self.texts.intern(&p.name)
        };
        let country = match p.country.as_bytes() {
            [a, b] => [*a, *b],
            _ => [0, 0],
        };
        let empty = p.alt_names.is_empty()
            && p.transfers.is_none()
            && p.transfer_cases().iter().all(Option::is_none)
            && p.border.is_none()
            && p.notes.is_empty()
            && p.refs.is_empty()
            && p.properties.is_empty();
        let extra = (!empty).then(|| PlaceExtra {
            alt_names: std::mem::take(&mut p.alt_names),
            transfers: std::mem::take(&mut p.transfers),
            transfer_hours: [
                p.transfer_hours_best.take(),
                p.transfer_hours.take(),
                p.transfer_hours_worst.take(),
            ],
            border: std::mem::take(&mut p.border),
            notes: std::mem::take(&mut p.notes),
            refs: std::mem::take(&mut p.refs),
            properties: std::mem::take(&mut p.properties),
        });
        self.places.push(PlaceRow {
            lon: p.location.x(),
            lat: p.location.y(),
            name,
            coord_source: self.texts.intern_or_none(&p.coord_source),
            extra: push_extra(&mut self.place_extra, extra),
            country,
            kind: p.kind,
            country_origin: p.country_origin,
        });
        Some(i)
    }

    /// Adds a link between places `from` and `to`, of `length_km`, and returns its index. Its
    /// id is checked for uniqueness by [`Tables::index_link_ids`]. The fields most links
    /// leave empty are taken from `l` when they are not.
    pub(crate) fn push_link(&mut self, l: &mut Link, from: u32, to: u32, length_km: f64) -> u32 {
        let i = self.links.len() as u32;
        self.new_link_ids.push(&l.id);
        let (length_source, length_note) = match &l.length_km {
            Some(s) => (
                self.texts.intern(&s.source),
                s.note.as_deref().map_or(NONE, |n| self.texts.intern(n)),
            ),
            None => (NONE, NONE),
        };
        // Most links have the gauges of the one before.
        let last = self.links.last().map_or(0, |r| r.gauges);
        let gauges = match self.gauge_sets.get(last as usize) {
            Some((g, o)) if *g == l.gauges && *o == l.gauge_origin => Some(last),
            _ => {
                // Looked up by a key made of the record's own vector, handed back after.
                let key = (std::mem::take(&mut l.gauges), l.gauge_origin);
                let found = self.gauge_index.get(&key).copied();
                l.gauges = key.0;
                found
            }
        };
        let gauges = match gauges {
            Some(g) => g,
            None => {
                let g = self.gauge_sets.len() as u32;
                let set = (l.gauges.clone(), l.gauge_origin);
                self.gauge_index.insert(set.clone(), g);
                self.gauge_sets.push(set);
                g
            }
        };
        let times = LinkTimes::take(l);
        let empty = l.circuity.is_none()
            && times.is_none()
            && l.tariff.is_none()
            && l.capacity.is_none()
            && l.border.is_none()
            && l.year.is_none()
            && l.corridors.is_empty()
            && l.refs.is_empty()
            && l.notes.is_empty()
            && l.geometry.is_none()
            && l.properties.is_empty();
        let extra = (!empty).then(|| LinkExtra {
            circuity: std::mem::take(&mut l.circuity),
            times,
            tariff: std::mem::take(&mut l.tariff),
            capacity: std::mem::take(&mut l.capacity),
            border: std::mem::take(&mut l.border),
            year: std::mem::take(&mut l.year),
            corridors: std::mem::take(&mut l.corridors),
            refs: std::mem::take(&mut l.refs),
            notes: std::mem::take(&mut l.notes),
            geometry: std::mem::take(&mut l.geometry),
            properties: std::mem::take(&mut l.properties),
        });
        self.links.push(LinkRow {
            from,
            to,
            length_km,
            length_source,
            length_note,
            name: self.texts.intern_or_none(&l.name),
            extra: push_extra(&mut self.link_extra, extra),
            gauges,
            mode: l.mode,
            status: l.status,
            commodity: l.commodity,
            oneway: l.oneway,
        });
        i
    }

    /// Lets place `i` change gauge, unless it does already or its record lists the transfers
    /// it handles: an import's place at a border where gauges differ ([`Fill::link`]).
    /// Noted on the place, as inferred.
    ///
    /// [`Fill::link`]: crate::io::fill::Fill::link
    pub(crate) fn changes_gauge(&mut self, i: u32) {
        let row = self.places[i as usize];
        if row.extra == 0 {
            self.place_extra.push(PlaceExtra::default());
            self.places[i as usize].extra = (self.place_extra.len() - 1) as u32;
        }
        let x = &mut self.place_extra[self.places[i as usize].extra as usize];
        if x.transfers.is_some() || row.kind.default_transfers().contains(&TransferKind::Gauge) {
            return;
        }
        let mut transfers = row.kind.default_transfers().to_vec();
        transfers.push(TransferKind::Gauge);
        transfers.sort_unstable();
        x.transfers = Some(transfers);
        if !x.notes.is_empty() {
            x.notes.push(' ');
        }
        x.notes.push_str(
            "Changes gauge (derived on import: a rail link from here crosses into a country \
             of another gauge).",
        );
    }

    /// Frees the spare capacity the tables grew with.
    pub(crate) fn shrink_to_fit(&mut self) {
        self.places.shrink_to_fit();
        self.links.shrink_to_fit();
        self.place_extra.shrink_to_fit();
        self.link_extra.shrink_to_fit();
        self.place_ids.shrink_to_fit();
        self.link_ids.shrink_to_fit();
        self.texts.shrink_to_fit();
    }

    /// Place `i` as the record it was built from.
    pub(crate) fn place_record(&self, i: u32) -> Place {
        let row = &self.places[i as usize];
        let x = &self.place_extra[row.extra as usize];
        let id = self.place_ids.get(i);
        let [best, typical, worst] = x.transfer_hours.clone();
        Place {
            id: id.to_string(),
            name: if row.name == NONE {
                id.to_string()
            } else {
                self.texts.get(row.name).to_string()
            },
            alt_names: x.alt_names.clone(),
            country: country_str(&row.country).to_string(),
            country_origin: row.country_origin,
            location: geo::Point::new(row.lon, row.lat),
            coord_source: self.texts.get(row.coord_source).to_string(),
            kind: row.kind,
            transfers: x.transfers.clone(),
            transfer_hours: typical,
            transfer_hours_best: best,
            transfer_hours_worst: worst,
            border: x.border.clone(),
            notes: x.notes.clone(),
            refs: x.refs.clone(),
            properties: x.properties.clone(),
        }
    }

    /// Link `i` as the record it was built from.
    pub(crate) fn link_record(&self, i: u32) -> Link {
        let row = &self.links[i as usize];
        let x = &self.link_extra[row.extra as usize];
        let mut link = Link {
            id: self.link_id(i).to_string(),
            from: self.place_ids.get(row.from).to_string(),
            to: self.place_ids.get(row.to).to_string(),
            mode: row.mode,
            name: self.texts.get(row.name).to_string(),
            length_km: self.given_length(row),
            circuity: x.circuity,
            gauges: self.gauge_sets[row.gauges as usize].0.clone(),
            gauge_origin: self.gauge_sets[row.gauges as usize].1,
            commodity: row.commodity,
            speed_kmh: None,
            speed_kmh_best: None,
            speed_kmh_worst: None,
            transit_hours: None,
            transit_hours_best: None,
            transit_hours_worst: None,
            sailings_per_week: None,
            backlog_hours: None,
            timetable: None,
            tariff: x.tariff.clone(),
            capacity: x.capacity.clone(),
            border: x.border.clone(),
            status: row.status,
            year: x.year.clone(),
            oneway: row.oneway,
            corridors: x.corridors.clone(),
            refs: x.refs.clone(),
            notes: x.notes.clone(),
            geometry: x.geometry.clone(),
            properties: x.properties.clone(),
        };
        if let Some(t) = &x.times {
            t.restore(&mut link);
        }
        link
    }

    /// The length the record gives, with its source, if it gives one.
    pub(crate) fn given_length(&self, row: &LinkRow) -> Option<Sourced<f64>> {
        (row.length_source != NONE).then(|| Sourced {
            value: row.length_km,
            source: self.texts.get(row.length_source).to_string(),
            note: (row.length_note != NONE).then(|| self.texts.get(row.length_note).to_string()),
        })
    }
}

/// The slot of `extra` in `table`: 0 (the shared empty one) when there is none.
fn push_extra<T>(table: &mut Vec<T>, extra: Option<T>) -> u32 {
    match extra {
        None => 0,
        Some(x) => {
            table.push(x);
            (table.len() - 1) as u32
        }
    }
}

/// A country column as text: empty when unknown.
#[inline]
pub(crate) fn country_str(c: &[u8; 2]) -> &str {
    if c == &[0, 0] {
        ""
    } else {
        // Validation admits two ASCII capitals only.
        std::str::from_utf8(c).unwrap_or("")
    }
}
