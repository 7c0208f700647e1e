//! Merging two networks where they meet.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::error::{DataError, RecordRef};
use crate::model::{Link, Mode, Source, Sourced, PROVENANCE_TAGS};
use crate::network::build::{first, Builder};
use crate::network::validate::{link_sources, place_sources};
use crate::network::{Network, PlaceRef};
use crate::readable::Readable;

/// What a merge does with an id both networks use ([`Network::merge_resolving`]).
///
/// # Example
/// ```
/// use corridor::{IdClash, Network};
///
/// let mine = r#"{"places": [
///     {"id": "almaty", "name": "Almaty", "location": [76.95, 43.27]},
///     {"id": "depot", "name": "My depot", "location": [77.0, 43.3]}],
///   "links": [{"id": "d1", "from": "almaty", "to": "depot", "mode": "road", "circuity": 1.2}]}"#;
/// let mine = Network::from_json_str(mine, "mine.json")?;
/// let builtin = Network::central_asia();
/// // A bare merge refuses, naming the choices.
/// assert!(builtin.merge(&mine, 30.0).unwrap_err().to_string().contains("IdClash::Unify"));
/// // My Almaty is the built-in one: my depot hangs off it.
/// let (net, _) = builtin.merge_resolving(&mine, 30.0, &IdClash::Unify)?;
/// assert_eq!(net.places().len(), builtin.places().len() + 1);
/// // Or keep both, mine as `my:almaty`.
/// let (net, _) = builtin.merge_resolving(&mine, 30.0, &IdClash::Prefix("my:".into()))?;
/// assert!(net.place_by_id("my:almaty").is_some());
/// # Ok::<(), corridor::DataError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum IdClash {
    /// Refuse to merge networks that share an id ([`DataError::SharedId`]).
    #[default]
    Refuse,
    /// Put this before every place, link and corridor id of the added network (not empty).
    Prefix(String),
    /// Rename only the added network's clashing place, link and corridor ids: `id~2` (or
    /// `~3`… until unique).
    Rename,
    /// A place of the added network with the id of one of the first is that place: its links
    /// attach to the first network's place and its own record is not kept. The two must be
    /// at most the merge's `max_km` apart. Clashing link ids are renamed as by `Rename`; a
    /// corridor of the same id is one corridor, with the links of both.
    Unify,
}

impl std::str::FromStr for IdClash {
    type Err = String;

    /// `refuse`, `rename`, `unify`, or `prefix:TEXT`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "refuse" => Ok(IdClash::Refuse),
            "rename" => Ok(IdClash::Rename),
            "unify" => Ok(IdClash::Unify),
            other => match other.strip_prefix("prefix:") {
                Some(p) if !p.is_empty() => Ok(IdClash::Prefix(p.to_string())),
                _ => Err(format!(
                    "`{s}` is not a way to settle shared ids: expected refuse, rename, unify or prefix:TEXT"
                )),
            },
        }
    }
}

/// The ids the added network's records take in the merge.
struct NewIds<'a> {
    places: HashMap<&'a str, String>,
    links: HashMap<&'a str, String>,
    corridors: HashMap<&'a str, String>,
    /// Places of the added network that are the first network's (by [`IdClash::Unify`]).
    unified: HashSet<&'a str>,
}

impl NewIds<'_> {
    fn place(&self, id: &str) -> Option<&String> {
        self.places.get(id)
    }
}

/// A fresh id for `id`, taken by neither network nor an earlier renaming.
fn unused(id: &str, taken: &dyn Fn(&str) -> bool, given: &HashSet<String>) -> String {
    (2..)
        .map(|n| format!("{id}~{n}"))
        .find(|c| !taken(c) && !given.contains(c))
        .unwrap_or_default()
}

