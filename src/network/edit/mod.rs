//! Editing a network into a new one: healing gaps between its pieces, merging two networks.
//! Both add links of their own making, marked in their properties, and rebuild the network.

mod heal;
mod merge;

pub use merge::IdClash;

use std::collections::HashMap;

use super::build::{first, Builder};
use super::Network;
use crate::error::DataError;
use crate::model::{Gauge, Link};

impl Network {
    /// `links` added to `b`, then the network built, priced with this network's cost model.
    fn rebuilt(
        &self,
        mut b: Builder,
        links: impl Iterator<Item = Link>,
    ) -> Result<Network, DataError> {
        for mut l in links {
            if let Some(e) = b.link(&mut l).into_iter().next() {
                return Err(e);
            }
        }
        b.finish()
            .map_err(first)?
            .with_cost_model(self.cost_model().clone())
    }

    /// The rail gauges of the links at each of `places`, in one pass over the links.
    fn gauges_at(&self, places: impl Iterator<Item = u32>) -> HashMap<u32, Vec<Gauge>> {
        let mut gauges: HashMap<u32, Vec<Gauge>> = places.map(|p| (p, Vec::new())).collect();
        for l in self.links() {
            for end in [l.from().index() as u32, l.to().index() as u32] {
                if let Some(g) = gauges.get_mut(&end) {
                    g.extend_from_slice(l.gauges());
                }
            }
        }
        gauges
    }
}

/// The gauges of a new rail link joining places with these gauges: all of them, sorted and
/// distinct, or 1435 mm when neither has a rail link.
fn joined_gauges<'a>(at: impl Iterator<Item = &'a Vec<Gauge>>) -> Vec<Gauge> {
    let mut g: Vec<Gauge> = at.flatten().copied().collect();
    g.sort();
    g.dedup();
    if g.is_empty() {
        g.push(Gauge::Standard);
    }
    g
}
