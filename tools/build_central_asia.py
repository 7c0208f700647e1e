#!/usr/bin/env python3
"""Build data/central_asia.json, the built-in network of the `corridor` crate, from the
reference data set data/reference/corridors.json plus the project's additions
data/additions.json.

Python 3 standard library only. Run from anywhere:

    python3 tools/build_central_asia.py [REFERENCE_JSON] [OUTPUT_JSON]

Defaults: data/reference/corridors.json (a byte-identical copy of the shared reference, see
data/reference/README.md) and data/central_asia.json in the repository. The additions are
always read from data/additions.json (same record shapes as the reference; merged before
mapping). data/README.md (beside the output) is rewritten too, so its change list and gaps
stay in step with the file's meta; any text between the calibration markers in the existing
README is kept.

The mapping rules are spelled out below next to the code that applies them and are
summarised in data/README.md and in the output's meta.changes_from_reference. The script
ends with a validation pass and exits non-zero if the output is inconsistent.
"""

import json
import os
import re
import sys
from collections import OrderedDict

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_REFERENCE = os.path.join(REPO, "data", "reference", "corridors.json")
ADDITIONS = os.path.join(REPO, "data", "additions.json")
DEFAULT_OUTPUT = os.path.join(REPO, "data", "central_asia.json")

PROVENANCE_TAGS = ["general knowledge", "estimate", "derived", "computed", "assumption"]
PLACE_KINDS = {"city", "border_crossing", "seaport", "dry_port", "terminal", "gas_field",
               "pipeline_terminal", "junction"}
TRANSFER_KINDS = {"gauge", "rail-road", "rail-sea", "road-sea", "pipeline-rail",
                  "pipeline-road", "pipeline-sea"}
MODES = ["rail", "road", "sea", "pipeline"]
STATUSES = {"operational", "under_construction", "planned"}
COMMODITIES = {"natural gas": "natural-gas", "crude oil": "crude-oil",
               "oil products": "oil-products"}
MILESTONES = {"opened", "expected_opening", "construction_start"}

# Counts of the reference version the script was written for; the expected output counts
# are these plus the records of data/additions.json (see expected_counts()).
EXPECTED_REFERENCE = {"places": 109, "links": 150, "corridors": 20, "sources": 161}
EXPECTED = dict(EXPECTED_REFERENCE)  # replaced in main() once the additions are read
CALIBRATION_START = "<!-- calibration:start -->"
CALIBRATION_END = "<!-- calibration:end -->"

# Decision 3: dual-gauge border links (a train keeps its gauge along the link and changes
# it at the far place).
DUAL_GAUGE_LINKS = {"r_alashankou_dostyk", "r_horgos_altynkol", "r_brest_malaszewicze"}

# Reference year events that are not a Milestone kind of the crate. Decision 8 maps
# "international_route_launch" to "opened"; "upgraded" and "second_track" describe work on
# a line that was already open, so they go to the notes instead (mapping them to "opened"
# would hide the line before the upgrade year).
YEAR_EVENT_MAP = {"opened": "opened", "expected_opening": "expected_opening",
                  "construction_start": "construction_start",
                  "international_route_launch": "opened"}
YEAR_EVENT_TO_NOTES = {"upgraded": "Upgraded", "second_track": "Second track opened"}

# Links whose reference year dates a service on the line, not the line itself: the line was
# open before, so the year goes to the notes (as an 'opened' milestone it would hide the line
# from routing "as of" earlier years).
SERVICE_YEAR_LINKS = {
    "r_tashkent_samarkand": "High-speed passenger service started",
    "d_kashgar_irkeshtam": "International truck route launched",
    "d_horgos_almaty": "Western Europe-Western China road section completed",
}

# Capacity units the crate reads; anything after them in the reference unit is a caveat
# and moves to the capacity note.
CAPACITY_UNITS = ["train pairs/day", "bcm/yr", "Mt/yr", "TEU/yr"]

CHANGES_FROM_REFERENCE = [
    "Lengths: where the reference length is 'computed' (great-circle x circuity), length_km is "
    "omitted and circuity is kept, so the crate recomputes geodesic x circuity from the "
    "coordinates (an estimate, reported as 'computed'); the reference's own estimate is kept "
    "in the link notes. 'derived' lengths keep the reference method in their note.",
    "Gauges: gauge_mm is a list; the break-of-gauge border links r_alashankou_dostyk, "
    "r_horgos_altynkol and r_brest_malaszewicze are dual-gauge [1435, 1520] (a train keeps its "
    "gauge along the link and changes at the far place); r_akhalkalaki_kars is [1435] because "
    "standard gauge runs from Akhalkalaki to Kars and the change is at Akhalkalaki.",
    "Transfers: makmal (CKU break of gauge, rg2025_cku) handles ['gauge']; akhalkalaki (BTK "
    "break of gauge, report2016_akh / railturkey2016_akh) handles ['gauge', 'rail-road'].",
    "Time cases: every timed piece carries up to three cases, best (everything flows: "
    "per-train processing or speed-train figures), typical (published averages; the field "
    "without suffix) and worst (published congestion figures: the 2021-2023 reloading "
    "queues). A case is set only where a published figure (or stated arithmetic on one, or "
    "a marked assumption) supports it; the others are left to the crate's default rules. "
    "Validation checks best <= typical <= worst for hours and best >= typical >= worst for "
    "speeds.",
    "Gauge-change transfers (transfer_hours*): the published yard waits belong to the "
    "places where the gauge changes. alashankou: best 1 h (per-train transshipment 2023, "
    "dear2023_alashankou), worst 144 h (6 days average reloading wait, mid-2023, jike2023); "
    "dostyk: best 1.5 h (whole-train change 2024, khabarasia2024), worst 144 h (jike2023); "
    "horgos_cn/altynkol: best 1 h (container handling 2025, astanatimes2026_khorgos; 47 min "
    "in 2017, bri_khorgos, in the note), worst 336 h (14 days average, up to ~20, jike2023); "
    "malaszewicze/brest: typical 60 h (2.5 days, 2-3 days, railtech2018), worst 240 h (10 days "
    "average during the 2021 congestion, up to 16, silkroadsummit2021). No typical figure is "
    "published for the Chinese-Kazakh yards, so their typical case is left to the crate "
    "(the former transfer_hours 1.5/1.0 h were per-train processing figures, now best cases).",
    "Border posts (border.dwell_hours*, customs and formalities only): alashankou typical "
    "4.25 h (processing per train 2016, silkroadnews2016_dostyk), best 0.33 h (outbound customs "
    "clearance 'as low as 20 min', xinhua2025_alashankou); dostyk typical 4.25 h; "
    "malaszewicze's former 60 h dwell moved to the gauge-change transfer and its border post "
    "keeps no figure (no customs-only time is published); irkeshtam best 2 h and link "
    "d_osh_andijan (Dostuk/Dustlik) best 1.5 h (2017 pilot convoy with priority, "
    "kabar2018_road); link s_kuryk_alat ferry processing best 6 h / typical 7 h / worst 12 h "
    "(6-8 h single-deck, 10-12 h two-deck ferries, astanatimes2021_kuryk: the range ends as "
    "best and worst). Every other border_crossing place gets an empty border post; no fees "
    "were invented.",
    "Sea links: sailing times become transit_hours (s_aktau_alat 22, s_kuryk_alat 18, "
    "s_turkmenbashi_alat 9.5 with best 9 / worst 10 from the published 9-10 h range, "
    "s_batumi_constanta 120); sailings_per_week: s_turkmenbashi_alat 9.9 (derived: 213 "
    "arrivals from Baku in Jan-May 2023, nca2023_ferry, / 151 days x 7), s_poti_constanta 1 "
    "(weekly E60 line, vk2023_poti), s_aktau_alat and s_kuryk_alat 3.5 (assumption: no fixed "
    "timetables, ferries sail when loaded, bsecurta2023/oecd2023_mc). No published 2022 "
    "Caspian backlog figure in hours or days was found, so backlog_hours is not set (crate "
    "default).",
    "Commercial speeds (best case only, km/day / 24): 62.5 km/h on r_dostyk_aktogay and "
    "r_aktogay_moyinty (1,500 km/day target after double-tracking Dostyk-Moyinty 2025, "
    "qazinform2025_dostyk); 33.5 km/h on the CKU highway road links (derived: 920 km in 31 h "
    "less 3.5 h at borders, 2017 pilot convoy, kabar2018_road). The 1,200 km/day of Khorgos "
    "Gateway trains (cfts2017_khorgos) is not a commercial speed: the same source gives 12-13 "
    "days to Europe, about 560 km/day end to end. Passenger and design speeds and times of "
    "r_tashkent_samarkand and r_urumqi_jinghe stay in notes. Published "
    "service frequencies of single scheduled trains (Chengdu-Uzbekistan weekly, "
    "bastille2025_chengdu; 14 fixed-schedule trains a week via Alashankou, "
    "pd2025_xinjiang_ports; Zhengzhou-Hamburg 12 a week) stay in notes: they are not the "
    "frequency of any one link.",
    "Tariffs: only p_oil_atasu_alashankou (fixed 10.77 USD/t) and p_oil_pavlodar_atasu (fixed "
    "4.23 USD/t), both chinatradenews2019, carry a tariff; KZT tariffs stay in notes "
    "unconverted; every other link uses the crate's default rates.",
    "Years that date a service rather than the line (r_tashkent_samarkand high-speed service 2011, "
    "d_kashgar_irkeshtam international truck route 2018, d_horgos_almaty WE-WC section 2018) go "
    "to the notes, not to 'year', so the older line stays usable in earlier years. "
    "Year events: 'international_route_launch' becomes 'opened' with the "
    "original wording in the note; 'upgraded' and 'second_track' (a line already open) are "
    "not milestones and go to the link notes.",
    "Capacity units: caveats appended to a reference unit (e.g. 'Mt/yr (long-term; 3-5 Mt "
    "initially)') move to the capacity note, leaving a plain unit.",
    "Corridor membership: link.corridors is completed so that every link listed by a corridor "
    "(main path or other links) names that corridor (the reference missed {n_backrefs} "
    "back-references).",
    "Inputs inside the project: the reference is read from data/reference/corridors.json "
    "(byte-identical copy of the shared reference) and the project's own places, links and "
    "sources from data/additions.json, merged before mapping (additions: {additions}).",
    "Dropped as recomputable: links' great_circle_km and corridors' main_path / "
    "main_path_length_km_model (the crate derives them from coordinates and links), the "
    "model lengths of consistency_checks and the routing_smoke_tests (computed from the "
    "reference's own estimates). Route comparisons and the published end-to-end lengths of "
    "consistency_checks are kept under meta.reference_notes.",
]


