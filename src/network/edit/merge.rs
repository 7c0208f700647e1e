//! Merging two networks where they meet.

use std::collections::{BTreeSet, HashMap};

use crate::error::{DataError, RecordRef};
use crate::model::{Link, Mode, Source, Sourced, PROVENANCE_TAGS};
use crate::network::build::{first, Builder};
use crate::network::validate::{link_sources, place_sources};
use crate::network::Network;

impl Network {
    /// [`Network::merge`].
    pub(crate) fn merge_with(
        &self,
        other: &Network,
        max_km: f64,
    ) -> Result<(Network, Vec<Link>), DataError> {
        let name = format!("{} + {}", self.source_name(), other.source_name());
        if !(max_km.is_finite() && max_km >= 0.0) {
            return Err(DataError::invalid(
                &name,
                RecordRef::Operation("merge"),
                "max_km",
                format!("{max_km} is not a finite distance >= 0"),
            ));
        }
        if let Some(p) = other
            .places()
            .iter()
            .find(|p| self.place_by_id(p.id()).is_some())
        {
            return Err(DataError::DuplicateId {
                file: name,
                kind: "place",
                id: p.id().to_string(),
            });
        }

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
            if km <= max_km {
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
            let mut link = Link::new(
                format!("connect_{}_{}", p.id(), q.id()),
                p.id(),
                q.id(),
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

        let mut corridors = self.corridors().to_vec();
        for c in other.corridors() {
            if corridors.iter().all(|d| d.id != c.id) {
                corridors.push(c.clone());
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
        for net in [self, other] {
            for p in net.places() {
                if let Some(e) = b.place(&mut p.to_place()).into_iter().next() {
                    return Err(e);
                }
            }
        }
        let links = self
            .links()
            .iter()
            .chain(other.links())
            .map(|l| l.to_link());
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
