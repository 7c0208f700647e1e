//! Geometry on the globe, in one place: the sphere used for straight-line (chord) bounds and
//! spatial indexing, and the ellipsoid (`geo`'s geodesics) used for every reported distance.
//!
//! # Units
//! Coordinates are (longitude, latitude) in degrees, WGS 84; distances are km.

use geo::{Distance, Geodesic, Length, LineString, Point};
use rstar::primitives::GeomWithData;
use rstar::RTree;

/// Mean Earth radius (IUGG), km. The sphere only bounds and indexes: what matters is that
/// links and places use the same one.
pub(crate) const EARTH_RADIUS_KM: f64 = 6371.0088;

/// How much a geodesic on the ellipsoid can exceed the chord of the same two points on the
/// mean sphere, as a fraction (< 0.6 %, north–south near the poles): searches by chord widen
/// their radius by this much and then check the geodesic exactly.
pub(crate) const ELLIPSOID_MARGIN: f64 = 0.01;

/// A point of 3-D space, km from the Earth's centre, for a (lon, lat) in degrees.
///
/// The straight line between two such points is their chord: a true metric that never
/// exceeds the great-circle distance, with no trouble at the antimeridian or the poles.
pub(crate) fn xyz(lon_deg: f64, lat_deg: f64) -> [f64; 3] {
    let (lon, lat) = (lon_deg.to_radians(), lat_deg.to_radians());
    [
        EARTH_RADIUS_KM * lat.cos() * lon.cos(),
        EARTH_RADIUS_KM * lat.cos() * lon.sin(),
        EARTH_RADIUS_KM * lat.sin(),
    ]
}

/// Straight-line distance between two points of [`xyz`], km.
#[inline]
pub(crate) fn chord_km(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    let (dx, dy, dz) = (a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    (dx * dx + dy * dy + dz * dz).sqrt()
}

/// The chord of an arc of `km` along the mean sphere: the straight-line radius that holds
/// every point within `km` of a centre, widened by [`ELLIPSOID_MARGIN`] for the ellipsoid.
pub(crate) fn chord_radius_km(km: f64) -> f64 {
    let half_angle = (km / (2.0 * EARTH_RADIUS_KM)).min(std::f64::consts::FRAC_PI_2);
    let chord = 2.0 * EARTH_RADIUS_KM * half_angle.sin();
    chord * (1.0 + ELLIPSOID_MARGIN) + 1e-9
}

/// Geodesic distance on the WGS 84 ellipsoid between two (lon, lat) points, km.
pub(crate) fn geodesic_km(a: Point<f64>, b: Point<f64>) -> f64 {
    Geodesic.distance(a, b) / 1000.0
}

/// Geodesic distance on the WGS 84 ellipsoid, metres.
pub(crate) fn geodesic_m(a: Point<f64>, b: Point<f64>) -> f64 {
    Geodesic.distance(a, b)
}

/// Geodesic length of a line of `[lon, lat]` vertices, km.
pub(crate) fn line_km(coords: &[[f64; 2]]) -> f64 {
    let line: LineString<f64> = coords.iter().map(|&[x, y]| (x, y)).collect();
    Geodesic.length(&line) / 1000.0
}

/// Whether a longitude and latitude are finite and within -180..180 and -90..90: the one
/// coordinate check of every format and entry point.
pub(crate) fn check_lon_lat(lon: f64, lat: f64) -> Result<(), CoordProblem> {
    if !(lon.is_finite() && (-180.0..=180.0).contains(&lon)) {
        return Err(CoordProblem::Longitude(lon));
    }
    if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
        return Err(CoordProblem::Latitude(lat));
    }
    Ok(())
}

/// Which half of a coordinate is out of range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum CoordProblem {
    Longitude(f64),
    Latitude(f64),
}

impl std::fmt::Display for CoordProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CoordProblem::Longitude(x) => write!(
                f,
                "longitude {} is not within -180..180",
                crate::readable::Readable(*x)
            ),
            CoordProblem::Latitude(y) => write!(
                f,
                "latitude {} is not within -90..90",
                crate::readable::Readable(*y)
            ),
        }
    }
}