# ---------------------------------------------------------------------------- helpers

def num(v):
    """Format a number for notes: integers without '.0', thousands separators above 9,999."""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, int):
        return f"{v:,}" if abs(v) >= 10000 else str(v)
    return f"{v:g}" if abs(v) < 10000 else f"{v:,}"


def sentence(text):
    text = (text or "").strip()
    if text and text[-1] not in ".!?":
        text += "."
    return text


def join_notes(*parts):
    return " ".join(sentence(p) for p in parts if p and p.strip())


def add_ref(refs, key, source_keys):
    if key in source_keys and key not in refs:
        refs.append(key)


def sourced(value, source, note=None):
    out = OrderedDict([("value", float(value)), ("source", source)])
    if note:
        out["note"] = note
    return out


def figure_text(f):
    """A reference figure/fact as readable text: 'label: value unit [source] (note)'."""
    if f.get("value") is not None:
        val = num(f["value"])
    elif f.get("value_text"):
        val = f["value_text"]
    elif f.get("value_min") is not None and f.get("value_max") is not None:
        val = f"{num(f['value_min'])}-{num(f['value_max'])}"
    else:
        val = None
    unit = (f.get("unit") or "").strip()
    head = f["label"]
    if val is not None:
        head += ": " + val + (" " + unit if unit and unit != "year" else "")
    text = f"{head} [{f['source']}]"
    if f.get("note"):
        text += f" ({f['note']})"
    return text


def split_capacity_unit(unit):
    for u in CAPACITY_UNITS:
        if unit.startswith(u):
            rest = unit[len(u):].strip()
            if rest.startswith("(") and ")" in rest:
                inner, after = rest[1:].split(")", 1)
                rest = inner + after
            return u, rest.strip(" ;,")
    return unit, ""


def parse_circuity(method):
    m = re.search(r"circuity\s+([0-9.]+)(?:\s*\(([^)]*)\))?", method or "")
    if not m:
        raise ValueError(f"no circuity in method {method!r}")
    return float(m.group(1)), (m.group(2) or "")


# ---------------------------------------------------------------------------- additions

def merge_additions(ref, add):
    """Merge data/additions.json into a copy of the reference (same record shapes).

    Nodes, links and sources are appended; a link's 'corridors' also appends it to those
    corridors' link lists; 'place_overrides' set transfers of reference places. Returns the
    merged reference and a summary of what was added (for meta and the README)."""
    merged = dict(ref)
    for key, what in (("nodes", "id"), ("links", "id"), ("sources", "key")):
        have = {r[what] for r in ref[key]}
        for r in add.get(key, []):
            if r[what] in have:
                raise ValueError(f"additions: {key} {r[what]} already in the reference")
        merged[key] = list(ref[key]) + list(add.get(key, []))
    corridors = [dict(c, links=list(c["links"])) for c in ref["corridors"]]
    by_id = {c["id"]: c for c in corridors}
    for l in add.get("links", []):
        for cid in l.get("corridors", []):
            if cid not in by_id:
                raise ValueError(f"additions: link {l['id']} names unknown corridor {cid}")
            if l["id"] not in by_id[cid]["links"]:
                by_id[cid]["links"].append(l["id"])
    merged["corridors"] = corridors
    nodes = {n["id"] for n in merged["nodes"]}
    for pid in add.get("place_overrides", {}):
        if pid not in nodes:
            raise ValueError(f"additions: override of unknown place {pid}")
    summary = OrderedDict([
        ("places", [f"{n['id']} ({n['name']})" for n in add.get("nodes", [])]),
        ("links", [f"{l['id']} ({l['from']}-{l['to']}, {l['mode']})" for l in add.get("links", [])]),
        ("sources", [s["key"] for s in add.get("sources", [])]),
        ("place_overrides", sorted(add.get("place_overrides", {}))),
    ])
    return merged, summary


def expected_counts(add):
    return {"places": EXPECTED_REFERENCE["places"] + len(add.get("nodes", [])),
            "links": EXPECTED_REFERENCE["links"] + len(add.get("links", [])),
            "corridors": EXPECTED_REFERENCE["corridors"] + len(add.get("corridors", [])),
            "sources": EXPECTED_REFERENCE["sources"] + len(add.get("sources", []))}


# ---------------------------------------------------------------------------- sources

def build_sources(ref):
    out = []
    for s in ref["sources"]:
        rec = OrderedDict([("key", s["key"]), ("title", s["title"])])
        if s.get("date"):
            rec["date"] = s["date"]
        if s.get("url"):
            rec["url"] = s["url"]
        if s.get("type_note"):
            rec["kind"] = s["type_note"]
        out.append(rec)
    return out


