//! The loader behind [`Network::open`]: read a file of any format, then heal it and merge it
//! with the built-in network as asked.

use std::path::{Path, PathBuf};

use super::format::Format;
use super::{csv, geojson, json, read_text, ImportOptions};
use crate::error::{DataError, Problems, RecordRef};
use crate::model::{Link, Mode};
use crate::network::validate::Findings;
use crate::{IdClash, Network};

/// What to read and how: made by [`Network::open`], finished by [`Open::load`] or
/// [`Open::check`].
#[derive(Debug, Clone, PartialEq)]
pub struct Open {
    network: PathBuf,
    links: Option<PathBuf>,
    options: ImportOptions,
    heal: Option<(f64, Mode)>,
    merge: Option<f64>,
    ids: IdClash,
}

/// A loaded network, and what healing and merging added to it.
#[derive(Debug, Clone)]
pub struct Opened {
    /// The network, healed and merged as asked.
    pub network: Network,
    /// The links healing added (empty without [`Open::heal`]).
    pub healed: Vec<Link>,
    /// The links that connect the file's network to the built-in one (empty without
    /// [`Open::merge_with_builtin`]).
    pub connectors: Vec<Link>,
}

impl Open {
    pub(crate) fn new(network: &Path) -> Open {
        Open {
            network: network.to_path_buf(),
            links: None,
            options: ImportOptions::default(),
            heal: None,
            merge: None,
            ids: IdClash::Refuse,
        }
    }

    /// The link file, when the network file is a place CSV.
    pub fn links(mut self, path: impl AsRef<Path>) -> Open {
        self.links = Some(path.as_ref().to_path_buf());
        self
    }

    /// How to read what the file does not say (default: [`ImportOptions::default`]).
    pub fn options(mut self, options: ImportOptions) -> Open {
        self.options = options;
        self
    }

    /// Then join pieces whose nearest places are at most `max_gap_km` apart, with links of
    /// `mode` ([`Network::heal`]).
    pub fn heal(mut self, max_gap_km: f64, mode: Mode) -> Open {
        self.heal = Some((max_gap_km, mode));
        self
    }

    /// Then merge the network into the built-in one, connecting places at most `max_km`
    /// apart ([`Network::merge`]).
    pub fn merge_with_builtin(mut self, max_km: f64) -> Open {
        self.merge = Some(max_km);
        self
    }

    /// How the merge settles ids the file shares with the built-in network (default
    /// [`IdClash::Refuse`]; see [`Network::merge_resolving`]).
    pub fn merge_ids(mut self, clash: IdClash) -> Open {
        self.ids = clash;
        self
    }

    /// Reads, heals and merges.
    ///
    /// # Errors
    /// The first problem: [`DataError::Io`] for a file that cannot be read (a broken gzip
    /// stream too), otherwise as the format's reader ([`Network::from_json_str`],
    /// [`Network::from_geojson_str`], [`Network::from_csv_readers`]), [`Network::heal`] and
    /// [`Network::merge`].
    pub fn load(self) -> Result<Opened, DataError> {
        self.run(&mut Findings::first())
            .map_err(|mut problems| problems.swap_remove(0))
    }

    /// [`Open::load`], but every problem of the file is reported, not only the first: each
    /// record that cannot be used, each field of it that is wrong.
    ///
    /// # Example
    /// ```
    /// let dir = std::env::temp_dir();
    /// let (places, links) = (dir.join("corridor_doc_check_p.csv"), dir.join("corridor_doc_check_l.csv"));
    /// std::fs::write(&places, "id,lat,lon\na,43.2,76.9\nb,95,77.0\nc,43.3,abc\n").unwrap();
    /// std::fs::write(&links, "from,to,length_km\na,b,-3\n").unwrap();
    /// let problems = corridor::Network::open(&places).links(&links).check().unwrap_err();
    /// // Line 3's latitude, line 4's longitude, and the link's length.
    /// assert_eq!(problems.0.len(), 3, "{problems}");
    /// ```
    pub fn check(self) -> Result<Opened, Problems> {
        self.run(&mut Findings::all()).map_err(Problems)
    }

    fn run(self, findings: &mut Findings) -> Result<Opened, Vec<DataError>> {
        let mut network = self.read(findings)?;
        let mut healed = Vec::new();
        let mut connectors = Vec::new();
        if let Some((km, mode)) = self.heal {
            let (net, added) = network.heal(km, mode).map_err(|e| vec![e])?;
            network = net;
            healed = added;
        }
        if let Some(km) = self.merge {
            let (net, added) = Network::central_asia()
                .merge_resolving(&network, km, &self.ids)
                .map_err(|e| vec![e])?;
            network = net;
            connectors = added;
        }
        Ok(Opened {
            network,
            healed,
            connectors,
        })
    }

    /// The network of the file, in the format its name says, else its contents.
    fn read(&self, findings: &mut Findings) -> Result<Network, Vec<DataError>> {
        if let Some(links) = &self.links {
            return csv::read_files(&self.network, links, &self.options, findings);
        }
        let by_name = Format::of_name(&self.network);
        if by_name == Some(Format::Csv) {
            return Err(vec![DataError::invalid(
                &self.network.display().to_string(),
                RecordRef::Operation("arguments"),
                "links",
                "a place CSV needs its link CSV as well",
            )]);
        }
        let (text, name) = read_text(&self.network).map_err(|e| vec![e])?;
        match by_name.unwrap_or_else(|| Format::of_text(&text)) {
            Format::GeoJson => geojson::read_network(&text, &name, &self.options, findings),
            // (A CSV name was turned away above.)
            Format::Json | Format::Csv => {
                let data = json::parse(&text, &name).map_err(|e| vec![e])?;
                Network::build(data, &name, findings.keeps_going())
            }
        }
    }
}
