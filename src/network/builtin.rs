//! The network shipped inside the crate.

use std::sync::OnceLock;

use super::Network;

/// The built-in data file, embedded at compile time.
pub(crate) const CENTRAL_ASIA_JSON: &str = include_str!("../../data/central_asia.json");

impl Network {
    /// The built-in network of the China–Central Asia–Caspian–Europe corridors: railways,
    /// highways, pipelines and the Caspian and Black Sea crossings, with every figure's source.
    ///
    /// The data (`data/central_asia.json`) are embedded in the crate and validated on first
    /// use; later calls clone the validated network.
    ///
    /// # Example
    /// ```
    /// let net = corridor::Network::central_asia();
    /// assert!(net.corridor_by_id("titr").is_some());
    /// ```
    pub fn central_asia() -> Network {
        static NET: OnceLock<Network> = OnceLock::new();
        NET.get_or_init(|| {
            // The embedded file is checked by this crate's tests, so failure here is a
            // build defect, not a user error.
            Network::from_json_str(CENTRAL_ASIA_JSON, "data/central_asia.json")
                .expect("the built-in network is valid")
        })
        .clone()
    }
}