# ---------------------------------------------------------------------------- places

# Place transfer overrides from data/additions.json ("place_overrides"); set in main().
PLACE_OVERRIDES = {}

# Decision 4: transfer overrides.
TRANSFER_OVERRIDES = {
    "makmal": (["gauge"], ["rg2025_cku"],
               "Transfers set to the break of gauge only, overriding the junction default of "
               "none: the CKU railway changes gauge here [rg2025_cku]."),
    "akhalkalaki": (["gauge", "rail-road"], ["report2016_akh", "railturkey2016_akh"],
                    "Transfers set to break of gauge and rail-road, overriding the junction "
                    "default of none: the BTK changes gauge here [report2016_akh] "
                    "[railturkey2016_akh]."),
}

KHORGOS_NOTE = ("Khorgos rail crossing times: transshipment 47 min per train in 2017 "
                "[bri_khorgos]; container handling 1 h in 2025, was 5 h "
                "[astanatimes2026_khorgos]; during the mid-2023 congestion the average "
                "reloading wait was 14 days, up to ~20 [jike2023]. No border dwell figure is "
                "published (crate default applies).")

# Decision 5: time cases of places. Keys: (field, case) -> (value, source, note), where
# field is "transfer_hours" (gauge/mode change at the place, queue included) or
# "dwell_hours" (border post, customs only) and case is "best", "typical" or "worst".
# The typical case is the field without suffix.
JIKE_ALA = ("6 days average reloading wait at Alashankou/Dostyk during the mid-2023 "
            "congestion (congested period, the worst case)")
MALA_TYP = ("2.5 days typical wait, 2-3 days (2018; can extend to weeks), measured at "
            "Malaszewicze")
MALA_WORST = ("10 days average wait during the 2021 congestion, up to 16, measured at "
              "Malaszewicze")
PLACE_TIMES = {
    "alashankou": {
        ("transfer_hours", "best"): (1.0, "dear2023_alashankou",
                                     "per-train transshipment at the Alashankou yard, 2023"),
        ("transfer_hours", "worst"): (144.0, "jike2023", JIKE_ALA),
        ("dwell_hours", "typical"): (4.25, "silkroadnews2016_dostyk",
                                     "processing per train at the Alashankou-Dostyk crossing, "
                                     "2016 (previously 9 h)"),
        ("dwell_hours", "best"): (0.33, "xinhua2025_alashankou",
                                  "outbound customs clearance 'as low as 20 min', 2025"),
    },
    "dostyk": {
        ("transfer_hours", "best"): (1.5, "khabarasia2024",
                                     "whole train change, 2024 (down from 2 h 10 min)"),
        ("transfer_hours", "worst"): (144.0, "jike2023", JIKE_ALA),
        ("dwell_hours", "typical"): (4.25, "silkroadnews2016_dostyk",
                                     "processing per train at the Alashankou-Dostyk crossing, "
                                     "2016 (previously 9 h)"),
    },
    "horgos_cn": {
        ("transfer_hours", "best"): (1.0, "astanatimes2026_khorgos",
                                     "container handling at the Khorgos crossing, 2025 (was 5 h; "
                                     "47 min per train transshipment in 2017 [bri_khorgos])"),
        ("transfer_hours", "worst"): (336.0, "jike2023",
                                      "14 days average reloading wait at Khorgos during the "
                                      "mid-2023 congestion, up to ~20 days"),
    },
    "malaszewicze": {
        ("transfer_hours", "typical"): (60.0, "railtech2018", MALA_TYP),
        ("transfer_hours", "worst"): (240.0, "silkroadsummit2021", MALA_WORST),
    },
    "brest": {
        ("transfer_hours", "typical"): (60.0, "railtech2018",
                                        MALA_TYP + "; applied to Brest, where eastbound trains "
                                        "change gauge (no Brest figure published)"),
        ("transfer_hours", "worst"): (240.0, "silkroadsummit2021",
                                      MALA_WORST + "; applied to Brest as for the typical case"),
    },
    "irkeshtam": {
        ("dwell_hours", "best"): (2.0, "kabar2018_road",
                                  "Irkeshtam road crossing, 2017 pilot truck convoy (with "
                                  "priority, so a best case)"),
    },
}
PLACE_TIMES["altynkol"] = dict(PLACE_TIMES["horgos_cn"])
CASE_SUFFIX = {"best": "_best", "typical": "", "worst": "_worst"}
CASES = ["best", "typical", "worst"]


def case_fields(table, field):
    """The Sourced values of one field's cases, as (output key, value) pairs in case order."""
    out = []
    for case in CASES:
        if (field, case) in table:
            v, src, note = table[(field, case)]
            out.append((field + CASE_SUFFIX[case], sourced(v, src, note)))
    return out


def place_border_and_transfer(pid, kind):
    """Decision 5: border posts and transfer times (returns border, transfer fields, notes)."""
    table = PLACE_TIMES.get(pid, {})
    transfer = case_fields(table, "transfer_hours")
    dwell = case_fields(table, "dwell_hours")
    extra = KHORGOS_NOTE if pid in ("horgos_cn", "altynkol") else ""
    if kind == "border_crossing" or dwell or pid in ("malaszewicze", "altynkol"):
        return OrderedDict(dwell), transfer, extra
    return None, transfer, extra


def build_places(ref, source_keys):
    out = []
    for n in ref["nodes"]:
        refs = list(n.get("refs", []))
        notes = [n.get("notes", "")]
        if n.get("border_countries"):
            notes.append("Border: " + "-".join(n["border_countries"]))
        for f in n.get("facts", []):
            notes.append(figure_text(f))
            add_ref(refs, f["source"], source_keys)
        rec = OrderedDict()
        rec["id"] = n["id"]
        rec["name"] = n["name"]
        if n.get("alt_names"):
            rec["alt_names"] = list(n["alt_names"])
        rec["country"] = n["country"]
        rec["location"] = [float(n["lon"]), float(n["lat"])]
        rec["coord_source"] = n["coord_source"]
        rec["kind"] = n["kind"]
        if n["id"] in TRANSFER_OVERRIDES:
            transfers, keys, why = TRANSFER_OVERRIDES[n["id"]]
            rec["transfers"] = transfers
            notes.append(why)
            for k in keys:
                add_ref(refs, k, source_keys)
        if n["id"] in PLACE_OVERRIDES:
            o = PLACE_OVERRIDES[n["id"]]
            rec["transfers"] = list(o["transfers"])
            notes.append(o.get("note", ""))
            for k in o.get("refs", []):
                add_ref(refs, k, source_keys)
        border, transfer, extra = place_border_and_transfer(n["id"], n["kind"])
        for key, v in transfer:
            rec[key] = v
            add_ref(refs, v["source"], source_keys)
        if border is not None:
            if n.get("border_countries"):
                # The border this post serves, so that it is not charged for another one
                # crossed on a link leaving the place (e.g. Malaszewicze -> Duisburg).
                border = OrderedDict([("countries", list(n["border_countries"]))] + list(border.items()))
            rec["border"] = border
            for v in border.values():
                if isinstance(v, dict):
                    add_ref(refs, v["source"], source_keys)
        if extra:
            notes.append(extra)
            for k in ("bri_khorgos", "astanatimes2026_khorgos", "jike2023"):
                add_ref(refs, k, source_keys)
        if n["id"] == "horgos_cn":
            add_ref(refs, "bri_khorgos", source_keys)
        notes = join_notes(*notes)
        if notes:
            rec["notes"] = notes
        if refs:
            rec["refs"] = refs
        out.append(rec)
    return out


# ---------------------------------------------------------------------------- links

