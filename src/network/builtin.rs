//! The network shipped inside the crate.

use std::sync::OnceLock;

use super::Network;

/// The built-in data file, embedded at compile time.
pub(crate) const CENTRAL_ASIA_JSON: &str = include_str!("../../data/central_asia.json");

/// The built-in network, validated once per process.
pub(super) fn central_asia() -> &'static Network {
    static NET: OnceLock<Network> = OnceLock::new();
    NET.get_or_init(|| {
        // The embedded file is checked by this crate's tests, so failure here is a
        // build defect, not a user error.
        Network::from_json_str(CENTRAL_ASIA_JSON, "data/central_asia.json")
            .expect("the built-in network is valid")
    })
}
