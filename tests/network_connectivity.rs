//! Connectivity in `Network::report` and `Network::place_graph`: strongly connected pieces
//! (one-way pipelines), bridges and articulation points (single points of failure).
//!
//! Worked out by hand on small drawn networks; against brute force (remove each link, each
//! place, and count the pieces left with a union-find; reachability by search for the strong
//! pieces) on random networks with parallel, one-way and self-loop links; and on the built-in
//! network, against facts read off its data.

use std::collections::BTreeSet;

use corridor::{Bridge, CutPlace, Network, NetworkReport, StrongPiece};
use petgraph::unionfind::UnionFind;
use proptest::collection::vec;
use proptest::prelude::*;

/// `(id, from, to, oneway)`
type L<'a> = (&'a str, &'a str, &'a str, bool);

/// A network of road links 10 km long (pipelines when one-way) between places in Kazakhstan,
/// given by id.
fn network(places: &[&str], links: &[L]) -> Network {
    let places: Vec<String> = places
        .iter()
        .enumerate()
        .map(|(i, id)| {
            format!(
                r#"{{"id": "{id}", "name": "{id}", "country": "KZ", "location": [{}, {}]}}"#,
                60.0 + (i % 7) as f64 * 0.001,
                45.0 + (i / 7) as f64 * 0.001
            )
        })
        .collect();
    let links: Vec<String> = links
        .iter()
        .map(|(id, from, to, oneway)| {
            let mode = if *oneway {
                r#""pipeline", "commodity": "natural-gas""#
            } else {
                r#""road""#
            };
            format!(
                r#"{{"id": "{id}", "from": "{from}", "to": "{to}", "mode": {mode}, "length_km": {{"value": 10, "source": "estimate"}}, "oneway": {oneway}}}"#
            )
        })
        .collect();
    let json = format!(
        r#"{{"places": [{}], "links": [{}]}}"#,
        places.join(","),
        links.join(",")
    );
    Network::from_json_str(&json, "drawn.json").unwrap()
}

fn bridges(r: &NetworkReport) -> Vec<(&str, usize)> {
    r.bridges
        .shown
        .iter()
        .map(|b| (b.link.as_str(), b.cut_off))
        .collect()
}

fn points(r: &NetworkReport) -> Vec<(&str, usize, usize)> {
    r.articulation_points
        .shown
        .iter()
        .map(|p| (p.place.as_str(), p.cut_off, p.parts))
        .collect()
}

#[test]
fn two_triangles_joined_by_one_line_with_a_doubled_spur() {
    //   a         d
    //   | \  cd   | \
    //   |  c ---- e  f ==== g ---- h      i (alone)
    //   | /       | /  fg1     gh
    //   b         ...  fg2
    // Triangles abc and def; c - e is the only way between them; f - g is doubled (two
    // links), g - h single.
    let net = network(
        &["a", "b", "c", "d", "e", "f", "g", "h", "i"],
        &[
            ("ab", "a", "b", false),
            ("bc", "b", "c", false),
            ("ca", "c", "a", false),
            ("ce", "c", "e", false),
            ("de", "d", "e", false),
            ("ef", "e", "f", false),
            ("fd", "f", "d", false),
            ("fg1", "f", "g", false),
            ("fg2", "g", "f", false),
            ("gh", "g", "h", false),
            ("hh", "h", "h", false),
        ],
    );
    let r = net.report();
    // ce splits {a, b, c} from {d, e, f, g, h}; gh cuts off h. The doubled f - g is no
    // bridge, the self-loop at h none either.
    assert_eq!(bridges(&r), [("ce", 3), ("gh", 1)], "{r}");
    assert_eq!(r.bridges.total, 2);
    // Without e: {a, b, c} and {d, f, g, h}: 3 of the 7 others cut off. Without c: {a, b}
    // and the 5 beyond e. Without f: {g, h} from {a..e}. Without g: h.
    assert_eq!(
        points(&r),
        [("e", 3, 2), ("c", 2, 2), ("f", 2, 2), ("g", 1, 2)],
        "{r}"
    );
    // No one-way links: the strong pieces are the two connected pieces.
    assert_eq!((r.strong_pieces, r.pieces.len()), (2, 2));
    assert_eq!(r.one_way_parts.total, 0);
    let text = r.to_string();
    assert!(
        text.contains("one per connected piece: no one-way link splits any"),
        "{text}"
    );
    assert!(
        text.contains("Bridges (links whose loss splits their piece): 2"),
        "{text}"
    );
    assert!(
        text.contains("ce                       c – e: cuts off 3 places"),
        "{text}"
    );
    assert!(text.contains("e                        cuts off 3 places, leaves 2 parts"));
}