def build_length(l, rec, notes, refs, source_keys):
    """Decision 2."""
    ln = l["length_km"]
    if ln["source"] == "computed":
        circ, terrain = parse_circuity(ln.get("method"))
        rec["circuity"] = circ
        text = (f"Length not published: the crate estimates it as geodesic distance x "
                f"circuity {circ}" + (f" ({terrain})" if terrain else ""))
        if ln.get("value") is not None:
            text += f"; the reference's estimate was {num(ln['value'])} km"
        notes.append(text)
        if ln.get("note"):
            notes.append("Length: " + ln["note"])
        return
    note_parts = []
    if ln["source"] == "derived":
        note_parts.append(ln.get("method", ""))
        if ln.get("derived_from"):
            note_parts.append("derived from " + ", ".join(ln["derived_from"]))
            for k in ln["derived_from"]:
                add_ref(refs, k, source_keys)
    if ln.get("note"):
        note_parts.append(ln["note"])
    alts = [a for a in ln.get("alt_values", []) if a["source"] not in (ln.get("note") or "")]
    if alts:
        note_parts.append("also " + "; ".join(
            f"{num(a['value'])} km [{a['source']}]" + (f" ({a['note']})" if a.get("note") else "")
            for a in alts))
    for a in ln.get("alt_values", []):
        add_ref(refs, a["source"], source_keys)
    add_ref(refs, ln["source"], source_keys)
    rec["length_km"] = sourced(ln["value"], ln["source"], "; ".join(p for p in note_parts if p) or None)


def build_gauge(l, rec, notes, refs, source_keys):
    """Decision 3."""
    g = l.get("gauge_mm")
    if l["mode"] != "rail":
        if g:
            raise ValueError(f"{l['id']}: gauge on a {l['mode']} link")
        return
    add_ref(refs, g["source"], source_keys)
    src = f"[{g['source']}]" if g["source"] in source_keys else f"({g['source']})"
    if l["id"] in DUAL_GAUGE_LINKS:
        rec["gauge_mm"] = [1435, 1520]
        notes.append(f"Gauge: modelled as dual-gauge 1435/1520 track across the border, the "
                     f"change happening at the far place (reference: {g['from_side']}/"
                     f"{g['to_side']} break-of-gauge link"
                     + (f"; {g['note']}" if g.get("note") else "") + f") {src}")
    elif l["id"] == "r_akhalkalaki_kars":
        rec["gauge_mm"] = [1435]
        notes.append("Gauge: standard gauge (1435 mm) runs from Akhalkalaki to Kars and the "
                     "change of gauge (wheel-set change or container transshipment) is at "
                     "Akhalkalaki, as the reference's own note says; the reference marks the "
                     f"link 1520/1435 {src} [railturkey2016_akh]")
    else:
        if g["break_of_gauge"] or g["from_side"] != g["to_side"]:
            raise ValueError(f"{l['id']}: unhandled break of gauge")
        rec["gauge_mm"] = [g["from_side"]]
        if g.get("note"):
            notes.append(f"Gauge: {g['note']} {src}")


# Time cases of links: {link: {(field, case): (value, source, note)}}. Fields:
# transit_hours, speed_kmh, dwell_hours (link border post), sailings_per_week and
# backlog_hours (single-valued: case "typical"). Sea links' typical transit_hours come from
# the reference's transit_time (see build_links).
KHORGOS_EUROPE_SPEED = (50.0, "cfts2017_khorgos",
                        "derived: 1,200 km/day container trains from Khorgos Gateway to Europe "
                        "(2017) / 24 h; a whole-route average of trains that flowed, so a best case")
DOSTYK_MOYINTY_SPEED = (62.5, "qazinform2025_dostyk",
                        "derived: 1,500 km/day target on Dostyk-Moyinty after double-tracking "
                        "(2025) / 24 h; a target, so a best case")
CKU_ROAD_SPEED = (33.5, "derived",
                  "2017 CKU pilot truck convoy [kabar2018_road]: 920 km Tashkent-Kashgar in "
                  "31 h, of which 3.5 h at the Dustlik and Irkeshtam borders, so 920 / 27.5 h "
                  "= 33.5 km/h with stops (the 50-60 km/h moving average leaves out 11.5 h of "
                  "stops); a convoy with priority, so a best case")
CASPIAN_FREQ_NOTE = ("assumption: no fixed timetables in the Caspian, ferries sail when "
                     "loaded and ferry capacity is the bottleneck (bsecurta2023, oecd2023_mc); "
                     "3.5 a week (one departure every two days on average) is a modelling "
                     "placeholder, not a published figure")
LINK_TIMES = {
    "d_osh_andijan": {("dwell_hours", "best"): (
        1.5, "kabar2018_road", "Dostuk/Dustlik KG-UZ road crossing, 2017 pilot truck convoy "
        "(with priority, so a best case)")},
    "s_kuryk_alat": {
        ("dwell_hours", "best"): (6.0, "astanatimes2021_kuryk",
                                  "ferry processing, lower end of 6-8 h for single-deck ferries"),
        ("dwell_hours", "typical"): (7.0, "astanatimes2021_kuryk",
                                     "ferry processing: 7 h (6-8 h single-deck ferries)"),
        ("dwell_hours", "worst"): (12.0, "astanatimes2021_kuryk",
                                   "ferry processing, upper end of 10-12 h for two-deck ferries"),
        ("sailings_per_week", "typical"): (3.5, "assumption", CASPIAN_FREQ_NOTE),
    },
    "s_aktau_alat": {("sailings_per_week", "typical"): (3.5, "assumption", CASPIAN_FREQ_NOTE)},
    "s_turkmenbashi_alat": {
        ("transit_hours", "best"): (9.0, "report2015_berkarar",
                                    "lower end of the published 9-10 h (Ro-Pax Berkarar)"),
        ("transit_hours", "worst"): (10.0, "report2015_berkarar",
                                     "upper end of the published 9-10 h (Ro-Pax Berkarar)"),
        ("sailings_per_week", "typical"): (
            9.9, "derived", "213 arrivals from Baku at Turkmenbashi in Jan-May 2023 "
            "[nca2023_ferry] / 151 days x 7 = 9.9 a week; assumed equal in both directions"),
    },
    "s_poti_constanta": {("sailings_per_week", "typical"): (
        1.0, "vk2023_poti", "weekly ferry (E60 line) from 2023")},
}
# The 1,200 km/day of Khorgos Gateway trains [cfts2017_khorgos] is not set as a speed: the
# same source gives 12-13 days from Khorgos Gateway to Europe, about 560 km/day end to end, so
# 1,200 km/day is a running speed between stops, not a commercial speed (it stays in the
# notes of r_horgos_altynkol's places via the reference).
for _lid in ("r_dostyk_aktogay", "r_aktogay_moyinty"):
    LINK_TIMES.setdefault(_lid, {})[("speed_kmh", "best")] = DOSTYK_MOYINTY_SPEED
for _lid in ("d_kashgar_irkeshtam", "d_irkeshtam_sarytash", "d_sarytash_osh", "d_osh_andijan",
             "d_andijan_tashkent"):
    LINK_TIMES.setdefault(_lid, {})[("speed_kmh", "best")] = CKU_ROAD_SPEED


