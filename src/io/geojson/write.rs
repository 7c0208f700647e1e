//! GeoJSON out: a network as a FeatureCollection that reads back into the same records, and
//! a route as legs, transfers and border crossings any map tool draws.

use geojson::feature::Id;
use geojson::{Feature, FeatureCollection, Geometry, JsonObject};
use serde_json::{json, Value};

use crate::model::{Corridor, Link, NetworkData, Place, Source};
use crate::{Network, Route};

/// [`Network::to_geojson`].
pub(crate) fn write_network(net: &Network) -> String {
    collection(
        net.meta(),
        net.sources(),
        net.corridors(),
        net.places().iter().map(|p| p.to_place()),
        net.links().iter().map(|l| l.to_link()),
        |id| net.place_by_id(id).map(|p| [p.lon(), p.lat()]),
    )
}

/// [`NetworkData::to_geojson`].
pub(crate) fn write_data(data: &NetworkData) -> String {
    let location: std::collections::HashMap<&str, [f64; 2]> = data
        .places
        .iter()
        .map(|p| (p.id.as_str(), [p.lon(), p.lat()]))
        .collect();
    collection(
        &data.meta,
        &data.sources,
        &data.corridors,
        data.places.iter().cloned(),
        data.links.iter().cloned(),
        |id| location.get(id).copied(),
    )
}

/// Places as Points and links as LineStrings (their geometry, or the line between their
/// ends' `location`s, else none), with the records' other fields as properties.
fn collection(
    meta: &serde_json::Map<String, Value>,
    sources: &[Source],
    corridors: &[Corridor],
    places: impl Iterator<Item = Place>,
    links: impl Iterator<Item = Link>,
    location: impl Fn(&str) -> Option<[f64; 2]>,
) -> String {
    let mut features = Vec::new();
    for p in places {
        let mut props = record_object(&p);
        props.remove("location");
        features.push(feature(
            &p.id,
            Some(Geometry::new_point([p.lon(), p.lat()])),
            props,
        ));
    }
    for l in links {
        let mut props = record_object(&l);
        props.remove("geometry");
        let line = match &l.geometry {
            Some(g) => Some(g.clone()),
            None => match (location(&l.from), location(&l.to)) {
                (Some(a), Some(b)) => Some(vec![a, b]),
                _ => None,
            },
        };
        features.push(feature(&l.id, line.map(Geometry::new_line_string), props));
    }
    let mut members = JsonObject::new();
    if !meta.is_empty() {
        members.insert("meta".into(), Value::Object(meta.clone()));
    }
    if !sources.is_empty() {
        members.insert("sources".into(), to_value(&sources));
    }
    if !corridors.is_empty() {
        members.insert("corridors".into(), to_value(&corridors));
    }
    let fc = FeatureCollection {
        bbox: None,
        features,
        foreign_members: (!members.is_empty()).then_some(members),
    };
    serde_json::to_string(&fc).expect("a FeatureCollection always serialises")
}