#[test]
fn a_one_way_pipeline_splits_a_piece_into_strong_pieces() {
    // Rail ring a - b - c - a; pipeline field -> a, and c -> p1 -> p2 -> terminal; a two-way
    // road p1 - q. The pipeline ends are strong pieces of their own; p1 and q reach each
    // other.
    let net = network(
        &["a", "b", "c", "field", "p1", "q", "p2", "terminal"],
        &[
            ("ab", "a", "b", false),
            ("bc", "b", "c", false),
            ("ca", "c", "a", false),
            ("field_a", "field", "a", true),
            ("c_p1", "c", "p1", true),
            ("p1_q", "p1", "q", false),
            ("p1_p2", "p1", "p2", true),
            ("p2_terminal", "p2", "terminal", true),
        ],
    );
    let r = net.report();
    assert_eq!((r.strong_pieces, r.pieces.len()), (5, 1), "{r}");
    let parts: Vec<(usize, Vec<&str>, usize, usize)> = r
        .one_way_parts
        .shown
        .iter()
        .map(|s| {
            let sample = s.sample.iter().map(String::as_str).collect();
            (s.places, sample, s.ways_in, s.ways_out)
        })
        .collect();
    assert_eq!(
        parts,
        [
            (3, vec!["a", "b", "c"], 1, 1),
            (2, vec!["p1", "q"], 1, 1),
            (1, vec!["field"], 0, 1),
            (1, vec!["p2"], 1, 1),
            (1, vec!["terminal"], 1, 0),
        ],
        "{r}"
    );
    let text = r.to_string();
    assert!(
        text.contains("(can be left, never reached back)  e.g. field"),
        "{text}"
    );
    assert!(
        text.contains("(can be reached, never left)  e.g. terminal"),
        "{text}"
    );
    // Taken both ways, the pipeline is a line of bridges.
    assert_eq!(
        bridges(&r),
        [
            ("c_p1", 4),
            ("p1_p2", 2),
            ("field_a", 1),
            ("p1_q", 1),
            ("p2_terminal", 1)
        ]
    );
    // The place graph has one edge per direction a link can be travelled.
    let g = net.place_graph();
    assert_eq!((g.node_count(), g.edge_count()), (8, 4 * 2 + 4));
    let ids: BTreeSet<u32> = g.edge_weights().copied().collect();
    assert_eq!(ids, (0..8).collect());
    assert_eq!(petgraph::algo::kosaraju_scc(&g).len(), 5);
}

#[test]
fn long_lists_are_capped_and_counted_in_full() {
    // A line of 301 places: 300 bridges, 299 articulation points.
    let ids: Vec<String> = (0..301).map(|i| format!("p{i:03}")).collect();
    let names: Vec<&str> = ids.iter().map(String::as_str).collect();
    let link_ids: Vec<String> = (0..300).map(|i| format!("l{i:03}")).collect();
    let links: Vec<L> = (0..300)
        .map(|i| (link_ids[i].as_str(), names[i], names[i + 1], false))
        .collect();
    let r = network(&names, &links).report();
    assert_eq!(r.bridges.total, 300);
    assert_eq!(r.bridges.shown.len(), NetworkReport::LISTED);
    // The middle link cuts off the most: 150 places either side.
    assert_eq!(bridges(&r)[0], ("l149", 150));
    assert_eq!(bridges(&r)[1], ("l150", 150));
    assert_eq!(r.articulation_points.total, 299);
    assert_eq!(points(&r)[0], ("p150", 150, 2));
    assert!(r
        .articulation_points
        .shown
        .windows(2)
        .all(|w| w[0].cut_off >= w[1].cut_off));
    let text = r.to_string();
    assert!(text.contains("… and 290 more"), "{text}");
    assert!(text.contains("… and 289 more"), "{text}");
    // The JSON carries the totals and the capped lists.
    let json: serde_json::Value = serde_json::to_value(&r).unwrap();
    assert_eq!(json["bridges"]["total"], 300);
    assert_eq!(
        json["articulation_points"]["shown"]
            .as_array()
            .unwrap()
            .len(),
        100
    );
    assert_eq!(json["strong_pieces"], 1);
}

