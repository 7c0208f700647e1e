//! The names of the model's enums, taken from their serde definitions.
//!
//! An enum's wire name (`under_construction`, `natural-gas`, `rail-road`) is written once, in
//! its `#[serde(rename…)]` attributes, and its accepted alternatives once, as
//! `#[serde(alias…)]`. Everything else — `FromStr`, the CSV and GeoJSON field parsers, the CSV
//! writer, the "expected …" lists of error messages — reads them from there.

use std::fmt;

use serde::de::value::{Error as ValueError, StrDeserializer};
use serde::de::{DeserializeOwned, IntoDeserializer};
use serde::{ser, Serialize};

/// An enum of unit variants whose names are a vocabulary of the data format.
pub(crate) trait Vocabulary: Copy + Serialize + DeserializeOwned + 'static {
    /// What a value is, with its article, in messages: "a mode", "a kind of place".
    const WHAT: &'static str;
    /// Every value, in the order the "expected …" lists give them.
    const ALL: &'static [Self];
}

/// A name given for an enum that has no such value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{given}` is not {what} (expected {expected})")]
pub struct UnknownName {
    /// What kind of name was expected, e.g. `a mode`.
    pub what: &'static str,
    /// What was given.
    pub given: String,
    /// The accepted names, e.g. `rail, road, sea or pipeline`.
    pub expected: String,
}

/// The wire name of a unit variant, as its serde attributes spell it.
pub(crate) fn wire_name<T: Vocabulary>(value: T) -> &'static str {
    // Unit variants of a derived `Serialize` always go through `serialize_unit_variant`.
    value
        .serialize(VariantName)
        .expect("vocabulary enums have unit variants only")
}

/// `rail, road, sea or pipeline`: every wire name of `T`.
pub(crate) fn expected<T: Vocabulary>() -> String {
    let names: Vec<&str> = T::ALL.iter().map(|&v| wire_name(v)).collect();
    match names.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// Reads a name loosely written: case and surrounding spaces do not matter, and spaces,
/// hyphens and underscores are interchangeable (`Under construction`, `natural_gas`).
/// Aliases declared on the enum are accepted the same way.
pub(crate) fn parse<T: Vocabulary>(given: &str) -> Result<T, UnknownName> {
    // Names as written in the data, the common case, need no copy.
    let de: StrDeserializer<'_, ValueError> = given.into_deserializer();
    if let Ok(v) = T::deserialize(de) {
        return Ok(v);
    }
    let lower = given.trim().to_lowercase();
    let candidates = [
        lower.clone(),
        lower.replace([' ', '-'], "_"),
        lower.replace([' ', '_'], "-"),
    ];
    for c in &candidates {
        let de: StrDeserializer<'_, ValueError> = c.as_str().into_deserializer();
        if let Ok(v) = T::deserialize(de) {
            return Ok(v);
        }
    }
    Err(UnknownName {
        what: T::WHAT,
        given: given.trim().to_string(),
        expected: expected::<T>(),
    })
}

/// A wire name made readable: separators become spaces (`under construction`).
pub(crate) fn spoken<T: Vocabulary>(value: T, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    for (i, word) in wire_name(value).split(['_', '-']).enumerate() {
        if i > 0 {
            f.write_str(" ")?;
        }
        f.write_str(word)?;
    }
    Ok(())
}

/// A serializer that only captures a unit variant's name.
struct VariantName;

#[derive(Debug)]
struct NotAUnitVariant;

impl fmt::Display for NotAUnitVariant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a unit variant")
    }
}

impl std::error::Error for NotAUnitVariant {}

impl ser::Error for NotAUnitVariant {
    fn custom<T: fmt::Display>(_: T) -> Self {
        NotAUnitVariant
    }
}

/// The serializer methods a unit variant never calls.
macro_rules! refuse {
    ($($method:ident($($arg:ty),*)),* $(,)?) => {
        $(fn $method(self, $(_: $arg),*) -> Result<Self::Ok, Self::Error> {
            Err(NotAUnitVariant)
        })*
    };
}

