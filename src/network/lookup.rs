//! Finding places by the names people type.

use super::tables::{Strings, Tables};
use super::views::PlaceRef;

/// Normalised spellings → place. Earlier entries win: ids over names over alternate names.
///
/// Keys are interned: key number `k` belongs to place `place[k]`. A place whose id is already
/// in normal form (`xian`, `12345`) is found under its id without a key of its own, so an
/// imported network of numbered junctions costs no index at all.
#[derive(Debug, Clone, Default)]
pub(super) struct NameIndex {
    keys: Strings,
    place: Vec<u32>,
}

/// Lowercase, accents folded, everything but letters and digits dropped:
/// "Xi'an" and "Xian" both become "xian".
pub(crate) fn normalise(s: &str) -> String {
    let mut out = String::new();
    normalise_into(s, &mut out);
    out
}

/// [`normalise`] into a reused buffer.
fn normalise_into(s: &str, out: &mut String) {
    out.clear();
    out.extend(
        s.chars()
            .flat_map(char::to_lowercase)
            .map(fold_accent)
            .filter(|c| c.is_alphanumeric()),
    );
}

fn fold_accent(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' | 'ă' => 'a',
        'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ə' => 'e',
        'í' | 'ì' | 'î' | 'ï' | 'ī' | 'ı' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ō' => 'o',
        'ú' | 'ù' | 'û' | 'ü' | 'ū' => 'u',
        'ç' | 'č' => 'c',
        'ş' | 'ș' | 'š' => 's',
        'ţ' | 'ț' => 't',
        'ğ' => 'g',
        'ł' => 'l',
        'ñ' | 'ń' => 'n',
        'ž' | 'ż' | 'ź' => 'z',
        other => other,
    }
}

/// The spellings under which a place can be found: id, name, the name without a parenthesised
/// qualifier ("Khorgos (China)" → "Khorgos"), each part of a "A / B" name, alternate names.
fn spellings<'a>(p: PlaceRef<'a>) -> impl Iterator<Item = &'a str> {
    let name = p.name();
    let unqualified = name.split(" (").next().filter(|s| s.len() < name.len());
    let parts = name.split(" / ").filter(move |s| s.len() < name.len());
    std::iter::once(p.id())
        .chain(std::iter::once(name))
        .chain(unqualified)
        .chain(parts)
        .chain(p.alt_names().iter().map(String::as_str))
}

impl NameIndex {
    pub(super) fn new(tables: &Tables) -> NameIndex {
        let mut index = NameIndex::default();
        let mut key = String::new();
        // Adds `s`'s key for place `i` unless an earlier entry has it.
        let mut add = |index: &mut NameIndex, s: &str, i: u32, is_id: bool| {
            normalise_into(s, &mut key);
            if key.is_empty() || index.keys.find(&key).is_some() {
                return;
            }
            match tables.place_index(&key) {
                // The key of a place whose id is in normal form: its own, implicitly, or an
                // earlier id's.
                Some(owner) if !(is_id && owner > i) => return,
                _ => {}
            }
            let k = index.keys.intern(&key) as usize;
            debug_assert_eq!(k, index.place.len());
            index.place.push(i);
        };
        let places = (0..tables.places.len() as u32).map(|i| PlaceRef::new(tables, i));
        // Three passes so that an id or a name is never shadowed by another place's
        // alternate spelling.
        for p in places.clone() {
            add(&mut index, p.id(), p.index() as u32, true);
        }
        for p in places.clone() {
            if p.name() != p.id() {
                add(&mut index, p.name(), p.index() as u32, false);
            }
        }
        for p in places {
            let (id, name) = (p.id(), p.name());
            for s in spellings(p).filter(|s| *s != id && *s != name) {
                add(&mut index, s, p.index() as u32, false);
            }
        }
        index.keys.shrink_to_fit();
        index.place.shrink_to_fit();
        index
    }

    /// The place `name` is a spelling of.
    pub(super) fn find(&self, tables: &Tables, name: &str) -> Option<u32> {
        let key = normalise(name);
        match self.keys.find(&key) {
            Some(k) => self.place.get(k as usize).copied(),
            None => tables.place_index(&key),
        }
    }

    /// Up to `n` distinct places whose spellings are closest to `name`, best first.
    pub(super) fn closest(&self, tables: &Tables, name: &str, n: usize) -> Vec<u32> {
        let q = normalise(name);
        let explicit =
            (0..self.keys.len() as u32).map(|k| (self.keys.get(k), self.place[k as usize]));
        let implicit = (0..tables.places.len() as u32)
            .map(|i| (tables.place_ids.get(i), i))
            .filter(|(id, _)| normalise(id) == *id);
        let mut scored: Vec<(f64, u32)> = explicit
            .chain(implicit)
            .map(|(key, i)| (strsim::jaro_winkler(&q, key), i))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut out = Vec::new();
        for (score, i) in scored {
            if score < 0.7 || out.len() == n {
                break;
            }
            if !out.contains(&i) {
                out.push(i);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_in_normal_form_need_no_key_and_keep_their_precedence() {
        use crate::model::{NetworkData, Place};
        let mut data = NetworkData::default();
        // "a-1" comes first and owns the key "a1"; "a1" (already normal) comes later.
        for (id, name) in [
            ("a-1", "First"),
            ("a1", "Second"),
            ("b2", "Xi'an"),
            ("c3", "b2"),
        ] {
            data.places.push(Place::new(id, name, 70.0, 40.0));
        }
        let net = crate::Network::from_data(data, "t").unwrap();
        let (t, ix) = (&net.tables, net.name_index());
        assert_eq!(ix.find(t, "a1"), Some(0));
        assert_eq!(ix.find(t, "A-1"), Some(0));
        assert_eq!(ix.find(t, "xian"), Some(2));
        // An id beats another place's name: "b2" is place 2's id and place 3's name.
        assert_eq!(ix.find(t, "B2"), Some(2));
        assert_eq!(ix.find(t, "c3"), Some(3));
        // Exact ids still win over spellings (the network checks ids first).
        assert_eq!(net.place("a1").unwrap().index(), 1);
        // Suggestions come from keys and from ids in normal form alike.
        assert_eq!(ix.closest(t, "secnd", 1), vec![1]);
        assert_eq!(ix.closest(t, "b22", 1), vec![2]);
    }

    #[test]
    fn normalise_folds_case_accents_and_punctuation() {
        assert_eq!(normalise("Xi'an"), "xian");
        assert_eq!(normalise("Türkmenbaşy"), "turkmenbasy");
        assert_eq!(normalise("Sary-Tash"), "sarytash");
    }
}