// ---------------------------------------------------------------------------------------------
// Against brute force
// ---------------------------------------------------------------------------------------------

/// A random network: up to 12 places, up to 24 links among the first `active` ones (the
/// rest isolated), a third of them copies of an earlier link's ends (parallel links), some
/// one-way, some self-loops by chance.
fn random_network() -> impl Strategy<Value = (usize, Vec<(usize, usize, bool)>)> {
    (1usize..=12).prop_flat_map(|n| {
        (Just(n), 1..=n, vec(any::<(usize, usize, u8)>(), 0..=24)).prop_map(|(n, active, raw)| {
            let mut links: Vec<(usize, usize, bool)> = Vec::new();
            for (a, b, kind) in raw {
                let ends = match links.get(a % links.len().max(1)) {
                    Some(&(f, t, _)) if kind % 3 == 0 => (f, t),
                    _ => (a % active, b % active),
                };
                links.push((ends.0, ends.1, kind % 4 == 1));
            }
            (n, links)
        })
    })
}

/// Sizes of the pieces of the places `keep` holds, links `use_link` holds taken both ways.
fn pieces(
    n: usize,
    links: &[(usize, usize, bool)],
    keep: impl Fn(usize) -> bool,
    use_link: impl Fn(usize) -> bool,
) -> (UnionFind<usize>, Vec<usize>) {
    let mut uf = UnionFind::new(n);
    for (i, &(a, b, _)) in links.iter().enumerate() {
        if use_link(i) && keep(a) && keep(b) {
            uf.union(a, b);
        }
    }
    let mut size = vec![0; n];
    for v in (0..n).filter(|&v| keep(v)) {
        size[uf.find(v)] += 1;
    }
    (uf, size)
}

/// Bridges `(link, cut_off)` by removing each link in turn.
fn brute_bridges(n: usize, links: &[(usize, usize, bool)]) -> Vec<(usize, usize)> {
    let (all, _) = pieces(n, links, |_| true, |_| true);
    let mut out = Vec::new();
    for (i, &(a, b, _)) in links.iter().enumerate() {
        let (without, size) = pieces(n, links, |_| true, |j| j != i);
        if all.find(a) == all.find(b) && without.find(a) != without.find(b) {
            out.push((i, size[without.find(a)].min(size[without.find(b)])));
        }
    }
    out
}

/// Articulation points `(place, cut_off, parts)` by removing each place in turn.
fn brute_points(n: usize, links: &[(usize, usize, bool)]) -> Vec<(usize, usize, usize)> {
    let (all, _) = pieces(n, links, |_| true, |_| true);
    let mut out = Vec::new();
    for v in 0..n {
        let (without, size) = pieces(n, links, |u| u != v, |_| true);
        let rest: Vec<usize> = (0..n)
            .filter(|&u| u != v && all.find(u) == all.find(v))
            .collect();
        let roots: BTreeSet<usize> = rest.iter().map(|&u| without.find(u)).collect();
        if roots.len() >= 2 {
            let largest = roots.iter().map(|&r| size[r]).max().unwrap_or(0);
            out.push((v, rest.len() - largest, roots.len()));
        }
    }
    out
}

