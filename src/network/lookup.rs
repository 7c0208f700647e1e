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
    out.extend(normal_chars(s));
}

/// The characters of `s` in normal form, one by one.
fn normal_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(fold_accent)
        .filter(|c| c.is_alphanumeric())
}

/// Whether `s` is in normal form, without a copy for the ids that are plain ASCII.
fn is_normal(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        || normalise(s) == s
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

    /// Up to `n` distinct places whose spellings are closest to `name` (Jaro–Winkler
    /// similarity of the normal forms, at least [`MIN_SIMILARITY`]), best first; none for a
    /// name longer than [`MAX_SUGGESTED_CHARS`].
    ///
    /// # Complexity
    /// O(P·q) for P spellings and a name of q ≤ 100 characters to pre-filter them, plus
    /// O(q·k) for each spelling of k characters that passes: a few milliseconds for an
    /// unknown name on a network of 275,000 places.
    pub(super) fn closest(&self, tables: &Tables, name: &str, n: usize) -> Vec<u32> {
        let Some(q) = Query::new(name) else {
            return Vec::new();
        };
        let mut scored: Vec<(f64, u32)> = self
            .candidates(tables, &q)
            .map(|(key, i)| (strsim::jaro_winkler(&q.key, key), i))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut out = Vec::new();
        for (score, i) in scored {
            if score < MIN_SIMILARITY || out.len() == n {
                break;
            }
            if !out.contains(&i) {
                out.push(i);
            }
        }
        out
    }

    /// The spellings, with their places, that could be similar enough to `q` to suggest:
    /// the keys, and the ids in normal form, that pass [`Query::may_match`].
    fn candidates<'a>(
        &'a self,
        tables: &'a Tables,
        q: &'a Query,
    ) -> impl Iterator<Item = (&'a str, u32)> + 'a {
        let explicit =
            (0..self.keys.len() as u32).map(|k| (self.keys.get(k), self.place[k as usize]));
        let implicit = (0..tables.places.len() as u32)
            .map(|i| (tables.place_ids.get(i), i))
            .filter(|(id, _)| q.may_match(id) && is_normal(id));
        explicit.filter(|(key, _)| q.may_match(key)).chain(implicit)
    }
}

/// The least similarity of a suggestion. [`Query::may_match`] relies on it being no lower
/// than 0.7, where strsim's Jaro–Winkler starts adding its prefix bonus.
const MIN_SIMILARITY: f64 = 0.7;

/// Names longer than this, in normal form, get no suggestions: no one mistypes a place name
/// of this length, and scoring costs the product of the two lengths for every spelling.
const MAX_SUGGESTED_CHARS: usize = 100;

/// A name to suggest places for, in normal form, with what the pre-filter needs.
struct Query {
    key: String,
    chars: usize,
    /// How often each character occurs, by `char as u32 % 128` (ASCII exactly).
    counts: [u8; 128],
}

impl Query {
    /// `None` for a name without letters or digits, or longer than [`MAX_SUGGESTED_CHARS`]
    /// (found without reading all of a long name).
    fn new(name: &str) -> Option<Query> {
        let key: String = normal_chars(name).take(MAX_SUGGESTED_CHARS + 1).collect();
        let chars = key.chars().count();
        if chars == 0 || chars > MAX_SUGGESTED_CHARS {
            return None;
        }
        let mut counts = [0; 128];
        for c in key.chars() {
            counts[bucket(c)] += 1;
        }
        Some(Query { key, chars, counts })
    }

    /// Whether `key` can reach [`MIN_SIMILARITY`], by a bound that never rules out one that
    /// does. strsim's Jaro–Winkler adds its prefix bonus only above 0.7, so the Jaro
    /// similarity itself must reach 0.7; with m matching characters and lengths q and k, Jaro
    /// is at most (m/q + m/k + 1)/3, and m is at most the number of characters the two have in
    /// common (counted with repeats; by bucket, which can only count more). A key more than
    /// ten times longer than the name fails without being read to its end.
    fn may_match(&self, key: &str) -> bool {
        let mut left = self.counts;
        let (mut common, mut k) = (0usize, 0usize);
        for c in key.chars() {
            k += 1;
            if k > 10 * self.chars {
                return false;
            }
            let n = &mut left[bucket(c)];
            if *n > 0 {
                *n -= 1;
                common += 1;
            }
        }
        let m = common as f64;
        // The margin keeps rounding from ruling out a key at exactly 0.7.
        (m / self.chars as f64 + m / k as f64 + 1.0) / 3.0 >= MIN_SIMILARITY - 1e-9
    }
}

