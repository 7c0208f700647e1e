//! Joining the pieces of a network across small gaps.

use crate::error::{DataError, RecordRef};
use crate::geometry::{chord_radius_km, geodesic_km};
use crate::model::{Link, Mode, Sourced};
use crate::network::build::Builder;
use crate::network::Network;
use crate::readable::Readable;

impl Network {
    /// [`Network::heal`].
    pub(crate) fn heal_gaps(
        &self,
        max_gap_km: f64,
        mode: Mode,
    ) -> Result<(Network, Vec<Link>), DataError> {
        let file = self.source_name();
        let op = RecordRef::Operation("heal");
        if mode == Mode::Pipeline {
            return Err(DataError::invalid(
                file,
                op,
                "mode",
                "a pipeline gap cannot be healed without knowing its commodity; heal with rail, road or sea",
            ));
        }
        if !(max_gap_km.is_finite() && max_gap_km >= 0.0) {
            return Err(DataError::invalid(
                file,
                op,
                "max_gap_km",
                format!("{} is not a finite distance >= 0", Readable(max_gap_km)),
            ));
        }
        let mut pieces = self.pieces();
        let tree = self.place_tree();
        let radius = chord_radius_km(max_gap_km);
        let mut candidates: Vec<(f64, u32, u32)> = Vec::new();
        for p in self.places() {
            let i = p.index() as u32;
            let ri = pieces.find_mut(i);
            for j in tree.within_chord(self.xyz[i as usize], radius) {
                if j <= i || pieces.find_mut(j) == ri {
                    continue;
                }
                let km = geodesic_km(p.location(), self.place_ref(j).location());
                if km <= max_gap_km {
                    candidates.push((km, i, j));
                }
            }
        }
        // Shortest gaps first, each only between two different pieces: a minimum spanning
        // forest of the gaps.
        candidates.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        candidates.retain(|&(_, a, b)| pieces.union(a, b));
        let gauges = if mode == Mode::Rail {
            self.gauges_at(candidates.iter().flat_map(|&(_, a, b)| [a, b]))
        } else {
            Default::default()
        };
        let added: Vec<Link> = candidates
            .iter()
            .map(|&(km, a, b)| {
                let (pa, pb) = (self.place_ref(a), self.place_ref(b));
                let mut link = Link::new(
                    format!("heal_{}_{}", pa.id(), pb.id()),
                    pa.id(),
                    pb.id(),
                    mode,
                    Sourced {
                        value: km,
                        source: "computed".into(),
                        note: Some("geodesic distance of a gap closed by healing".into()),
                    },
                );
                if mode == Mode::Rail {
                    link.gauges = super::joined_gauges([&gauges[&a], &gauges[&b]].into_iter());
                }
                link.notes = format!("added by healing: a {km:.3} km gap between two pieces");
                link.properties
                    .insert("healed".into(), serde_json::Value::Bool(true));
                link
            })
            .collect();
        let net = self.rebuilt(Builder::extend(self, file), added.iter().cloned())?;
        Ok((net, added))
    }
}