/// Strong pieces by reachability: `(places, ways_in, ways_out)` of those joined to others.
fn brute_strong(
    n: usize,
    links: &[(usize, usize, bool)],
) -> (usize, Vec<(Vec<usize>, usize, usize)>) {
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b, oneway) in links {
        out[a].push(b);
        if !oneway {
            out[b].push(a);
        }
    }
    let reach: Vec<Vec<bool>> = (0..n)
        .map(|s| {
            let mut seen = vec![false; n];
            let mut stack = vec![s];
            seen[s] = true;
            while let Some(v) = stack.pop() {
                for &w in &out[v] {
                    if !std::mem::replace(&mut seen[w], true) {
                        stack.push(w);
                    }
                }
            }
            seen
        })
        .collect();
    let piece_of =
        |v: usize| -> Vec<usize> { (0..n).filter(|&u| reach[v][u] && reach[u][v]).collect() };
    let all: BTreeSet<Vec<usize>> = (0..n).map(piece_of).collect();
    let mut joined = Vec::new();
    for p in &all {
        let inside = |v: usize| p.contains(&v);
        let mut ways = (0, 0);
        for &(a, b, oneway) in links {
            // A two-way link never joins two strong pieces.
            if oneway && inside(a) != inside(b) {
                if inside(b) {
                    ways.0 += 1;
                } else {
                    ways.1 += 1;
                }
            }
        }
        if ways != (0, 0) {
            joined.push((p.clone(), ways.0, ways.1));
        }
    }
    (all.len(), joined)
}

fn place_id(i: usize) -> String {
    format!("p{i:02}")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn report_connectivity_matches_brute_force((n, links) in random_network()) {
        let ids: Vec<String> = (0..n).map(place_id).collect();
        let link_ids: Vec<String> = (0..links.len()).map(|i| format!("l{i:02}")).collect();
        let drawn: Vec<L> = links
            .iter()
            .enumerate()
            .map(|(i, &(a, b, oneway))| (link_ids[i].as_str(), ids[a].as_str(), ids[b].as_str(), oneway))
            .collect();
        let names: Vec<&str> = ids.iter().map(String::as_str).collect();
        let net = network(&names, &drawn);
        let r = net.report();

        let mut want_bridges: Vec<Bridge> = brute_bridges(n, &links)
            .into_iter()
            .map(|(i, cut_off)| Bridge {
                link: link_ids[i].clone(),
                from: ids[links[i].0].clone(),
                to: ids[links[i].1].clone(),
                cut_off,
            })
            .collect();
        want_bridges.sort_by(|a, b| b.cut_off.cmp(&a.cut_off).then(a.link.cmp(&b.link)));
        prop_assert_eq!(&r.bridges.shown, &want_bridges, "{}", r);
        prop_assert_eq!(r.bridges.total, want_bridges.len());

        let mut want_points: Vec<CutPlace> = brute_points(n, &links)
            .into_iter()
            .map(|(v, cut_off, parts)| CutPlace { place: ids[v].clone(), cut_off, parts })
            .collect();
        want_points.sort_by(|a, b| {
            (b.cut_off, b.parts).cmp(&(a.cut_off, a.parts)).then(a.place.cmp(&b.place))
        });
        prop_assert_eq!(&r.articulation_points.shown, &want_points, "{}", r);
        prop_assert_eq!(r.articulation_points.total, want_points.len());

        // The same places as petgraph's own articulation points on the undirected graph.
        let mut ug = petgraph::graph::UnGraph::<(), ()>::new_undirected();
        let nodes: Vec<_> = (0..n).map(|_| ug.add_node(())).collect();
        for &(a, b, _) in &links {
            ug.add_edge(nodes[a], nodes[b], ());
        }
        let theirs: BTreeSet<String> = petgraph::algo::articulation_points::articulation_points(&ug)
            .into_iter()
            .map(|v| ids[v.index()].clone())
            .collect();
        let ours: BTreeSet<String> = want_points.iter().map(|p| p.place.clone()).collect();
        prop_assert_eq!(ours, theirs);

        let (count, joined) = brute_strong(n, &links);
        prop_assert_eq!(r.strong_pieces, count);
        let mut want_strong: Vec<StrongPiece> = joined
            .into_iter()
            .map(|(places, ways_in, ways_out)| StrongPiece {
                places: places.len(),
                sample: places.iter().take(3).map(|&v| ids[v].clone()).collect(),
                ways_in,
                ways_out,
            })
            .collect();
        want_strong.sort_by(|a, b| b.places.cmp(&a.places).then(a.sample.cmp(&b.sample)));
        prop_assert_eq!(&r.one_way_parts.shown, &want_strong, "{}", r);
        prop_assert_eq!(r.one_way_parts.total, want_strong.len());
        // petgraph agrees on the place graph.
        prop_assert_eq!(petgraph::algo::tarjan_scc(&net.place_graph()).len(), count);
    }
}

