//! Writing a network as a place file and a link file that read back into the same records.

use std::io::Write;

use ::csv::{StringRecord, WriterBuilder};

use crate::io::ImportOptions;
use crate::model::names::wire_name;
use crate::model::{Link, Place, Sourced};
use crate::Network;

use super::patch::patch_for;
use super::reader::{Layout, Row};
use super::records::{link_from_row, place_from_row, LINK_COLUMNS, LINK_EXPORT, PLACE_COLUMNS};

/// [`Network::write_csv`].
pub(crate) fn write(net: &Network, places: impl Write, links: impl Write) -> std::io::Result<()> {
    let invalid = |what: String| std::io::Error::new(std::io::ErrorKind::InvalidData, what);

    let mut w = WriterBuilder::new().from_writer(places);
    w.write_record(PLACE_COLUMNS)?;
    let layout = Layout::fixed(PLACE_COLUMNS.len());
    for p in net.places() {
        let p = p.to_place();
        let mut cols: Vec<String> = vec![
            p.id.clone(),
            num(p.lat()),
            num(p.lon()),
            p.name.clone(),
            p.country.clone(),
            wire_name(p.kind).to_string(),
        ];
        let rec = StringRecord::from(cols.clone());
        let mut base = Place::new("", "", 0.0, 0.0);
        place_from_row(&Row::new(&rec, &layout), &mut base)
            .map_err(|b| invalid(format!("place {}: {}: {}", p.id, b.field, b.problem)))?;
        cols.push(
            patch_for(&base, &p)
                .ok_or_else(|| invalid(format!("place {}: cannot be written losslessly", p.id)))?,
        );
        w.write_record(&cols)?;
    }
    w.flush()?;

    let mut w = WriterBuilder::new().from_writer(links);
    w.write_record(&LINK_COLUMNS[..LINK_EXPORT])?;
    let layout = Layout::fixed(LINK_EXPORT);
    let opts = ImportOptions::default();
    for (i, l) in net.links().iter().enumerate() {
        let km = l.length_km();
        let l = l.to_link();
        let opt = |v: Option<f64>| v.map(num).unwrap_or_default();
        let mut cols: Vec<String> = vec![
            l.id.clone(),
            l.from.clone(),
            l.to.clone(),
            opt(l.length_km.as_ref().map(|_| km)),
            wire_name(l.mode).to_string(),
            l.gauges
                .iter()
                .map(|g| g.mm().to_string())
                .collect::<Vec<_>>()
                .join(";"),
            l.oneway.to_string(),
            wire_name(l.status).to_string(),
            l.year
                .as_ref()
                .map(|m| m.year.to_string())
                .unwrap_or_default(),
            opt(l.transit_hours.as_ref().map(|s| s.value)),
            opt(l.speed_kmh.as_ref().map(|s| s.value)),
            l.commodity.map(wire_name).unwrap_or_default().to_string(),
        ];
        let rec = StringRecord::from(cols.clone());
        let mut base = Link::new("", "", "", l.mode, Sourced::new(0.0, ""));
        link_from_row(&Row::new(&rec, &layout), i, &opts, &mut base)
            .map_err(|b| invalid(format!("link {}: {}: {}", l.id, b.field, b.problem)))?;
        cols.push(
            patch_for(&base, &l)
                .ok_or_else(|| invalid(format!("link {}: cannot be written losslessly", l.id)))?,
        );
        w.write_record(&cols)?;
    }
    w.flush()?;
    Ok(())
}

/// A number in the shortest form that reads back as the same `f64`.
fn num(x: f64) -> String {
    x.to_string()
}