/// Points of the globe indexed in 3-D space ([`xyz`]), each with a `u32` label: the one
/// spatial index behind snapping, end-joining and healing.
#[derive(Debug, Clone)]
pub(crate) struct PointTree {
    tree: RTree<GeomWithData<[f64; 3], u32>>,
}

impl PointTree {
    /// Indexes `points` (lon, lat in degrees), labelled by their position.
    pub(crate) fn new(points: impl Iterator<Item = (f64, f64)>) -> PointTree {
        PointTree::of_xyz(points.map(|(lon, lat)| xyz(lon, lat)))
    }

    /// Indexes points already in space ([`xyz`]), labelled by their position.
    pub(crate) fn of_xyz(points: impl Iterator<Item = [f64; 3]>) -> PointTree {
        PointTree {
            tree: RTree::bulk_load(
                points
                    .enumerate()
                    .map(|(i, p)| GeomWithData::new(p, i as u32))
                    .collect(),
            ),
        }
    }

    /// Labels of the points whose chord to `at` is at most `chord_km`, in no order.
    pub(crate) fn within_chord(
        &self,
        at: [f64; 3],
        chord_km: f64,
    ) -> impl Iterator<Item = u32> + '_ {
        self.tree
            .locate_within_distance(at, chord_km * chord_km)
            .map(|p| p.data)
    }

    /// Labels with their chord to `at`, nearest first.
    pub(crate) fn nearest(&self, at: [f64; 3]) -> impl Iterator<Item = (u32, f64)> + '_ {
        self.tree
            .nearest_neighbor_iter_with_distance_2(&at)
            .map(|(p, d2)| (p.data, d2.sqrt()))
    }

    /// The point nearest `at` by geodesic distance, with that distance in km; `location`
    /// gives a label's (lon, lat). Ties go to the lower label.
    ///
    /// Nearest on the sphere is not always nearest on the ellipsoid: candidates are walked in
    /// chord order until the chord alone exceeds the best geodesic by more than the margin.
    pub(crate) fn nearest_geodesic(
        &self,
        at: Point<f64>,
        location: impl Fn(u32) -> Point<f64>,
    ) -> Option<(u32, f64)> {
        let mut best: Option<(f64, u32)> = None;
        for (label, chord) in self.nearest(xyz(at.x(), at.y())) {
            if let Some((km, _)) = best {
                if chord > km * (1.0 + ELLIPSOID_MARGIN) + 1e-9 {
                    break;
                }
            }
            let km = geodesic_km(at, location(label));
            let better = match best {
                None => true,
                Some((b, i)) => km < b || (km == b && label < i),
            };
            if better {
                best = Some((km, label));
            }
        }
        best.map(|(km, i)| (i, km))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chord_never_exceeds_the_geodesic() {
        let pairs = [
            ((76.9, 43.2), (69.2, 41.3)),
            ((179.9, 10.0), (-179.9, 10.0)),
            ((0.0, 89.9), (180.0, 89.9)),
            ((0.0, 0.0), (180.0, 0.0)),
        ];
        for ((x1, y1), (x2, y2)) in pairs {
            let chord = chord_km(&xyz(x1, y1), &xyz(x2, y2));
            let geo = geodesic_km(Point::new(x1, y1), Point::new(x2, y2));
            assert!(chord <= geo * (1.0 + ELLIPSOID_MARGIN), "{chord} vs {geo}");
            assert!(chord_radius_km(geo) >= chord, "{geo}");
        }
    }

    #[test]
    fn line_length_is_the_sum_of_its_segments() {
        let coords = [[60.0, 40.0], [61.0, 40.0], [61.0, 41.0]];
        let by_hand = geodesic_km(Point::new(60.0, 40.0), Point::new(61.0, 40.0))
            + geodesic_km(Point::new(61.0, 40.0), Point::new(61.0, 41.0));
        assert!((line_km(&coords) - by_hand).abs() < 1e-9);
    }
}