impl Network {
    /// The new ids of `other`'s records merging into `self` as `clash` says.
    fn settle_ids<'o>(
        &self,
        other: &'o Network,
        max_km: f64,
        clash: &IdClash,
        name: &str,
    ) -> Result<NewIds<'o>, DataError> {
        let mut ids = NewIds {
            places: HashMap::new(),
            links: HashMap::new(),
            corridors: HashMap::new(),
            unified: HashSet::new(),
        };
        let shared_places: Vec<PlaceRef<'o>> = other
            .places()
            .iter()
            .filter(|p| self.place_by_id(p.id()).is_some())
            .collect();
        let shared_links: Vec<&'o str> = other
            .links()
            .iter()
            .map(|l| l.id())
            .filter(|id| self.link_by_id(id).is_some())
            .collect();
        let refuse = |kind: &'static str, id: &str, count: usize| DataError::SharedId {
            file: name.to_string(),
            kind,
            id: id.to_string(),
            count,
        };
        let place_taken =
            |id: &str| self.place_by_id(id).is_some() || other.place_by_id(id).is_some();
        let link_taken = |id: &str| self.link_by_id(id).is_some() || other.link_by_id(id).is_some();
        let shared_corridors: Vec<&'o str> = other
            .corridors()
            .iter()
            .map(|c| c.id.as_str())
            .filter(|id| self.corridor_by_id(id).is_some())
            .collect();
        let mut given = HashSet::new();
        let rename_links = |ids: &mut NewIds<'o>, given: &mut HashSet<String>| {
            for &id in &shared_links {
                let new = unused(id, &link_taken, given);
                given.insert(new.clone());
                ids.links.insert(id, new);
            }
        };
        match clash {
            IdClash::Refuse => {
                if let Some(p) = shared_places.first() {
                    return Err(refuse("place", p.id(), shared_places.len()));
                }
                if let Some(l) = shared_links.first() {
                    return Err(refuse("link", l, shared_links.len()));
                }
                if let Some(c) = shared_corridors.first() {
                    return Err(refuse("corridor", c, shared_corridors.len()));
                }
            }
            IdClash::Prefix(prefix) if prefix.is_empty() => {
                return Err(DataError::invalid(
                    name,
                    RecordRef::Operation("merge"),
                    "prefix",
                    "an empty prefix changes no id: give one, e.g. `my:`",
                ));
            }
            IdClash::Prefix(prefix) => {
                for c in other.corridors() {
                    ids.corridors
                        .insert(c.id.as_str(), format!("{prefix}{}", c.id));
                }
                for p in other.places() {
                    ids.places.insert(p.id(), format!("{prefix}{}", p.id()));
                }
                for l in other.links() {
                    ids.links.insert(l.id(), format!("{prefix}{}", l.id()));
                }
                if let Some(clash) = ids
                    .places
                    .values()
                    .find(|id| self.place_by_id(id).is_some())
                {
                    return Err(refuse("place", clash, 1));
                }
                if let Some(clash) = ids.links.values().find(|id| self.link_by_id(id).is_some()) {
                    return Err(refuse("link", clash, 1));
                }
            }
            IdClash::Rename => {
                for p in &shared_places {
                    let new = unused(p.id(), &place_taken, &given);
                    given.insert(new.clone());
                    ids.places.insert(p.id(), new);
                }
                rename_links(&mut ids, &mut given);
                let corridor_taken = |id: &str| {
                    self.corridor_by_id(id).is_some() || other.corridor_by_id(id).is_some()
                };
                for &c in &shared_corridors {
                    let new = unused(c, &corridor_taken, &given);
                    given.insert(new.clone());
                    ids.corridors.insert(c, new);
                }
            }
            IdClash::Unify => {
                for p in &shared_places {
                    // Checked above: the id is one of `self`'s.
                    let Ok(mine) = self.place(p.id()) else {
                        continue;
                    };
                    let km = crate::geometry::geodesic_km(mine.location(), p.location());
                    if km > max_km {
                        return Err(DataError::invalid(
                            name,
                            RecordRef::Operation("merge"),
                            "id",
                            format!(
                                "cannot unify place `{}`: the two are {km:.1} km apart, more than \
                                 the merge's {max_km} km; rename or prefix instead",
                                p.id()
                            ),
                        ));
                    }
                    ids.unified.insert(p.id());
                }
                rename_links(&mut ids, &mut given);
            }
        }
        Ok(ids)
    }

    /// [`Network::merge_resolving`].
    pub(crate) fn merge_with(
        &self,
        other: &Network,
        max_km: f64,
        clash: &IdClash,
    ) -> Result<(Network, Vec<Link>), DataError> {
        let name = format!("{} + {}", self.source_name(), other.source_name());
        if !(max_km.is_finite() && max_km >= 0.0) {
            return Err(DataError::invalid(
                &name,
                RecordRef::Operation("merge"),
                "max_km",
                format!("{} is not a finite distance >= 0", Readable(max_km)),
            ));
        }
        let ids = self.settle_ids(other, max_km, clash, &name)?;
        let place_id = |id: &str| ids.place(id).cloned().unwrap_or_else(|| id.to_string());

        // Each place of this network that handles transfers, and the nearest place of
        // `other` within reach.
        let mut pairs: Vec<(u32, u32, f64)> = Vec::new();
        for p in self.places() {
            if p.transfers().is_empty() {
                continue;
            }
            let Some((q, km)) = other.nearest_place_index(p.lon(), p.lat()) else {
                break; // `other` has no places
            };
            // A unified place is this network's own: it needs no connector.
            if km <= max_km && !ids.unified.contains(other.place_ref(q).id()) {
                pairs.push((p.index() as u32, q, km));
            }
        }
        // The connector travels on the mode (and commodity) of the first link at `q`.
        let mut first_link: HashMap<u32, u32> =
            pairs.iter().map(|&(_, q, _)| (q, u32::MAX)).collect();
        for l in other.links() {
            for end in [l.from().index() as u32, l.to().index() as u32] {
                if let Some(f) = first_link.get_mut(&end) {
                    if *f == u32::MAX {
                        *f = l.index() as u32;
                    }
                }
            }
        }
        let gauges = other.gauges_at(pairs.iter().map(|&(_, q, _)| q));
        let mut connectors = Vec::new();
        for &(p, q, km) in &pairs {
            let (p, q) = (self.place_ref(p), other.place_ref(q));
            let Some(l) = other.link(first_link[&(q.index() as u32)] as usize) else {
                continue; // no link at `q`
            };
            let q_id = place_id(q.id());
            let mut link = Link::new(
                format!("connect_{}_{q_id}", p.id()),
                p.id(),
                q_id.as_str(),
                l.mode(),
                Sourced {
                    value: km,
                    source: "computed".into(),
                    note: Some("geodesic distance of a merge connector".into()),
                },
            );
            if l.mode() == Mode::Rail {
                link.gauges = super::joined_gauges(std::iter::once(&gauges[&(q.index() as u32)]));
            }
            link.commodity = l.commodity();
            link.notes = format!(
                "connects {} to the nearest place of {} ({km:.3} km)",
                p.name(),
                other.source_name()
            );
            link.properties
                .insert("connector".into(), serde_json::Value::Bool(true));
            connectors.push(link);
        }

        // The added network's corridors take their new ids and name its links by theirs; a
        // corridor both networks have (by `Unify`) is one, with the links of both.
        let mut corridors = self.corridors().to_vec();
        for c in other.corridors() {
            let mut c = c.clone();
            if let Some(id) = ids.corridors.get(c.id.as_str()) {
                c.id.clone_from(id);
            }
            for l in &mut c.links {
                if let Some(id) = ids.links.get(l.as_str()) {
                    l.clone_from(id);
                }
            }
            match corridors.iter_mut().find(|d| d.id == c.id) {
                Some(d) => {
                    for l in c.links {
                        if !d.links.contains(&l) {
                            d.links.push(l);
                        }
                    }
                }
                None => corridors.push(c),
            }
        }
        let mut sources = self.sources().to_vec();
        for s in other.sources() {
            if sources.iter().all(|d| d.key != s.key) {
                sources.push(s.clone());
            }
        }
        // A network without a bibliography may cite sources as free text; once merged with
        // one that has a bibliography, list those texts as sources so they stay valid.
        if other.sources().is_empty() && !sources.is_empty() {
            for text in cited_sources(other) {
                if !PROVENANCE_TAGS.contains(&text.as_str())
                    && sources.iter().all(|d| d.key != text)
                {
                    sources.push(Source {
                        title: format!("cited as '{text}' in {}", other.source_name()),
                        key: text,
                        date: None,
                        url: None,
                        kind: Some("unlisted".into()),
                    });
                }
            }
        }

        let (mut b, problems) = Builder::new(&name, self.meta.clone(), sources, corridors);
        if !problems.is_empty() {
            return Err(first(problems));
        }
        b.reserve(
            self.places().len() + other.places().len(),
            self.links().len() + other.links().len() + connectors.len(),
        );
        let theirs = other
            .places()
            .iter()
            .filter(|p| !ids.unified.contains(p.id()))
            .map(|p| {
                let mut p = p.to_place();
                if let Some(id) = ids.place(&p.id) {
                    p.id.clone_from(id);
                }
                p
            });
        for mut p in self.places().iter().map(|p| p.to_place()).chain(theirs) {
            if let Some(e) = b.place(&mut p).into_iter().next() {
                return Err(e);
            }
        }
        let theirs = other.links().iter().map(|l| {
            let mut l = l.to_link();
            if let Some(id) = ids.links.get(l.id.as_str()) {
                l.id.clone_from(id);
            }
            l.from = place_id(&l.from);
            l.to = place_id(&l.to);
            for c in &mut l.corridors {
                if let Some(id) = ids.corridors.get(c.as_str()) {
                    c.clone_from(id);
                }
            }
            l
        });
        let links = self.links().iter().map(|l| l.to_link()).chain(theirs);
        let net = self.rebuilt(b, links.chain(connectors.iter().cloned()))?;
        Ok((net, connectors))
    }
}

/// Every non-empty text in a source field of a network's places and links.
fn cited_sources(net: &Network) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for p in net.places() {
        let p = p.to_place();
        out.extend(place_sources(&p).map(|(_, s)| s.to_string()));
    }
    for l in net.links() {
        let l = l.to_link();
        out.extend(link_sources(&l).map(|(_, s)| s.to_string()));
    }
    out.remove("");
    out
}