def build_links(ref, source_keys):
    out = []
    for l in ref["links"]:
        lid = l["id"]
        refs = list(l.get("refs", []))
        notes = [l.get("notes", "")]
        rec = OrderedDict()
        rec["id"] = lid
        rec["from"] = l["from"]
        rec["to"] = l["to"]
        rec["mode"] = l["mode"]
        rec["name"] = l["name"]
        build_length(l, rec, notes, refs, source_keys)
        build_gauge(l, rec, notes, refs, source_keys)
        if l.get("commodity"):
            rec["commodity"] = COMMODITIES[l["commodity"]]

        # Decision 6: speeds and times.
        if "speed" in l:
            s = l["speed"]
            used = LINK_TIMES.get(lid, {}).get(("speed_kmh", "best"))
            notes.append(f"Speed: {num(s['value'])} {s['unit']} [{s['source']}]"
                         + (f" ({s['note']})" if s.get("note") else "")
                         + (f"; used as the best-case speed_kmh_best {num(used[0])} km/h"
                            if used and used[1] == s["source"]
                            else "; not a freight figure, not used for routing"))
            add_ref(refs, s["source"], source_keys)
        if "transit_time" in l:
            t = l["transit_time"]
            add_ref(refs, t["source"], source_keys)
            if l["mode"] == "sea":
                note = f"{num(t['value'])} {t['unit']}" + (f"; {t['note']}" if t.get("note") else "")
                rec["transit_hours"] = sourced(t["hours"], t["source"], note)
                if ("transit_hours", "typical") in LINK_TIMES.get(lid, {}):
                    raise ValueError(f"{lid}: typical transit time both in reference and table")
            else:
                notes.append(f"Transit time: {num(t['value'])} {t['unit']} [{t['source']}]"
                             + (f" ({t['note']})" if t.get("note") else "")
                             + "; passenger figure, not used for freight routing")

        # Decision 7: tariffs.
        if "tariffs" in l:
            kzt = []
            for t in l["tariffs"]:
                add_ref(refs, t["source"], source_keys)
                if t["unit"].startswith("USD per tonne") and t["source"] == "chinatradenews2019":
                    if "tariff" in rec:
                        raise ValueError(f"{lid}: two USD tariffs")
                    rec["tariff"] = OrderedDict([
                        ("fixed_usd", float(t["value"])), ("source", t["source"]),
                        ("note", f"{t['unit']}, {t['date']}" + (f"; {t['note']}" if t.get("note") else ""))])
                else:
                    kzt.append(f"{num(t['value'])} {t['unit']}, {t['date']} [{t['source']}]")
            if kzt:
                notes.append("Published tariffs (KZT, not converted, not used for routing): "
                             + "; ".join(kzt))

        if "capacity" in l:
            c = l["capacity"]
            add_ref(refs, c["source"], source_keys)
            if c.get("value") is None:
                notes.append("Capacity: " + figure_text(dict(c, label="capacity")))
            else:
                unit, caveat = split_capacity_unit(c["unit"])
                note = "; ".join(p for p in (caveat, c.get("note")) if p) or None
                cap = OrderedDict([("value", float(c["value"])), ("unit", unit),
                                   ("source", c["source"])])
                if note:
                    cap["note"] = note
                rec["capacity"] = cap

        # Decision 5 (link part): border posts on links, time cases, speeds, frequencies.
        table = LINK_TIMES.get(lid, {})
        if lid == "d_osh_andijan":
            rec["border"] = OrderedDict([("name", "Dostuk/Dustlik"), ("countries", ["KG", "UZ"])]
                                        + case_fields(table, "dwell_hours"))
        elif lid == "s_kuryk_alat":
            rec["border"] = OrderedDict([("countries", ["KZ", "AZ"])]
                                        + case_fields(table, "dwell_hours"))
        for field in ("transit_hours", "speed_kmh"):
            for key, v in case_fields(table, field):
                if key in rec:
                    raise ValueError(f"{lid}: {key} set twice")
                rec[key] = v
        for field in ("sailings_per_week", "backlog_hours"):
            if (field, "typical") in table:
                v, src, note = table[(field, "typical")]
                rec[field] = sourced(v, src, note)
        for key in [k for k in rec if k.startswith(("transit_hours", "speed_kmh", "sailings",
                                                     "backlog"))] + ["border"]:
            obj = rec.get(key)
            if isinstance(obj, dict):
                for v in ([obj] if "source" in obj else obj.values()):
                    if isinstance(v, dict) and "source" in v:
                        add_ref(refs, v["source"], source_keys)
        if "border_dwell" in l:
            for b in l["border_dwell"]:
                add_ref(refs, b["source"], source_keys)
            if lid in ("r_alashankou_dostyk",):
                notes.append("Border and transshipment times: see places alashankou and dostyk")
            elif lid == "r_horgos_altynkol":
                notes.append("Border and transshipment times: see places horgos_cn and altynkol")
            elif lid == "r_brest_malaszewicze":
                notes.append("Border waiting time: see place malaszewicze")
            elif lid == "d_kashgar_irkeshtam":
                notes.append("Border time: see place irkeshtam")

        rec["status"] = l["status"]

        # Decision 8: milestones.
        if l.get("year"):
            y = l["year"]
            add_ref(refs, y["source"], source_keys)
            ev = y["event"]
            if lid in SERVICE_YEAR_LINKS:
                notes.append(f"{SERVICE_YEAR_LINKS[lid]} {y['value']} [{y['source']}]"
                             + (f" ({y['note']})" if y.get("note") else "")
                             + "; the line itself is older, so no opening year is set")
            elif ev in YEAR_EVENT_MAP:
                note = y.get("note")
                if ev == "international_route_launch":
                    note = "reference event: international route launch" + (f"; {note}" if note else "")
                m = OrderedDict([("year", int(y["value"])), ("event", YEAR_EVENT_MAP[ev]),
                                 ("source", y["source"])])
                if note:
                    m["note"] = note
                rec["year"] = m
            elif ev in YEAR_EVENT_TO_NOTES:
                notes.append(f"{YEAR_EVENT_TO_NOTES[ev]} {y['value']} [{y['source']}]"
                             + (f" ({y['note']})" if y.get("note") else ""))
            else:
                raise ValueError(f"{lid}: unknown year event {ev}")

        rec["oneway"] = not l["bidirectional"]
        rec["corridors"] = list(l.get("corridors", []))

        # Decision 9: everything else into the notes.
        if "volumes" in l:
            notes.append("Volumes: " + "; ".join(
                f"{num(v['value'])} {v['unit']} [{v['source']}]" + (f" ({v['note']})" if v.get("note") else "")
                for v in l["volumes"]))
            for v in l["volumes"]:
                add_ref(refs, v["source"], source_keys)
        if "diameter_mm" in l:
            dm = l["diameter_mm"]
            notes.append(f"Diameter: {num(dm['value'])} mm [{dm['source']}]"
                         + (f" ({dm['note']})" if dm.get("note") else ""))
            add_ref(refs, dm["source"], source_keys)

        if refs:
            rec["refs"] = refs
        notes = join_notes(*notes)
        if notes:
            rec["notes"] = notes
        out.append(rec)
    return out


# ---------------------------------------------------------------------------- corridors

def build_corridors(ref, links_by_id):
    out = []
    for c in ref["corridors"]:
        ids = []
        for lid in c.get("main_path_links", []) + c["links"]:
            if lid not in ids:
                ids.append(lid)
        if c["type"] == "multimodal":
            present = {links_by_id[i]["mode"] for i in ids if i in links_by_id}
            modes = [m for m in MODES if m in present]
        else:
            modes = [c["type"]]
        figures, text_figs = [], []
        for f in c.get("figures", []):
            if isinstance(f.get("value"), (int, float)) and not isinstance(f["value"], bool):
                fig = OrderedDict([("label", f["label"]), ("unit", f["unit"]),
                                   ("value", float(f["value"])), ("source", f["source"])])
                if f.get("note"):
                    fig["note"] = f["note"]
                figures.append(fig)
            else:
                text_figs.append(figure_text(f))
        desc = [c["route_description"]]
        if c.get("commodity"):
            desc.append("Commodity: " + c["commodity"])
        if text_figs:
            desc.append("Other published figures: " + "; ".join(text_figs))
        cited = {f["source"] for f in c.get("figures", [])}
        body = " ".join(desc)
        uncited = [k for k in c.get("refs", []) if k not in cited and k not in body]
        if uncited:
            desc.append("See also " + ", ".join(f"[{k}]" for k in uncited))
        rec = OrderedDict([("id", c["id"]), ("name", c["name"]), ("modes", modes),
                           ("status", c["status"]), ("links", ids)])
        if figures:
            rec["figures"] = figures
        rec["description"] = join_notes(*desc)
        out.append(rec)
    return out


