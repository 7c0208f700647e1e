//! One vocabulary for every format: the same loosely written values read the same through
//! CSV and GeoJSON, and every enum's names are its serde names.

use corridor::{
    CargoKind, Commodity, ImportOptions, Mode, Network, NetworkData, Objective, PlaceKind, Status,
    TransferKind,
};
use serde_json::{json, Value};

/// Loosely written values of a place and a link.
#[derive(Clone, Copy)]
struct Loose {
    country: &'static str,
    kind: &'static str,
    mode: &'static str,
    status: &'static str,
    commodity: &'static str,
}

/// A place and a link written with the given loose values, read through CSV.
fn through_csv(v: &Loose) -> NetworkData {
    let Loose {
        country,
        kind,
        mode,
        status,
        commodity,
    } = *v;
    let places = format!("id,lat,lon,country,kind\na,45,70,{country},{kind}\nb,45,71,{country},\n");
    let links =
        format!("from,to,length_km,mode,status,commodity\na,b,80,{mode},{status},{commodity}\n");
    NetworkData::from_csv(
        places.as_bytes(),
        links.as_bytes(),
        "p.csv",
        "l.csv",
        &ImportOptions::default(),
    )
    .unwrap()
}

/// The same, read through GeoJSON.
fn through_geojson(v: &Loose) -> NetworkData {
    let Loose {
        country,
        kind,
        mode,
        status,
        commodity,
    } = *v;
    let point = |id: &str, lon: f64, kind: Option<&str>| {
        let mut props = json!({"country": country});
        if let Some(k) = kind {
            props["kind"] = Value::String(k.into());
        }
        json!({"type": "Feature", "id": id, "properties": props,
               "geometry": {"type": "Point", "coordinates": [lon, 45.0]}})
    };
    let line = json!({"type": "Feature", "id": "l0",
        "properties": {"length_km": 80, "mode": mode, "status": status, "commodity": commodity},
        "geometry": {"type": "LineString", "coordinates": [[70.0, 45.0], [71.0, 45.0]]}});
    let fc = json!({"type": "FeatureCollection",
                    "features": [point("a", 70.0, Some(kind)), point("b", 71.0, None), line]});
    NetworkData::from_geojson_str(&fc.to_string(), "t.geojson", &ImportOptions::default()).unwrap()
}

#[test]
fn loose_values_read_alike_in_csv_and_geojson() {
    // Lower-case country, spaces for underscores, an alias status, a spoken commodity.
    let v = Loose {
        country: "kz",
        kind: "Dry Port",
        mode: "Pipeline",
        status: "open",
        commodity: "crude oil",
    };
    let (csv, geo) = (through_csv(&v), through_geojson(&v));
    for data in [&csv, &geo] {
        let (p, l) = (&data.places[0], &data.links[0]);
        assert_eq!(p.country, "KZ");
        assert_eq!(p.kind, PlaceKind::DryPort);
        assert_eq!(l.mode, Mode::Pipeline);
        assert_eq!(l.status, Status::Operational);
        assert_eq!(l.commodity, Some(Commodity::CrudeOil));
    }
    // Both readers make the same place and link fields of them (ids, sources and the
    // geometry-derived parts aside, which differ by format).
    assert_eq!(
        (
            csv.places[0].country.clone(),
            csv.places[0].kind,
            csv.links[0].status
        ),
        (
            geo.places[0].country.clone(),
            geo.places[0].kind,
            geo.links[0].status
        )
    );
    // And the network takes them.
    for (data, name) in [(csv, "csv"), (geo, "geojson")] {
        assert!(Network::from_data(data, name).is_ok(), "{name}");
    }
}

#[test]
fn unknown_names_are_refused_alike_with_the_same_list() {
    let csv = Network::from_csv_readers(
        "id,lat,lon\na,45,70\nb,45,71\n".as_bytes(),
        "from,to,length_km,status\na,b,8,closed\n".as_bytes(),
        "p.csv",
        "l.csv",
        &ImportOptions::default(),
    )
    .unwrap_err();
    let fc = json!({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"status": "closed"},
         "geometry": {"type": "LineString", "coordinates": [[70.0, 45.0], [71.0, 45.0]]}}]});
    let geo = Network::from_geojson_str(&fc.to_string(), "t.geojson", &ImportOptions::default())
        .unwrap_err();
    let expected = "`closed` is not a status (expected operational, under_construction or planned)";
    assert!(csv.to_string().ends_with(expected), "{csv}");
    assert!(geo.to_string().ends_with(expected), "{geo}");
}

#[test]
fn a_field_given_under_a_name_of_its_file_is_reported_under_it() {
    let bad = |props: Value| {
        let fc = json!({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": props,
             "geometry": {"type": "LineString", "coordinates": [[70.0, 45.0], [71.0, 45.0]]}}]});
        match Network::from_geojson_str(&fc.to_string(), "t.geojson", &ImportOptions::default()) {
            Err(corridor::DataError::Invalid { field, .. }) => field,
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(bad(json!({"duration_hours": -1})), "duration_hours");
    assert_eq!(bad(json!({"transit_hours": -1})), "transit_hours");
    assert_eq!(bad(json!({"cost_per_tkm": -1})), "cost_per_tkm");
    assert_eq!(
        bad(json!({"tariff": {"usd_per_tonne_km": -1, "source": "x"}})),
        "tariff.usd_per_tonne_km"
    );
    let csv = |header: &str, value: &str| {
        let links = format!("from,to,length_km,{header}\na,b,8,{value}\n");
        let e = Network::from_csv_readers(
            "id,lat,lon\na,45,70\nb,45,71\n".as_bytes(),
            links.as_bytes(),
            "p.csv",
            "l.csv",
            &ImportOptions::default(),
        )
        .unwrap_err();
        match e {
            corridor::DataError::Invalid { field, .. } => field,
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(csv("duration_hours", "-1"), "duration_hours");
    assert_eq!(csv("cost_per_tkm", "-1"), "cost_per_tkm");
    assert_eq!(
        csv(
            "json",
            "\"{\"\"transit_hours\"\": {\"\"value\"\": -1, \"\"source\"\": \"\"x\"\"}}\""
        ),
        "transit_hours"
    );
}

#[test]
fn enum_names_are_serde_names() {
    // Display and FromStr agree with serde for the wire names, and accept the aliases.
    for m in Mode::ALL {
        let wire = serde_json::to_value(m).unwrap();
        assert_eq!(Value::String(m.to_string()), wire);
        assert_eq!(m.to_string().parse::<Mode>().unwrap(), m);
    }
    for (text, kind) in [
        ("natural-gas", CargoKind::NaturalGas),
        ("gas", CargoKind::NaturalGas),
        ("Crude Oil", CargoKind::CrudeOil),
        ("teu", CargoKind::Container),
    ] {
        assert_eq!(text.parse::<CargoKind>().unwrap(), kind, "{text}");
    }
    assert_eq!("fastest".parse::<Objective>().unwrap(), Objective::Time);
    assert_eq!(
        "rail-road".parse::<TransferKind>().unwrap(),
        TransferKind::RailRoad
    );
    // Commodity's Display is spoken; its wire name is serde's.
    assert_eq!(Commodity::NaturalGas.to_string(), "natural gas");
    assert_eq!(
        serde_json::to_value(Commodity::NaturalGas).unwrap(),
        json!("natural-gas")
    );
    let e = "hovercraft".parse::<Mode>().unwrap_err();
    assert_eq!(
        e.to_string(),
        "`hovercraft` is not a mode (expected rail, road, sea or pipeline)"
    );
}
