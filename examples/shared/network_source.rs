//! The command-line arguments of examples that route on a network of the user's: the file,
//! import options, healing and merging with the built-in network, and how they load it.

use std::path::PathBuf;

use corridor::{ImportOptions, Mode, Network};

/// `--network`, `--links`, `--mode`, `--gauge`, `--country`, `--heal`, `--merge`,
/// `--merge-ids`.
#[derive(clap::Args, Debug)]
pub struct NetworkSource {
    /// Route on this network instead of the built-in one: the crate's JSON, GeoJSON
    /// (.geojson, or a top-level "type"), or a place CSV (with --links); gzipped or not.
    #[arg(long)]
    pub network: Option<PathBuf>,
    /// The link CSV, when --network is a place CSV.
    #[arg(long, requires = "network")]
    pub links: Option<PathBuf>,
    /// Mode of imported links that do not say (rail, road, sea, pipeline).
    #[arg(long, default_value = "rail")]
    pub mode: Mode,
    /// Gauge in mm of every imported rail link that gives none (default: its countries').
    #[arg(long, value_name = "MM", requires = "network")]
    pub gauge: Option<u16>,
    /// Country (ISO code) of every imported place that gives none (default: from its
    /// coordinates).
    #[arg(long, value_name = "CODE", requires = "network")]
    pub country: Option<String>,
    /// Join pieces of the network whose nearest places are at most KM apart.
    #[arg(long, value_name = "KM", allow_negative_numbers = true)]
    pub heal: Option<f64>,
    /// Merge the --network with the built-in network, connecting places at most KM apart.
    #[arg(
        long,
        value_name = "KM",
        requires = "network",
        allow_negative_numbers = true
    )]
    pub merge: Option<f64>,
    /// With --merge, what to do with ids the file shares with the built-in network: refuse,
    /// rename, unify (the same place) or prefix:TEXT.
    #[arg(
        long = "merge-ids",
        value_name = "HOW",
        default_value = "refuse",
        requires = "merge"
    )]
    pub merge_ids: corridor::IdClash,
}

impl NetworkSource {
    /// The network the arguments name: the built-in one without `--network`.
    pub fn load(&self) -> Result<Network, corridor::DataError> {
        let Some(file) = &self.network else {
            return Ok(Network::central_asia());
        };
        let mut open = Network::open(file).options(ImportOptions {
            default_mode: self.mode,
            gauge_mm: self.gauge,
            country: self.country.clone(),
            ..ImportOptions::default()
        });
        if let Some(links) = &self.links {
            open = open.links(links);
        }
        if let Some(km) = self.heal {
            open = open.heal(km, self.mode);
        }
        if let Some(km) = self.merge {
            open = open
                .merge_with_builtin(km)
                .merge_ids(self.merge_ids.clone());
        }
        let opened = open.load()?;
        if self.heal.is_some() {
            eprintln!("healing: {} links added", opened.healed.len());
        }
        if self.merge.is_some() {
            eprintln!("merge: {} connecting links", opened.connectors.len());
        }
        Ok(opened.network)
    }
}