def reconcile_memberships(links, corridors):
    """Make link.corridors list every corridor that lists the link. Returns the additions."""
    by_id = {l["id"]: l for l in links}
    added = []
    for c in corridors:
        for lid in c["links"]:
            if lid not in by_id:
                continue  # reported by validate()
            lc = by_id[lid]["corridors"]
            if c["id"] not in lc:
                lc.append(c["id"])
                added.append((lid, c["id"]))
    return added


# ---------------------------------------------------------------------------- meta

def additions_text(summary):
    return (f"{len(summary['places'])} places ({', '.join(p.split(' ')[0] for p in summary['places'])}), "
            f"{len(summary['links'])} links ({', '.join(l.split(' ')[0] for l in summary['links'])}), "
            f"{len(summary['sources'])} sources, transfer overrides of "
            f"{', '.join(summary['place_overrides']) or 'no place'}")


def build_meta(ref, n_backrefs, summary):
    rm = ref["meta"]
    conv = rm.get("conventions", {})
    return OrderedDict([
        ("title", "corridor built-in network: China–Central Asia–Caspian–Europe"),
        ("version", "0.1.0"),
        ("description", "Places, links and corridors of the China–Central Asia–Caucasus–Europe "
                        "rail, road, sea and pipeline network used by the corridor crate by "
                        "default. Generated by tools/build_central_asia.py; do not edit by "
                        "hand: change the converter or the reference and regenerate."),
        ("derived_from", OrderedDict([
            ("title", rm["title"]), ("version", rm["version"]), ("generated", rm["generated"]),
            ("file", "data/reference/corridors.json (human-readable twin corridors.md; "
                     "byte-identical copies of the shared reference)"),
            ("description", rm.get("description", ""))])),
        ("additions", OrderedDict([
            ("file", "data/additions.json"),
            ("description", "places, links and sources the project adds on top of the "
                            "reference, merged before mapping")]
            + [(k, v) for k, v in summary.items()])),
        ("licence", "The compilation is distributed with the corridor crate under its licence "
                    "(MIT OR Apache-2.0). The facts are taken from the public publications "
                    "listed in 'sources', which remain their publishers'; cite the source key "
                    "of a figure when reusing it. Several sources are mirrors, blogs or "
                    "secondary summaries: see sources[].kind."),
        ("conventions", OrderedDict([
            ("source", "every 'source' is a key of 'sources' (a published figure) or a "
                       "provenance tag: " + ", ".join(f"'{t}'" for t in PROVENANCE_TAGS) +
                       "; 'refs' list source keys only"),
            ("length_km", "a source key = published figure; 'derived' = arithmetic on "
                          "published figures, explained in the note. A link without "
                          "length_km has a circuity instead: the crate computes geodesic "
                          "distance x circuity and reports it as 'computed' (an estimate, "
                          "never a published figure)"),
            ("circuity_factors", conv.get("circuity_factors", {})),
            ("coord_source", conv.get("coord_source", "")),
            ("location", "[longitude, latitude] in degrees, WGS 84"),
            ("gauge_mm", "list of track gauges on a rail link: 1435 (China, Iran, Turkiye, EU), "
                         "1520 (former USSR, incl. Hairatan-Mazar); two gauges = dual-gauge "
                         "track across a border, the train changes gauge at a place whose "
                         "transfers include 'gauge'"),
            ("oneway", "links are usable both ways unless oneway (pipelines flow from -> to)"),
            ("units", "lengths km, times h, speeds km/h, money USD; capacity units per record"),
            ("time_cases", "timed fields come in up to three cases: '<field>_best' (everything "
                           "flows: per-train processing, speed-train figures), '<field>' "
                           "(typical: published averages) and '<field>_worst' (published "
                           "congestion figures, e.g. the 2021-2023 reloading queues); a case "
                           "left out is filled by the crate's default rules. Hours: best <= "
                           "typical <= worst; speeds: best >= typical >= worst"),
            ("status", conv.get("status", "")),
        ])),
        ("changes_from_reference", [
            c.replace("{n_backrefs}", str(n_backrefs)).replace("{additions}", additions_text(summary))
            for c in CHANGES_FROM_REFERENCE]),
        ("reference_notes", OrderedDict([
            ("default_speeds", rm.get("default_speeds", {})),
            ("people_daily_june_2025", rm.get("people_daily_june_2025_note", "")),
            ("route_comparisons", list(ref.get("route_comparisons", []))),
            ("published_path_lengths", [
                OrderedDict([("check", c["check"]), ("path", c["path"]),
                             ("published_km", c["published_km"]), ("source", c["source"])])
                for c in ref.get("consistency_checks", [])]),
        ])),
        ("gaps_and_uncertainties", list(ref.get("gaps_and_uncertainties", []))),
    ])


# ---------------------------------------------------------------------------- validation