// ---------------------------------------------------------------------------------------------
// The built-in network
// ---------------------------------------------------------------------------------------------

#[test]
fn builtin_network_single_points_of_failure() {
    let net = Network::central_asia();
    let r = net.report();
    // A place with a single link (a spur's end) is cut off by losing that link, and the
    // place at the link's other end, when it has other links, is a single point of failure.
    // Read off the links here, independently of the report.
    let mut degree = vec![0usize; net.places().len()];
    for l in net
        .links()
        .iter()
        .filter(|l| l.from().index() != l.to().index())
    {
        degree[l.from().index()] += 1;
        degree[l.to().index()] += 1;
    }
    let mut spurs = 0;
    for l in net.links().iter() {
        let (a, b) = (l.from().index(), l.to().index());
        let (end, other) = match (degree[a], degree[b]) {
            (1, d) if d > 1 => (l.from(), l.to()),
            (d, 1) if d > 1 => (l.to(), l.from()),
            _ => continue,
        };
        spurs += 1;
        let bridge = r.bridges.shown.iter().find(|b| b.link == l.id());
        assert_eq!(
            bridge.map(|b| b.cut_off),
            Some(1),
            "{} to {}",
            l.id(),
            end.id()
        );
        assert!(
            r.articulation_points
                .shown
                .iter()
                .any(|p| p.place == other.id()),
            "{} holds the spur to {}",
            other.id(),
            end.id()
        );
    }
    // dushanzi (oil pipeline terminal), wuqia (gas pipeline end), pavlodar (oil pipeline
    // start), istanbul, chengdu, … : the data has spurs.
    assert!(spurs >= 5, "{spurs}");
    assert!(r
        .bridges
        .shown
        .iter()
        .any(|b| b.link == "p_oil_alashankou_dushanzi"));

    // Worked out from the data by removing each link and place in turn (a script, not this
    // crate): the Lanzhou – Urumqi line is the one way between western China and
    // Lanzhou, Xian, Zhengzhou, Chengdu, Chongqing and the coast, 7 places; Urumqi is the
    // place whose loss cuts off most.
    assert_eq!(
        (r.bridges.total, r.articulation_points.total),
        (21, 20),
        "{r}"
    );
    assert_eq!(
        (r.bridges.shown[0].link.as_str(), r.bridges.shown[0].cut_off),
        ("r_lanzhou_urumqi", 7)
    );
    assert_eq!(
        (
            r.articulation_points.shown[0].place.as_str(),
            r.articulation_points.shown[0].cut_off
        ),
        ("urumqi", 7)
    );
    let xian = r
        .articulation_points
        .shown
        .iter()
        .find(|p| p.place == "xian");
    assert_eq!(xian.map(|p| (p.cut_off, p.parts)), Some((5, 4)));

    // The one-way pipelines: 11 strong pieces in one connected piece; the gas field at
    // Galkynysh has only outgoing pipelines (can be left, never reached back) and the
    // Dushanzi refinery only an incoming one.
    assert_eq!((r.strong_pieces, r.pieces.len()), (11, 1));
    let part = |id: &str| {
        r.one_way_parts
            .shown
            .iter()
            .find(|s| s.sample == [id])
            .map(|s| (s.places, s.ways_in, s.ways_out))
    };
    assert_eq!(part("galkynysh"), Some((1, 0, 2)));
    assert_eq!(part("dushanzi"), Some((1, 1, 0)));
    assert_eq!(r.one_way_parts.shown[0].places, 110);
}
