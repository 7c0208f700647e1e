//! Link prices prepared once from the cost model, so that pricing an edge during a search
//! is a handful of multiplications.

use super::tables::{LinkRow, Tables, NONE};
use super::views::{LinkRef, PlaceRef};
use crate::cost::{CostModel, Duration, LinkTimeFigures};
use crate::geometry::chord_km;
use crate::model::{BorderPost, Cargo, CargoKind};

/// The cargo-independent parts of a link's price, per unit of cargo. 96 bytes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LinkPrice {
    /// Running time, hours.
    pub(crate) hours: Duration,
    /// Wait for a departure, hours, without a departure time (see
    /// [`CostModel::departure_wait`]).
    pub(crate) wait: Duration,
    /// USD per TEU for the whole link.
    pub(crate) usd_per_teu: f64,
    /// USD per tonne for the whole link.
    pub(crate) usd_per_tonne: f64,
    /// kg CO2 per tonne for the whole link.
    pub(crate) co2_per_tonne: f64,
    /// Straight-line (chord) distance between the ends through the Earth, km: a lower bound
    /// of the great-circle distance, used by the A* bound.
    pub(crate) chord_km: f64,
    /// Border crossed going forward (`[0]`) and backward (`[1]`): an index into
    /// [`Prices::borders`], or [`NONE`].
    border: [u32; 2],
}

/// Where and at what price formalities happen when a link crosses a border.
#[derive(Debug, Clone)]
pub(crate) struct BorderPrice {
    /// Place index of the post, when a place's post serves the crossing; `None` when the
    /// crossing is on the link (its own post, or none known).
    pub(crate) at: Option<u32>,
    /// The post's name when it is not the place's.
    pub(crate) post_name: Option<String>,
    /// Dwell, hours.
    pub(crate) hours: Duration,
    /// Fee per consignment, USD.
    pub(crate) fee_usd: f64,
}

/// Prices of every link, in file order, and of the border crossings a few of them make.
#[derive(Debug, Clone, Default)]
pub(crate) struct Prices {
    links: Vec<LinkPrice>,
    borders: Vec<BorderPrice>,
    /// Whether some link has a timetable.
    pub(crate) timetables: bool,
}

impl Prices {
    /// Prices every link of `tables` with `cost`; `xyz` are the places' points in space.
    pub(crate) fn new(tables: &Tables, xyz: &[[f64; 3]], cost: &CostModel) -> Prices {
        let teu = Cargo::new(CargoKind::Container, 1.0);
        let tonne = Cargo::new(CargoKind::Bulk, 1.0);
        let mut borders = Vec::new();
        let mut timetables = false;
        let links = (0..tables.links.len() as u32)
            .map(|i| {
                let l = LinkRef::new(tables, i);
                let row: &LinkRow = &tables.links[i as usize];
                let per_teu = cost.link_ref(l, &teu);
                let per_tonne = cost.link_ref(l, &tonne);
                timetables |= l.timetable().is_some();
                let (a, b) = (row.from, row.to);
                let mut border = |from: u32, to: u32| match border_price(tables, l, from, to, cost)
                {
                    Some(p) => {
                        borders.push(p);
                        (borders.len() - 1) as u32
                    }
                    None => NONE,
                };
                LinkPrice {
                    hours: per_teu.duration(),
                    wait: cost.departure_wait(l.mode(), &LinkTimeFigures::of_ref(l)),
                    usd_per_teu: per_teu.cost_usd,
                    usd_per_tonne: per_tonne.cost_usd,
                    co2_per_tonne: per_tonne.co2_kg,
                    chord_km: chord_km(&xyz[a as usize], &xyz[b as usize]),
                    border: [border(a, b), border(b, a)],
                }
            })
            .collect();
        Prices {
            links,
            borders,
            timetables,
        }
    }

    /// The price of link `i`.
    #[inline]
    pub(crate) fn link(&self, i: u32) -> &LinkPrice {
        &self.links[i as usize]
    }

    /// The border link `i` crosses in this direction, if any.
    #[inline]
    pub(crate) fn border(&self, i: u32, forward: bool) -> Option<&BorderPrice> {
        match self.links[i as usize].border[usize::from(!forward)] {
            NONE => None,
            b => self.borders.get(b as usize),
        }
    }
}

/// The border crossed going from place `a` to place `b` on link `l`: `None` within one
/// country. Formalities happen at the link's own post, else at the arrival place's post, else
/// at the departure place's, if that post serves this border; with none, somewhere on the
/// link, with the cost model's defaults.
fn border_price(
    tables: &Tables,
    l: LinkRef<'_>,
    a: u32,
    b: u32,
    cost: &CostModel,
) -> Option<BorderPrice> {
    let (pa, pb) = (PlaceRef::new(tables, a), PlaceRef::new(tables, b));
    let (ca, cb) = (pa.country(), pb.country());
    // Unknown countries (empty) never make a border.
    if ca == cb || ca.is_empty() || cb.is_empty() {
        return None;
    }
    let serves = |p: &&BorderPost| p.serves(ca, cb);
    let (at, post) = match (
        l.border(),
        pb.border().filter(serves),
        pa.border().filter(serves),
    ) {
        (Some(p), _, _) => (None, Some(p)),
        (None, Some(p), _) => (Some(b), Some(p)),
        (None, None, Some(p)) => (Some(a), Some(p)),
        (None, None, None) => (None, None),
    };
    let (hours, fee_usd) = cost.border(l.mode(), post, ca, cb);
    Some(BorderPrice {
        at,
        post_name: post.and_then(|p| p.name.clone()),
        hours,
        fee_usd,
    })
}