fn bucket(c: char) -> usize {
    c as usize % 128
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

    /// How many spellings `name` is scored against: the work of a suggestion.
    fn compared(net: &crate::Network, name: &str) -> usize {
        let (t, ix) = (&net.tables, net.name_index());
        Query::new(name).map_or(0, |q| ix.candidates(t, &q).count())
    }

    /// The suggestions as they were before the pre-filter: every spelling scored.
    fn closest_by_scoring_all(net: &crate::Network, name: &str, n: usize) -> Vec<u32> {
        let (t, ix) = (&net.tables, net.name_index());
        let q = normalise(name);
        let keys = (0..ix.keys.len() as u32).map(|k| (ix.keys.get(k), ix.place[k as usize]));
        let ids = (0..t.places.len() as u32)
            .map(|i| (t.place_ids.get(i), i))
            .filter(|(id, _)| normalise(id) == *id);
        let mut scored: Vec<(f64, u32)> = keys
            .chain(ids)
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

    /// `count` places with ids `p0`, `p1`, … (in normal form: found without a key) and
    /// names of 4 to 15 letters drawn from a fixed generator.
    fn synthetic(count: usize) -> crate::Network {
        let mut data = crate::model::NetworkData::default();
        let mut state = 0x5eed_u64;
        let mut next = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (state >> 33) as usize
        };
        for i in 0..count {
            let len = 4 + next() % 12;
            let name: String = (0..len)
                .map(|_| (b'a' + (next() % 26) as u8) as char)
                .collect();
            let (lon, lat) = ((i % 3600) as f64 / 10.0 - 180.0, (i / 3600) as f64 / 100.0);
            data.places
                .push(crate::model::Place::new(format!("p{i}"), name, lon, lat));
        }
        crate::Network::from_data(data, "synthetic").unwrap()
    }

    #[test]
    fn a_very_long_name_is_compared_with_no_spelling() {
        let net = synthetic(50_000);
        let long = "x".repeat(20_000);
        let mega: String = (0..1_000_000)
            .map(|i| (b'a' + (i * 7 % 26) as u8) as char)
            .collect();
        for name in [&long, &mega] {
            assert_eq!(compared(&net, name), 0);
            match net.place(name) {
                Err(crate::RouteError::UnknownPlace { suggestions, .. }) => {
                    assert!(suggestions.is_empty(), "{suggestions:?}")
                }
                other => panic!("expected UnknownPlace, got {other:?}"),
            }
        }
        // At the cap, a name is still compared; past it, not. A place's name of 10 letters or
        // more, repeated to 100, has every letter of that name: it may match.
        let name = net
            .places()
            .iter()
            .map(|p| p.name())
            .find(|n| n.len() >= 10)
            .unwrap();
        let repeated = |n: usize| name.chars().cycle().take(n).collect::<String>();
        assert!(compared(&net, &repeated(100)) > 0);
        assert_eq!(compared(&net, &repeated(101)), 0);
    }

    #[test]
    fn the_pre_filter_keeps_every_suggestion_and_drops_most_spellings() {
        let net = synthetic(5_000);
        let spellings = 2 * net.places().len();
        let mut compared_total = 0;
        for i in (0..net.places().len()).step_by(499) {
            let name = net.places().get(i).unwrap().name().to_string();
            // A letter dropped, a letter doubled, two letters swapped.
            let mid = name.len() / 2;
            let mut swapped = name.clone().into_bytes();
            swapped.swap(0, 1);
            let typos = [
                format!("{}{}", &name[..mid], &name[mid + 1..]),
                format!("{}{}", &name[..mid + 1], &name[mid..]),
                String::from_utf8(swapped).unwrap(),
            ];
            for typo in &typos {
                let got = net.name_index().closest(&net.tables, typo, 3);
                assert_eq!(got, closest_by_scoring_all(&net, typo, 3), "{typo}");
                compared_total += compared(&net, typo);
            }
        }
        let queries = 3 * net.places().len().div_ceil(499);
        assert!(
            compared_total < queries * spellings / 5,
            "{compared_total} comparisons for {queries} names"
        );
    }

    #[test]
    fn suggestions_on_the_builtin_network_are_those_of_scoring_every_spelling() {
        let net = crate::Network::central_asia();
        let mut names: Vec<String> = ["Tashkend", "Almatty", "Urumchi", "Duisberg", "Xain"]
            .map(String::from)
            .to_vec();
        for p in net.places().iter() {
            let name: Vec<char> = p.name().chars().collect();
            let cut = |i: usize| name[..i].iter().chain(&name[i + 1..]).collect::<String>();
            names.extend([cut(0), cut(name.len() / 2), cut(name.len() - 1)]);
            names.push(format!("{}q", p.name()));
        }
        for name in &names {
            let got = net.name_index().closest(&net.tables, name, 3);
            assert_eq!(got, closest_by_scoring_all(&net, name, 3), "{name}");
        }
    }

    #[test]
    fn normalise_folds_case_accents_and_punctuation() {
        assert_eq!(normalise("Xi'an"), "xian");
        assert_eq!(normalise("Türkmenbaşy"), "turkmenbasy");
        assert_eq!(normalise("Sary-Tash"), "sarytash");
    }
}
