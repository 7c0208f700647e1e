//! Link prices prepared once from the cost model, so that pricing an edge during a search
//! is a handful of multiplications.

use crate::cost::CostModel;
use crate::model::{BorderPost, Cargo, CargoKind, NetworkData};

/// The cargo-independent parts of a link's price, per unit of cargo.
#[derive(Debug, Clone)]
pub(crate) struct LinkPrice {
    /// Length, km.
    pub(crate) km: f64,
    /// Running time, hours.
    pub(crate) hours: f64,
    /// USD per TEU for the whole link.
    pub(crate) usd_per_teu: f64,
    /// USD per tonne for the whole link.
    pub(crate) usd_per_tonne: f64,
    /// kg CO2 per tonne for the whole link.
    pub(crate) co2_per_tonne: f64,
    /// Border crossed when travelling forward (`[0]`) and backward (`[1]`), if any.
    pub(crate) border: [Option<BorderPrice>; 2],
    /// Straight-line (chord) distance between the ends through the Earth, km: a lower bound
    /// of the great-circle distance, used by the A* bound.
    pub(crate) chord_km: f64,
}

/// Mean Earth radius, km (the chord is a bound, so the exact radius does not matter as long
/// as it is the same for links and places).
const EARTH_RADIUS_KM: f64 = 6371.0088;

/// A place's position as a point of 3-D space, km from the Earth's centre: the straight-line
/// distance between two such points is their chord, a true metric, so a bound built on it
/// obeys the triangle inequality.
pub(crate) fn unit_xyz(lon_deg: f64, lat_deg: f64) -> [f64; 3] {
    let (lon, lat) = (lon_deg.to_radians(), lat_deg.to_radians());
    [
        EARTH_RADIUS_KM * lat.cos() * lon.cos(),
        EARTH_RADIUS_KM * lat.cos() * lon.sin(),
        EARTH_RADIUS_KM * lat.sin(),
    ]
}

/// Straight-line distance between two points of [`unit_xyz`], km.
#[inline]
pub(crate) fn chord_km(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    let (dx, dy, dz) = (a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    (dx * dx + dy * dy + dz * dz).sqrt()
}

/// Where and at what price formalities happen when a link crosses a border.
#[derive(Debug, Clone)]
pub(crate) struct BorderPrice {
    /// Place index of the post.
    pub(crate) at: u32,
    /// The post's name when it is not the place's.
    pub(crate) post_name: Option<String>,
    /// Dwell, hours.
    pub(crate) hours: f64,
    /// Fee per consignment, USD.
    pub(crate) fee_usd: f64,
}

/// Prices of every link, in file order.
pub(crate) fn link_prices(
    data: &NetworkData,
    lengths: &[f64],
    ends: &[(u32, u32)],
    cost: &CostModel,
) -> Vec<LinkPrice> {
    let xyz: Vec<[f64; 3]> = data
        .places
        .iter()
        .map(|p| unit_xyz(p.lon(), p.lat()))
        .collect();
    let teu = Cargo::new(CargoKind::Container, 1.0);
    let tonne = Cargo::new(CargoKind::Bulk, 1.0);
    data.links
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let per_teu = cost.link(l, lengths[i], &teu);
            let per_tonne = cost.link(l, lengths[i], &tonne);
            let (a, b) = ends[i];
            LinkPrice {
                km: lengths[i],
                hours: per_teu.duration_hours,
                usd_per_teu: per_teu.cost_usd,
                usd_per_tonne: per_tonne.cost_usd,
                co2_per_tonne: per_tonne.co2_kg,
                border: [
                    border_price(data, i, a, b, cost),
                    border_price(data, i, b, a, cost),
                ],
                chord_km: chord_km(&xyz[a as usize], &xyz[b as usize]),
            }
        })
        .collect()
}

/// The border crossed going from place `a` to place `b` on link `link`: `None` within one
/// country. Formalities happen at the link's own post, else at the arrival place's post, else
/// at the departure place's, if that post serves this border; with none, at the arrival place
/// with the cost model's defaults.
fn border_price(
    data: &NetworkData,
    link: usize,
    a: u32,
    b: u32,
    cost: &CostModel,
) -> Option<BorderPrice> {
    let (pa, pb) = (&data.places[a as usize], &data.places[b as usize]);
    // Unknown countries (empty) never make a border.
    if pa.country == pb.country || pa.country.is_empty() || pb.country.is_empty() {
        return None;
    }
    let l = &data.links[link];
    let serves = |p: &&BorderPost| p.serves(&pa.country, &pb.country);
    let (at, post) = match (
        l.border.as_ref(),
        pb.border.as_ref().filter(serves),
        pa.border.as_ref().filter(serves),
    ) {
        (Some(p), _, _) | (None, Some(p), _) => (b, Some(p)),
        (None, None, Some(p)) => (a, Some(p)),
        (None, None, None) => (b, None),
    };
    let (hours, fee_usd) = cost.border(l.mode, post, &pa.country, &pb.country);
    Some(BorderPrice {
        at,
        post_name: post.and_then(|p| p.name.clone()),
        hours,
        fee_usd,
    })
}

impl LinkPrice {
    /// Border crossed in this direction, if any.
    #[inline]
    pub(crate) fn border(&self, forward: bool) -> Option<&BorderPrice> {
        self.border[usize::from(!forward)].as_ref()
    }
}