def validate(data):
    errors = []
    keys = [s["key"] for s in data["sources"]]
    key_set = set(keys)
    allowed = key_set | set(PROVENANCE_TAGS)

    def dupes(ids, what):
        seen = set()
        for i in ids:
            if i in seen:
                errors.append(f"duplicate {what} id {i}")
            seen.add(i)

    dupes(keys, "source")
    dupes([p["id"] for p in data["places"]], "place")
    dupes([l["id"] for l in data["links"]], "link")
    dupes([c["id"] for c in data["corridors"]], "corridor")

    places = {p["id"]: p for p in data["places"]}
    links = {l["id"]: l for l in data["links"]}
    corridors = {c["id"]: c for c in data["corridors"]}

    def check_sources(obj, where):
        if isinstance(obj, dict):
            for k, v in obj.items():
                if k in ("source", "coord_source"):
                    if v not in allowed:
                        errors.append(f"{where}: unresolved {k} {v!r}")
                elif k == "refs":
                    for r in v:
                        if r not in key_set:
                            errors.append(f"{where}: unresolved ref {r!r}")
                else:
                    check_sources(v, where)
        elif isinstance(obj, list):
            for v in obj:
                check_sources(v, where)

    for p in data["places"]:
        check_sources(p, "place " + p["id"])
        if p["kind"] not in PLACE_KINDS:
            errors.append(f"place {p['id']}: bad kind {p['kind']}")
        for t in p.get("transfers", []):
            if t not in TRANSFER_KINDS:
                errors.append(f"place {p['id']}: bad transfer {t}")
        lon, lat = p["location"]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            errors.append(f"place {p['id']}: bad location")
    for l in data["links"]:
        w = "link " + l["id"]
        check_sources(l, w)
        for end in ("from", "to"):
            if l[end] not in places:
                errors.append(f"{w}: unknown {end} place {l[end]}")
        if l["mode"] not in MODES:
            errors.append(f"{w}: bad mode")
        if l["status"] not in STATUSES:
            errors.append(f"{w}: bad status")
        if ("length_km" in l) == ("circuity" in l):
            errors.append(f"{w}: needs exactly one of length_km and circuity")
        if l["mode"] == "rail" and not l.get("gauge_mm"):
            errors.append(f"{w}: rail link without gauge")
        if l["mode"] != "rail" and l.get("gauge_mm"):
            errors.append(f"{w}: gauge on non-rail link")
        if (l["mode"] == "pipeline") != ("commodity" in l):
            errors.append(f"{w}: commodity must be set exactly on pipelines")
        if l.get("commodity") and l["commodity"] not in COMMODITIES.values():
            errors.append(f"{w}: bad commodity")
        if "year" in l and l["year"]["event"] not in MILESTONES:
            errors.append(f"{w}: bad milestone")
        if not isinstance(l["oneway"], bool):
            errors.append(f"{w}: oneway not bool")
        for cid in l.get("corridors", []):
            if cid not in corridors:
                errors.append(f"{w}: unknown corridor {cid}")
            elif l["id"] not in corridors[cid]["links"]:
                errors.append(f"{w}: claims corridor {cid} which does not list it")
    for c in data["corridors"]:
        w = "corridor " + c["id"]
        check_sources(c, w)
        if c["status"] not in STATUSES:
            errors.append(f"{w}: bad status")
        for m in c["modes"]:
            if m not in MODES:
                errors.append(f"{w}: bad mode {m}")
        for lid in c["links"]:
            if lid not in links:
                errors.append(f"{w}: unknown link {lid}")
            elif c["id"] not in links[lid].get("corridors", []):
                errors.append(f"{w}: link {lid} does not name the corridor")
        for f in c.get("figures", []):
            if not isinstance(f["value"], (int, float)):
                errors.append(f"{w}: non-numeric figure {f['label']}")
    # Time cases: best <= typical <= worst for hours, best >= typical >= worst for speeds.
    def check_cases(obj, base, where, hours=True):
        vals = [(c, obj[base + CASE_SUFFIX[c]]["value"]) for c in CASES
                if base + CASE_SUFFIX[c] in obj]
        for v in vals:
            if not (isinstance(v[1], (int, float)) and v[1] > 0):
                errors.append(f"{where}: {base} {v[0]} not a positive number")
        for (c1, v1), (c2, v2) in zip(vals, vals[1:]):
            if (v1 > v2) if hours else (v1 < v2):
                errors.append(f"{where}: {base} {c1} {v1} and {c2} {v2} out of order "
                              f"({'best <= typical <= worst' if hours else 'best >= typical >= worst'})")

    for p in data["places"]:
        check_cases(p, "transfer_hours", "place " + p["id"])
        if p.get("border"):
            check_cases(p["border"], "dwell_hours", "place " + p["id"] + " border")
    for l in data["links"]:
        w = "link " + l["id"]
        check_cases(l, "transit_hours", w)
        check_cases(l, "speed_kmh", w, hours=False)
        if l.get("border"):
            check_cases(l["border"], "dwell_hours", w + " border")
        for k in ("sailings_per_week", "backlog_hours"):
            if k in l and not l[k]["value"] > 0:
                errors.append(f"{w}: {k} not positive")

    counts = {"places": len(data["places"]), "links": len(data["links"]),
              "corridors": len(data["corridors"]), "sources": len(data["sources"])}
    for k, n in EXPECTED.items():
        if counts[k] != n:
            errors.append(f"expected {n} {k}, got {counts[k]}")
    return errors, counts


def used_source_keys(data):
    used = set()

    def walk(obj):
        if isinstance(obj, dict):
            for k, v in obj.items():
                if k in ("source", "coord_source") and isinstance(v, str):
                    used.add(v)
                elif k == "refs":
                    used.update(v)
                elif isinstance(v, str):
                    used.update(re.findall(r"[A-Za-z0-9_]+", v))
                else:
                    walk(v)
        elif isinstance(obj, list):
            for v in obj:
                walk(v)
        elif isinstance(obj, str):
            used.update(re.findall(r"[A-Za-z0-9_]+", obj))

    walk({k: v for k, v in data.items() if k != "sources"})
    return used


# ---------------------------------------------------------------------------- README

