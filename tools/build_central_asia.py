#!/usr/bin/env python3
"""Build data/central_asia.json, the built-in network of the `corridor` crate, from the
reference data set shared/reference/corridors.json.

Python 3 standard library only. Run from anywhere:

    python3 tools/build_central_asia.py [REFERENCE_JSON] [OUTPUT_JSON]

Defaults: ../shared/reference/corridors.json beside the repository (falling back to
/work/shared/reference/corridors.json) and data/central_asia.json in the repository.
data/README.md (beside the output) is rewritten too, so its change list and gaps stay in
step with the file's meta.

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
DEFAULT_REFERENCE = [
    os.path.join(os.path.dirname(REPO), "shared", "reference", "corridors.json"),
    "/work/shared/reference/corridors.json",
]
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

EXPECTED = {"places": 109, "links": 150, "corridors": 20, "sources": 161}

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
    "Border and transfer times: the links' border_dwell figures moved to places: "
    "alashankou/dostyk dwell 4.25 h (silkroadnews2016_dostyk) and transfer 1.5 h "
    "(khabarasia2024); horgos_cn/altynkol transfer 1.0 h (astanatimes2026_khorgos), no dwell "
    "figure; malaszewicze dwell 60 h (railtech2018); irkeshtam dwell 2 h (kabar2018_road); on "
    "links d_osh_andijan (Dostuk/Dustlik, 1.5 h, kabar2018_road) and s_kuryk_alat (ferry "
    "processing 7 h, astanatimes2021_kuryk); every other border_crossing place gets an empty "
    "border post; no fees were invented.",
    "Times: sea links' sailing times become transit_hours (s_aktau_alat 22, s_kuryk_alat 18, "
    "s_turkmenbashi_alat 9.5, s_batumi_constanta 120); passenger, design and target speeds "
    "and times (r_tashkent_samarkand, r_urumqi_jinghe, r_dostyk_aktogay) are notes only.",
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
                "set (crate default applies).")


def place_border_and_transfer(pid, kind):
    """Decision 5: border posts and transfer times (returns border, transfer_hours, notes)."""
    if pid in ("alashankou", "dostyk"):
        border = OrderedDict([("dwell_hours", sourced(
            4.25, "silkroadnews2016_dostyk",
            "processing per train at the Alashankou-Dostyk crossing, 2016 (previously 9 h). "
            "Other figures: 1 h per train transshipment at Alashankou, 2023 "
            "[dear2023_alashankou]; 6 days average reloading wait during the mid-2023 "
            "congestion [jike2023]"))])
        th = sourced(1.5, "khabarasia2024", "whole train change, 2024 (down from 2 h 10 min)")
        return border, th, ""
    if pid in ("horgos_cn", "altynkol"):
        th = sourced(1.0, "astanatimes2026_khorgos",
                     "container handling at the Khorgos crossing, 2025 (was 5 h)")
        return OrderedDict(), th, KHORGOS_NOTE
    if pid == "malaszewicze":
        border = OrderedDict([("dwell_hours", sourced(
            60.0, "railtech2018",
            "2-3 days typical wait, 2018 (can extend to weeks); during the 2021 congestion the "
            "average wait was 10 days, up to 16 [silkroadsummit2021]"))])
        return border, None, ""
    if pid == "irkeshtam":
        border = OrderedDict([("dwell_hours", sourced(
            2.0, "kabar2018_road", "Irkeshtam road crossing, 2017 pilot truck convoy"))])
        return border, None, ""
    if kind == "border_crossing":
        return OrderedDict(), None, ""
    return None, None, ""


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
        border, th, extra = place_border_and_transfer(n["id"], n["kind"])
        if th is not None:
            rec["transfer_hours"] = th
            add_ref(refs, th["source"], source_keys)
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
        if n["id"] in ("alashankou", "dostyk"):
            for k in ("dear2023_alashankou", "jike2023"):
                add_ref(refs, k, source_keys)
        if n["id"] == "malaszewicze":
            add_ref(refs, "silkroadsummit2021", source_keys)
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
                f"circuity {circ}" + (f" ({terrain})" if terrain else "") +
                f"; the reference's estimate was {num(ln['value'])} km")
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
            notes.append(f"Speed: {num(s['value'])} {s['unit']} [{s['source']}]"
                         + (f" ({s['note']})" if s.get("note") else "")
                         + "; not a freight figure, not used for routing")
            add_ref(refs, s["source"], source_keys)
        if "transit_time" in l:
            t = l["transit_time"]
            add_ref(refs, t["source"], source_keys)
            if l["mode"] == "sea":
                note = f"{num(t['value'])} {t['unit']}" + (f"; {t['note']}" if t.get("note") else "")
                rec["transit_hours"] = sourced(t["hours"], t["source"], note)
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

        # Decision 5 (link part).
        if lid == "d_osh_andijan":
            rec["border"] = OrderedDict([("name", "Dostuk/Dustlik"), ("countries", ["KG", "UZ"]), ("dwell_hours", sourced(
                1.5, "kabar2018_road", "KG-UZ road crossing, 2017 pilot truck convoy"))])
        elif lid == "s_kuryk_alat":
            rec["border"] = OrderedDict([("countries", ["KZ", "AZ"]), ("dwell_hours", sourced(
                7.0, "astanatimes2021_kuryk",
                "ferry processing: 6-8 h single-deck, 10-12 h two-deck ferries"))])
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

def build_meta(ref, n_backrefs):
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
            ("file", "shared/reference/corridors.json (human-readable twin corridors.md)"),
            ("description", rm.get("description", ""))])),
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
            ("status", conv.get("status", "")),
        ])),
        ("changes_from_reference", [c.replace("{n_backrefs}", str(n_backrefs))
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
(`shared/reference/corridors.json`, with its human-readable twin `corridors.md`) by

    python3 tools/build_central_asia.py [REFERENCE_JSON] [OUTPUT_JSON]

(Python 3 standard library only). The script applies the mapping rules listed below,
validates the result (unique ids, link ends and corridor links exist, every source
resolves, expected counts) and rewrites this README. Change the script or the reference
and regenerate.

Contents: {places} places, {links} links, {corridors} corridors, {sources} sources
(from reference "{ref_title}", version {ref_version}, generated {ref_generated}).

## Schema in brief

The file deserializes into `corridor::model::NetworkData` (see `src/model/`):

- `meta`: title, version, provenance, licence, conventions, `changes_from_reference`,
  `reference_notes` (published route comparisons and end-to-end lengths, default speeds
  quoted by the reference) and `gaps_and_uncertainties`. Free-form; not used for routing.
- `sources`: `{{key, title, date?, url?, kind?}}`; `kind` says whether a source is news, an
  operator, a mirror, a blog…
- `places`: `{{id, name, alt_names, country (ISO 3166-1 alpha-2), location: [lon, lat],
  coord_source, kind, transfers?, transfer_hours?, border?, notes, refs}}`. `kind` is one of
  city, border_crossing, seaport, dry_port, terminal, gas_field, pipeline_terminal,
  junction; `transfers` overrides the kind's default transfers
  (`PlaceKind::default_transfers`); `border` is a border post `{{name?, dwell_hours?,
  fee_usd?}}`, present (possibly empty) on every border crossing.
- `links`: `{{id, from, to, mode, name, length_km? | circuity?, gauge_mm, commodity?,
  speed_kmh?, transit_hours?, tariff?, capacity?, border?, status, year?, oneway,
  corridors, refs, notes}}`. Rail links list their gauges (two = dual-gauge track across a
  border); pipelines name their commodity and are one-way.
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

## Licence

The compilation is distributed with the crate under its licence (MIT OR Apache-2.0). The
facts come from the public publications listed in `sources`, which remain their
publishers'; cite the source key when reusing a figure. Several sources are mirrors, blogs
or secondary summaries (see `sources[].kind`).
"""


def write_readme(path, data, ref):
    meta = data["meta"]
    text = README_TEMPLATE.format(
        places=len(data["places"]), links=len(data["links"]),
        corridors=len(data["corridors"]), sources=len(data["sources"]),
        ref_title=ref["meta"]["title"], ref_version=ref["meta"]["version"],
        ref_generated=ref["meta"]["generated"],
        circ=sum("circuity" in l for l in data["links"]),
        changes="\n".join("- " + c for c in meta["changes_from_reference"]),
        gaps="\n".join("- " + g for g in meta["gaps_and_uncertainties"]))
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


# ---------------------------------------------------------------------------- main

def main(argv):
    ref_path = argv[1] if len(argv) > 1 else next(
        (p for p in DEFAULT_REFERENCE if os.path.exists(p)), DEFAULT_REFERENCE[0])
    out_path = argv[2] if len(argv) > 2 else DEFAULT_OUTPUT
    with open(ref_path, encoding="utf-8") as f:
        ref = json.load(f)

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

    data = OrderedDict([("meta", build_meta(ref, len(added))), ("sources", sources), ("places", places),
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
    write_readme(readme, data, ref)

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