impl ser::Serializer for VariantName {
    type Ok = &'static str;
    type Error = NotAUnitVariant;
    type SerializeSeq = ser::Impossible<&'static str, NotAUnitVariant>;
    type SerializeTuple = ser::Impossible<&'static str, NotAUnitVariant>;
    type SerializeTupleStruct = ser::Impossible<&'static str, NotAUnitVariant>;
    type SerializeTupleVariant = ser::Impossible<&'static str, NotAUnitVariant>;
    type SerializeMap = ser::Impossible<&'static str, NotAUnitVariant>;
    type SerializeStruct = ser::Impossible<&'static str, NotAUnitVariant>;
    type SerializeStructVariant = ser::Impossible<&'static str, NotAUnitVariant>;

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<&'static str, NotAUnitVariant> {
        Ok(variant)
    }

    refuse!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_str(&str),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str),
    );

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<Self::Ok, Self::Error> {
        Err(NotAUnitVariant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<Self::Ok, Self::Error> {
        Err(NotAUnitVariant)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Self::Ok, Self::Error> {
        Err(NotAUnitVariant)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Self::Error> {
        Err(NotAUnitVariant)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Self::Error> {
        Err(NotAUnitVariant)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Self::Error> {
        Err(NotAUnitVariant)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Self::Error> {
        Err(NotAUnitVariant)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Self::Error> {
        Err(NotAUnitVariant)
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, Self::Error> {
        Err(NotAUnitVariant)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Self::Error> {
        Err(NotAUnitVariant)
    }
}

/// `impl FromStr` and `impl Display` for a vocabulary enum. `Display` is the wire name, or
/// with `spoken` the wire name with spaces for separators.
macro_rules! vocabulary {
    ($ty:ty, $what:literal, [$($v:expr),+ $(,)?] $(, $display:ident)?) => {
        impl $crate::model::names::Vocabulary for $ty {
            const WHAT: &'static str = $what;
            const ALL: &'static [Self] = &[$($v),+];
        }

        impl std::str::FromStr for $ty {
            type Err = $crate::model::UnknownName;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $crate::model::names::parse(s)
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                vocabulary!(@display self, f $(, $display)?)
            }
        }
    };
    (@display $self:ident, $f:ident) => {
        $f.write_str($crate::model::names::wire_name(*$self))
    };
    (@display $self:ident, $f:ident, spoken) => {
        $crate::model::names::spoken(*$self, $f)
    };
}
pub(crate) use vocabulary;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CargoKind, Commodity, Mode, PlaceKind, Status, TransferKind};

    #[test]
    fn wire_names_are_serdes() {
        for &k in PlaceKind::ALL {
            assert_eq!(
                serde_json::to_value(k).unwrap(),
                serde_json::Value::String(wire_name(k).into())
            );
        }
        assert_eq!(wire_name(Status::UnderConstruction), "under_construction");
        assert_eq!(wire_name(Commodity::NaturalGas), "natural-gas");
        assert_eq!(wire_name(TransferKind::RailRoad), "rail-road");
    }

    #[test]
    fn loose_spellings_and_aliases_parse() {
        assert_eq!(
            parse::<Status>(" Under Construction "),
            Ok(Status::UnderConstruction)
        );
        assert_eq!(parse::<Status>("open"), Ok(Status::Operational));
        assert_eq!(parse::<Commodity>("natural_gas"), Ok(Commodity::NaturalGas));
        assert_eq!(parse::<Commodity>("Natural gas"), Ok(Commodity::NaturalGas));
        assert_eq!(parse::<Mode>("RAILWAY"), Ok(Mode::Rail));
        assert_eq!(parse::<PlaceKind>("dry-port"), Ok(PlaceKind::DryPort));
        assert_eq!(parse::<CargoKind>("crude oil"), Ok(CargoKind::CrudeOil));
        let e = parse::<Mode>("plane").unwrap_err();
        assert_eq!(
            e.to_string(),
            "`plane` is not a mode (expected rail, road, sea or pipeline)"
        );
    }

    #[test]
    fn spoken_names_replace_separators() {
        assert_eq!(Status::UnderConstruction.to_string(), "under construction");
        assert_eq!(Commodity::OilProducts.to_string(), "oil products");
    }
}