/// [`Route::to_geojson`].
pub(crate) fn write_route(route: &Route, net: &Network) -> String {
    let at = |id: &str| net.place_by_id(id).map(|p| [p.lon(), p.lat()]);

    let mut features = Vec::new();
    for leg in &route.legs {
        let mut coords: Vec<[f64; 2]> = Vec::new();
        // Consecutive links share their junction vertex: keep it once.
        let push = |coords: &mut Vec<[f64; 2]>, pts: Vec<[f64; 2]>| {
            for p in pts {
                if coords.last() != Some(&p) {
                    coords.push(p);
                }
            }
        };
        let mut here = leg.from.as_str();
        for id in &leg.links {
            let Some(link) = net.link_by_id(id) else {
                continue;
            };
            let (from, to) = (link.from().id(), link.to().id());
            // Travelled backwards when the leg reaches it at its `to` end.
            let forward = !(to == here && from != here);
            let mut pts = match link.geometry() {
                Some(g) => g.to_vec(),
                None => [at(from), at(to)].into_iter().flatten().collect(),
            };
            if !forward {
                pts.reverse();
            }
            push(&mut coords, pts);
            here = if forward { to } else { from };
        }
        if coords.len() < 2 {
            // No link geometry at all (e.g. a route planned on another network): the
            // straight line between the leg's ends.
            push(
                &mut coords,
                [at(&leg.from), at(&leg.to)].into_iter().flatten().collect(),
            );
        }
        let m = &leg.measures;
        let mut props = json!({
            "kind": "leg",
            "mode": leg.mode,
            "carrier": leg.carrier,
            "from": leg.from,
            "to": leg.to,
            "distance_km": m.distance_km,
            "duration_hours": m.duration_hours,
            "duration_best_hours": m.duration_best_hours,
            "duration_worst_hours": m.duration_worst_hours,
            "cost_usd": m.cost_usd,
            "co2_kg": m.co2_kg,
            "estimated_km": leg.estimated_km,
            "corridors": leg.corridors,
            "links": leg.links,
        });
        if let Some(at) = leg.arrives_at {
            props["arrives_at"] = json!(at);
        }
        let geometry = match coords.len() {
            0 => None,
            1 => Some(Geometry::new_line_string([coords[0], coords[0]])),
            _ => Some(Geometry::new_line_string(coords)),
        };
        features.push(feature_without_id(geometry, props));
    }
    for t in &route.transfers {
        let props = json!({
            "kind": "transfer",
            "place": t.place,
            "from_mode": t.from_mode,
            "to_mode": t.to_mode,
            "transfer": t.kind,
            "hours": t.hours,
            "hours_best": t.hours_best,
            "hours_worst": t.hours_worst,
            "cost_usd": t.cost_usd,
        });
        features.push(feature_without_id(
            at(&t.place).map(Geometry::new_point),
            props,
        ));
    }
    for b in &route.border_crossings {
        let mut props = json!({
            "kind": "border_crossing",
            "link": b.link,
            "between": b.between,
            "from_country": b.from_country,
            "to_country": b.to_country,
            "hours": b.hours,
            "hours_best": b.hours_best,
            "hours_worst": b.hours_worst,
            "cost_usd": b.cost_usd,
        });
        if let Some(post) = &b.post {
            props["post"] = Value::String(post.clone());
        }
        // At the post's place, else halfway along the crossing link.
        let point = match &b.place {
            Some(p) => {
                props["place"] = Value::String(p.clone());
                at(p)
            }
            None => match (at(&b.between[0]), at(&b.between[1])) {
                (Some(a), Some(z)) => Some([(a[0] + z[0]) / 2.0, (a[1] + z[1]) / 2.0]),
                _ => None,
            },
        };
        features.push(feature_without_id(point.map(Geometry::new_point), props));
    }
    let mut members = JsonObject::new();
    members.insert(
        "route".into(),
        json!({
            "from": route.from,
            "to": route.to,
            "objective": route.objective,
            "cargo": route.cargo,
            "totals": route.totals,
            "departs_at": route.departs_at,
            "arrives_at": route.arrives_at,
            "countries": route.countries,
            "path": route.path,
        }),
    );
    let fc = FeatureCollection {
        bbox: None,
        features,
        foreign_members: Some(members),
    };
    serde_json::to_string(&fc).expect("a FeatureCollection always serialises")
}

fn to_value<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).expect("records serialise to JSON")
}

/// A record's serde form as a JSON object.
fn record_object<T: serde::Serialize>(record: &T) -> JsonObject {
    match to_value(record) {
        Value::Object(m) => m,
        _ => unreachable!("places and links serialise to objects"),
    }
}

fn feature(id: &str, geometry: Option<Geometry>, properties: JsonObject) -> Feature {
    Feature {
        bbox: None,
        geometry,
        id: Some(Id::String(id.to_string())),
        properties: Some(properties),
        foreign_members: None,
    }
}

fn feature_without_id(geometry: Option<Geometry>, properties: Value) -> Feature {
    let Value::Object(properties) = properties else {
        unreachable!("json!({{..}}) is an object")
    };
    Feature {
        bbox: None,
        geometry,
        id: None,
        properties: Some(properties),
        foreign_members: None,
    }
}