README_TEMPLATE = """\
# data/

`central_asia.json` is the network built into the `corridor` crate
(`Network::central_asia()` embeds it at compile time): the rail, road, sea and pipeline
corridors linking China, Central Asia, the Caspian, the Caucasus and Europe.

**Do not edit it by hand.** It is generated from the project's reference data set
(`reference/corridors.json`, with its human-readable twin `corridors.md`: byte-identical
copies of the shared reference, see `reference/README.md`) plus the project's own additions
(`additions.json`: places, links and sources added on top of the reference, in the
reference's record shapes) by

    python3 tools/build_central_asia.py [REFERENCE_JSON] [OUTPUT_JSON]

(Python 3 standard library only). The script applies the mapping rules listed below,
validates the result (unique ids, link ends and corridor links exist, every source
resolves, expected counts, best <= typical <= worst time cases) and rewrites this README.
Change the script or `additions.json` (or replace the reference with a newer version) and
regenerate.

Contents: {places} places, {links} links, {corridors} corridors, {sources} sources
(from reference "{ref_title}", version {ref_version}, generated {ref_generated}:
{ref_counts}; plus `additions.json`: {add_counts}).

Added by the project (`additions.json`):

- places: {add_places}
- links: {add_links}
- sources: {add_sources}
- transfer overrides of reference places: {add_overrides}

## Schema in brief

The file deserializes into `corridor::model::NetworkData` (see `src/model/`):

- `meta`: title, version, provenance, licence, conventions, `changes_from_reference`,
  `reference_notes` (published route comparisons and end-to-end lengths, default speeds
  quoted by the reference) and `gaps_and_uncertainties`. Free-form; not used for routing.
- `sources`: `{{key, title, date?, url?, kind?}}`; `kind` says whether a source is news, an
  operator, a mirror, a blog…
- `places`: `{{id, name, alt_names, country (ISO 3166-1 alpha-2), location: [lon, lat],
  coord_source, kind, transfers?, transfer_hours?, transfer_hours_best?,
  transfer_hours_worst?, border?, notes, refs}}`. `kind` is one of
  city, border_crossing, seaport, dry_port, terminal, gas_field, pipeline_terminal,
  junction; `transfers` overrides the kind's default transfers
  (`PlaceKind::default_transfers`); `transfer_hours*` is the time a consignment spends
  changing gauge or mode at the place, queue included; `border` is a border post
  `{{countries?, name?, dwell_hours?, dwell_hours_best?, dwell_hours_worst?, fee_usd?}}`
  (customs and border formalities only), present (possibly empty) on every border crossing.
- `links`: `{{id, from, to, mode, name, length_km? | circuity?, gauge_mm, commodity?,
  speed_kmh?, speed_kmh_best?, speed_kmh_worst?, transit_hours?, transit_hours_best?,
  transit_hours_worst?, sailings_per_week?, backlog_hours?, tariff?, capacity?, border?,
  status, year?, oneway, corridors, refs, notes}}`. Rail links list their gauges (two =
  dual-gauge track across a border); pipelines name their commodity and are one-way.
  `speed_kmh*` is a commercial speed, stops included; `sailings_per_week` is the service
  frequency of a sea/ferry link (or of a scheduled block train where published);
  `backlog_hours` is the extra wait for a departure in the worst case, on top of a full
  headway; `border` on a link is a border post with the same fields as a place's.

**Time cases.** Every timed piece (transfer, border dwell, transit, speed) has up to three
cases, each a `Sourced` value:

- `…_best`: everything flows (per-train processing or transshipment figures, speed trains,
  pilot convoys with priority, targets);
- the field without suffix: **typical**, what published averages show;
- `…_worst`: published congestion figures (the 2021–2023 reloading queues at the gauge
  change yards, the 2022 Caspian backlog).

A case is set only where a published figure, stated arithmetic on one (`derived`) or a
marked `assumption` supports it; the crate fills the cases left out by its documented
default rules (`Duration::fill`, documented on `CostModel`). The build checks best ≤
typical ≤ worst for hours and best ≥ typical ≥ worst for speeds. Links may also carry a
weekly `timetable` (`{{departures: ["Tue 20:00", …], source}}`, UTC), boarded exactly when a
route request gives a departure time; none is set here, as the reference publishes no
sailing days (the Caspian ferries have no fixed timetables).

- `corridors`: `{{id, name, modes, status, links, figures, description}}`; `links` lists
  the main path in order first, then the corridor's other links; `figures` are published
  end-to-end numbers with unit and source.

Units: km, hours, km/h, USD; capacity units are given per record.

## Provenance

Every figure is a `Sourced` value `{{value, source, note?}}` (and tariffs, capacities,
milestones and figures carry a `source` too). `source` is either

- a **source key** from `sources`: a published figure, or
- a **provenance tag**: `general knowledge` (common geographic knowledge, e.g. a city's
  coordinates, ±5 km), `estimate` (approximate, explained in the notes), `derived`
  (arithmetic on published figures, the method is in the note), `computed` (computed by
  the crate) or `assumption` (a modelling default).

`refs` lists only source keys. Notes cite sources as `[key]`.

**Computed lengths are estimates.** {circ} of the {links} links have no published length:
they carry a `circuity` instead of `length_km`, and the crate computes
geodesic distance × circuity from the coordinates; routes report that part of
a leg's distance as `estimated_km`.
The factors are the reference's: rail 1.15 (plains/steppe), mountain rail 1.35, road 1.2,
mountain road 1.45, sea 1.1, pipeline 1.1, short border hop 1.0. Use routes over such
links as approximations; the reference's own estimate is kept in each link's notes.

## Changes from the reference

{changes}

## Known gaps and uncertainties (from the reference)

{gaps}

Also worth knowing:

- A few `opened` years date a service or a corridor rather than the track or road:
  `r_tashkent_samarkand` 2011 (high-speed service; line much older), `r_tbilisi_akhalkalaki`
  2017 (BTK opening), `d_horgos_almaty` 2018 (WE-WC completion),
  `d_kashgar_irkeshtam` 2018 (international truck route launch). Routing "as of" an earlier
  year drops these links.
- `d_balykchy_jalalabad` is operational with an opening "announced for April 2025 -
  verify" in the reference.
- `beineu` and `balykchy` are junctions where rail and road meet but, as junctions, handle
  no rail-road transfer.
- Project additions with assumed geometry: `p_gas_galkynysh_samandepe` (the tie-in of
  Galkynysh gas into Lines A-C is not published; a straight connector to Saman-Depe);
  `r_ashgabat_tejen` and `r_tejen_mary` run on the same track as the reference's
  `r_mary_ashgabat` (added so that Tejen, the Sarakhs branch point, is a place);
  `r_makat_aktobe` runs via Kandyagash, which is not a place, so Makat-Saksaulskaya trains
  detour via Aktobe; the Atyrau-Astrakhan road and rail links stop at Astrakhan (no onward
  Russian links).
- No published figure was found for the 2022 Caspian ferry backlog (in hours or days) or
  for Aktau/Kuryk-Alat sailings per week: `backlog_hours` is not set and the ferries'
  `sailings_per_week` is a marked assumption.

## Licence

The compilation is distributed with the crate under its licence (MIT OR Apache-2.0). The
facts come from the public publications listed in `sources`, which remain their
publishers'; cite the source key when reusing a figure. Several sources are mirrors, blogs
or secondary summaries (see `sources[].kind`).
"""

CALIBRATION_TEMPLATE = """
## Calibration against published transit times and tariffs

{block}
"""


def write_readme(path, data, ref, summary):
    meta = data["meta"]
    # Keep the calibration block another process writes (markers included).
    block = CALIBRATION_START + "\n" + CALIBRATION_END
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            old = f.read()
        i, j = old.find(CALIBRATION_START), old.find(CALIBRATION_END)
        if i >= 0 and j > i:
            block = old[i:j + len(CALIBRATION_END)]
    rc = {k: len(ref[k]) for k in ("nodes", "links", "corridors", "sources")}
    add_c = {k: len(summary[k]) for k in ("places", "links", "sources")}
    text = README_TEMPLATE.format(
        ref_counts=f"{rc['nodes']} places, {rc['links']} links, {rc['corridors']} corridors, "
                   f"{rc['sources']} sources",
        add_counts=f"{add_c['places']} places, {add_c['links']} links, {add_c['sources']} sources",
        add_places=", ".join(f"`{p.split(' ')[0]}`" for p in summary["places"]) or "none",
        add_links=", ".join(f"`{l.split(' ')[0]}`" for l in summary["links"]) or "none",
        add_sources=", ".join(f"`{k}`" for k in summary["sources"]) or "none",
        add_overrides=", ".join(f"`{k}`" for k in summary["place_overrides"]) or "none",
        places=len(data["places"]), links=len(data["links"]),
        corridors=len(data["corridors"]), sources=len(data["sources"]),
        ref_title=ref["meta"]["title"], ref_version=ref["meta"]["version"],
        ref_generated=ref["meta"]["generated"],
        circ=sum("circuity" in l for l in data["links"]),
        changes="\n".join("- " + c for c in meta["changes_from_reference"]),
        gaps="\n".join("- " + g for g in meta["gaps_and_uncertainties"]))
    text += CALIBRATION_TEMPLATE.format(block=block)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


# ---------------------------------------------------------------------------- main

def main(argv):
    global EXPECTED
    ref_path = argv[1] if len(argv) > 1 else DEFAULT_REFERENCE
    out_path = argv[2] if len(argv) > 2 else DEFAULT_OUTPUT
    with open(ref_path, encoding="utf-8") as f:
        reference = json.load(f)
    with open(ADDITIONS, encoding="utf-8") as f:
        additions = json.load(f)
    ref, summary = merge_additions(reference, additions)
    PLACE_OVERRIDES.update(additions.get("place_overrides", {}))
    EXPECTED = expected_counts(additions)

    sources = build_sources(ref)
    source_keys = {s["key"] for s in sources}
    places = build_places(ref, source_keys)
    links = build_links(ref, source_keys)
    links_by_id = {l["id"]: l for l in links}
    corridors = build_corridors(ref, links_by_id)
    added = reconcile_memberships(links, corridors)
    for l in links:
        if not l["corridors"]:
            del l["corridors"]

    data = OrderedDict([("meta", build_meta(ref, len(added), summary)), ("sources", sources), ("places", places),
                        ("links", links), ("corridors", corridors)])

    errors, counts = validate(data)
    if errors:
        for e in errors:
            print("ERROR:", e, file=sys.stderr)
        sys.exit(1)

    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
        f.write("\n")
    readme = os.path.join(os.path.dirname(out_path), "README.md")
    write_readme(readme, data, reference, summary)

    unused = sorted(source_keys - used_source_keys(data))
    print(f"wrote {out_path} and {readme}")
    print("places {places}, links {links}, corridors {corridors}, sources {sources}".format(**counts))
    print(f"  links with published/derived length_km: "
          f"{sum('length_km' in l for l in links)}, with circuity only: "
          f"{sum('circuity' in l for l in links)}")
    print(f"  corridor back-references added to link.corridors: {len(added)}")
    if unused:
        print(f"  source keys not cited anywhere in the file ({len(unused)}): "
              + ", ".join(unused))


if __name__ == "__main__":
    main(sys.argv)
