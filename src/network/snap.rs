//! Finding the network place nearest to any coordinate.

use geo::{Distance, Geodesic, Point};
use rstar::primitives::GeomWithData;
use rstar::RTree;

use super::prices::unit_xyz;
use super::Network;

/// Places as points of 3-D space (see [`unit_xyz`]): the straight-line distance between
/// two of them grows with their great-circle distance, so the nearest point in space is the
/// nearest place on the globe — with no trouble at the antimeridian or the poles.
pub(crate) type PlaceTree = RTree<GeomWithData<[f64; 3], u32>>;

pub(crate) fn build(net: &Network) -> PlaceTree {
    RTree::bulk_load(
        net.places()
            .iter()
            .enumerate()
            .map(|(i, p)| GeomWithData::new(unit_xyz(p.lon(), p.lat()), i as u32))
            .collect(),
    )
}

/// Reads `"lat,lon"` (decimal degrees, e.g. `"43.24,76.89"`): `Some(Ok((lat, lon)))` for
/// coordinates, `Some(Err(why))` for two numbers that are not valid coordinates, `None`
/// when the text is not a coordinate pair at all (a place name).
pub(crate) fn parse_lat_lon(s: &str) -> Option<Result<(f64, f64), String>> {
    let (a, b) = s.split_once(',')?;
    let lat: f64 = a.trim().parse().ok()?;
    let lon: f64 = b.trim().parse().ok()?;
    if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
        return Some(Err(format!("latitude {lat} is not within -90..90")));
    }
    if !(lon.is_finite() && (-180.0..=180.0).contains(&lon)) {
        return Some(Err(format!("longitude {lon} is not within -180..180")));
    }
    Some(Ok((lat, lon)))
}

impl Network {
    /// The place nearest to a coordinate, with the geodesic distance to it in km, or `None`
    /// for an empty network.
    ///
    /// Uses a spatial index (an R-tree, built on first use).
    ///
    /// # Example
    /// ```
    /// let net = corridor::Network::central_asia();
    /// // A point in central Almaty.
    /// let (place, km) = net.nearest_place(76.93, 43.25).unwrap();
    /// assert_eq!(place.id, "almaty");
    /// assert!(km < 10.0);
    /// ```
    pub fn nearest_place(&self, lon: f64, lat: f64) -> Option<(&crate::Place, f64)> {
        let i = self.nearest_place_index(lon, lat)?;
        let p = &self.places()[i as usize];
        let km = Geodesic.distance(Point::new(lon, lat), p.location) / 1000.0;
        Some((p, km))
    }

    pub(crate) fn nearest_place_index(&self, lon: f64, lat: f64) -> Option<u32> {
        let tree = self.place_tree.get_or_init(|| build(self));
        let q = unit_xyz(lon, lat);
        let at = Point::new(lon, lat);
        // Nearest on the sphere is not always nearest on the ellipsoid (they differ by up to
        // ~0.6%): walk candidates in straight-line order and keep the best geodesic until the
        // straight line alone exceeds it by more than that margin.
        let mut best: Option<(f64, u32)> = None;
        for (g, d2) in tree.nearest_neighbor_iter_with_distance_2(&q) {
            let chord = d2.sqrt();
            if let Some((km, _)) = best {
                if chord > km * 1.01 + 1e-9 {
                    break;
                }
            }
            let km = Geodesic.distance(at, self.places()[g.data as usize].location) / 1000.0;
            let better = match best {
                None => true,
                Some((b, i)) => km < b || (km == b && g.data < i),
            };
            if better {
                best = Some((km, g.data));
            }
        }
        best.map(|(_, i)| i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_coordinates_and_leaves_names_alone() {
        assert_eq!(parse_lat_lon("43.24,76.89"), Some(Ok((43.24, 76.89))));
        assert_eq!(parse_lat_lon(" 43.24 , 76.89 "), Some(Ok((43.24, 76.89))));
        assert!(matches!(parse_lat_lon("95,10"), Some(Err(_))));
        assert!(matches!(parse_lat_lon("45,190"), Some(Err(_))));
        assert_eq!(parse_lat_lon("Xi'an"), None);
        assert_eq!(parse_lat_lon("Alat, Baku"), None);
    }

    #[test]
    fn nearest_place_is_nearest_by_great_circle() {
        let net = Network::central_asia();
        for p in net.places().iter().step_by(7) {
            // Slightly off each place: the place itself must be found.
            let (q, km) = net.nearest_place(p.lon() + 0.001, p.lat() + 0.001).unwrap();
            let brute = net
                .places()
                .iter()
                .map(|o| {
                    Geodesic.distance(o.location, Point::new(p.lon() + 0.001, p.lat() + 0.001))
                })
                .fold(f64::INFINITY, f64::min);
            assert!((km * 1000.0 - brute).abs() < 1e-6, "{} vs {}", q.id, p.id);
        }
    }
}
