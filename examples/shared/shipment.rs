//! The command-line arguments every example shares for what is shipped and how: cargo,
//! quantity and allowed modes, and how they set a request.

use corridor::{Cargo, CargoKind, Mode, RouteRequest};

/// `--cargo`, `--quantity`, `--modes`.
#[derive(clap::Args, Debug)]
pub struct Shipment {
    /// Cargo: container, bulk, crude-oil, natural-gas or oil-products.
    #[arg(long, default_value = "container")]
    pub cargo: CargoKind,
    /// Quantity: TEU for containers, tonnes otherwise.
    #[arg(long, default_value_t = 1.0, allow_negative_numbers = true)]
    pub quantity: f64,
    /// Allowed modes, comma-separated: rail,road,sea,pipeline (default: all).
    #[arg(long, value_delimiter = ',')]
    pub modes: Option<Vec<Mode>>,
}

impl Shipment {
    /// `req` carrying this cargo by these modes.
    pub fn apply(&self, mut req: RouteRequest) -> RouteRequest {
        req = req.cargo(Cargo::new(self.cargo, self.quantity));
        req.modes = self.modes.clone();
        req
    }
}
