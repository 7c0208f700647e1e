//! Finding the network place nearest to any coordinate.

use geo::Point;

use super::Network;
use crate::geometry::{check_lon_lat, PointTree};

/// Reads `"lat,lon"` (decimal degrees, e.g. `"43.24,76.89"`): `Some(Ok((lat, lon)))` for
/// coordinates, `Some(Err(why))` for two numbers that are not valid coordinates, `None`
/// when the text is not a coordinate pair at all (a place name).
pub(crate) fn parse_lat_lon(s: &str) -> Option<Result<(f64, f64), String>> {
    let (a, b) = s.split_once(',')?;
    let lat: f64 = a.trim().parse().ok()?;
    let lon: f64 = b.trim().parse().ok()?;
    match check_lon_lat(lon, lat) {
        Ok(()) => Some(Ok((lat, lon))),
        Err(problem) => Some(Err(super::validate::coordinate_problem(problem))),
    }
}

impl Network {
    /// The spatial index of the places, built on first use.
    pub(crate) fn place_tree(&self) -> &PointTree {
        self.place_tree
            .get_or_init(|| PointTree::of_xyz(self.xyz.iter().copied()))
    }

    /// The index of the place nearest (lon, lat) by geodesic distance, with the distance in
    /// km; `None` for an empty network. The coordinate must be valid.
    pub(crate) fn nearest_place_index(&self, lon: f64, lat: f64) -> Option<(u32, f64)> {
        // Not a point on the Earth: no place is nearest (and the R-tree must not see NaN).
        check_lon_lat(lon, lat).ok()?;
        let places = &self.tables.places;
        self.place_tree()
            .nearest_geodesic(Point::new(lon, lat), |i| {
                let p = &places[i as usize];
                Point::new(p.lon, p.lat)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::geodesic_km;

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
    fn nearest_place_is_nearest_by_geodesic() {
        let net = Network::central_asia();
        for p in net.places().iter().step_by(7) {
            // Slightly off each place: the place itself must be found.
            let at = Point::new(p.lon() + 0.001, p.lat() + 0.001);
            let (q, km) = net.nearest_place(at.x(), at.y()).unwrap();
            let brute = net
                .places()
                .iter()
                .map(|o| geodesic_km(o.location(), at))
                .fold(f64::INFINITY, f64::min);
            assert!((km - brute).abs() < 1e-9, "{} vs {}", q.id(), p.id());
        }
    }
}
