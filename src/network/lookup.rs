//! Finding places by the names people type.

use std::collections::HashMap;

use crate::model::Place;

/// Normalised names → place index. Earlier entries win: ids over names over alternate names.
#[derive(Debug, Clone)]
pub(super) struct NameIndex {
    keys: HashMap<String, u32>,
}

/// Lowercase, accents folded, everything but letters and digits dropped:
/// "Xi'an" and "Xian" both become "xian".
pub(super) fn normalise(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(fold_accent)
        .filter(|c| c.is_alphanumeric())
        .collect()
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
fn spellings(p: &Place) -> impl Iterator<Item = &str> {
    let name = p.name.as_str();
    let unqualified = name.split(" (").next().filter(|s| s.len() < name.len());
    let parts = name.split(" / ").filter(move |s| s.len() < name.len());
    std::iter::once(p.id.as_str())
        .chain(std::iter::once(name))
        .chain(unqualified)
        .chain(parts)
        .chain(p.alt_names.iter().map(String::as_str))
}

impl NameIndex {
    pub(super) fn new(places: &[Place]) -> NameIndex {
        let mut keys = HashMap::new();
        // Three passes so that an id or a name is never shadowed by another place's
        // alternate spelling.
        for pass in 0..3 {
            for (i, p) in places.iter().enumerate() {
                let candidates: Vec<&str> = match pass {
                    0 => vec![p.id.as_str()],
                    1 => vec![p.name.as_str()],
                    _ => spellings(p).collect(),
                };
                for s in candidates {
                    let k = normalise(s);
                    if !k.is_empty() {
                        keys.entry(k).or_insert(i as u32);
                    }
                }
            }
        }
        NameIndex { keys }
    }

    pub(super) fn find(&self, name: &str) -> Option<u32> {
        self.keys.get(&normalise(name)).copied()
    }

    /// Up to `n` distinct places whose spellings are closest to `name`, best first.
    pub(super) fn closest(&self, name: &str, n: usize) -> Vec<u32> {
        let q = normalise(name);
        let mut scored: Vec<(f64, u32)> = self
            .keys
            .iter()
            .map(|(k, &i)| (strsim::jaro_winkler(&q, k), i))
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
    fn normalise_folds_case_accents_and_punctuation() {
        assert_eq!(normalise("Xi'an"), "xian");
        assert_eq!(normalise("Türkmenbaşy"), "turkmenbasy");
        assert_eq!(normalise("Sary-Tash"), "sarytash");
    }
}
