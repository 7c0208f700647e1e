#!/usr/bin/env python3
"""Draws a route (the `route` example's --format geojson output) over the built-in network as
an SVG map, for the README. Python 3 standard library only.

    cargo run --release --example route -- --from "Xi'an" --to Duisburg --avoid-country RU \
        --format geojson > /tmp/route.geojson
    python3 tools/route_svg.py /tmp/route.geojson docs/route.svg "Xi'an → Duisburg avoiding Russia"
"""
import json, math, sys

route_path, out_path = sys.argv[1], sys.argv[2]
title = sys.argv[3] if len(sys.argv) > 3 else ""
net = json.load(open("data/central_asia.json", encoding="utf-8"))
route = json.load(open(route_path, encoding="utf-8"))
places = {p["id"]: p for p in net["places"]}

W, H, PAD = 1000, 560, 30
lons = [p["location"][0] for p in net["places"]]
lats = [p["location"][1] for p in net["places"]]
x0, x1, y0, y1 = min(lons) - 1, max(lons) + 1, min(lats) - 1, max(lats) + 1
k = math.cos(math.radians((y0 + y1) / 2))  # equirectangular at the mid latitude
sx = (W - 2 * PAD) / ((x1 - x0) * k)
sy = (H - 2 * PAD - 30) / (y1 - y0)
s = min(sx, sy)


def xy(lon, lat):
    return PAD + (lon - x0) * k * s, H - PAD - (lat - y0) * s


COLORS = {"rail": "#1f5fbf", "road": "#c0392b", "sea": "#16a085", "pipeline": "#8e44ad"}
out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
       f'font-family="sans-serif" font-size="11">',
       f'<rect width="{W}" height="{H}" fill="#fbfbf8"/>',
       f'<text x="{PAD}" y="22" font-size="15" font-weight="bold">{title}</text>']
for l in net["links"]:
    a, b = places[l["from"]]["location"], places[l["to"]]["location"]
    (ax, ay), (bx, by) = xy(*a), xy(*b)
    dash = ' stroke-dasharray="4 3"' if l.get("status") != "operational" else ""
    out.append(f'<line x1="{ax:.1f}" y1="{ay:.1f}" x2="{bx:.1f}" y2="{by:.1f}" '
               f'stroke="#c8c8c8" stroke-width="1"{dash}/>')
for f in route["features"]:
    g, p = f["geometry"], f["properties"]
    if g["type"] == "LineString":
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(*c) for c in g["coordinates"]))
        out.append(f'<polyline points="{pts}" fill="none" stroke="{COLORS.get(p.get("mode"), "#000")}" '
                   f'stroke-width="3.5" stroke-linejoin="round" stroke-linecap="round"/>')
# Border crossings first, transfers on top of them.
for kind, fill in (("border_crossing", "#2c3e50"), ("transfer", "#f39c12")):
    for f in route["features"]:
        g, p = f["geometry"], f["properties"]
        if g["type"] == "Point" and p.get("kind") == kind:
            x, y = xy(*g["coordinates"])
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{fill}" stroke="#fff"/>')
# Labels for leg ends and transfers, skipping any that would overlap one already placed.
placed = []
for f in route["features"]:
    p = f["properties"]
    for pid in (p.get("from"), p.get("to"), p.get("place")):
        if pid not in places:
            continue
        x, y = xy(*places[pid]["location"])
        if any(abs(x - a) < 40 and abs(y - b) < 12 for a, b in placed):
            continue
        placed.append((x, y))
        name = places[pid]["name"].split(" (")[0]
        out.append(f'<text x="{x + 6:.1f}" y="{y - 6:.1f}" fill="#222">{name}</text>')
legend = [("rail", "rail"), ("road", "road"), ("sea", "sea / ferry"), ("pipeline", "pipeline")]
for i, (m, name) in enumerate(legend):
    y = 45 + i * 15
    out.append(f'<line x1="{W - 190}" y1="{y}" x2="{W - 165}" y2="{y}" stroke="{COLORS[m]}" stroke-width="3.5"/>')
    out.append(f'<text x="{W - 158}" y="{y + 4}">{name}</text>')
out.append(f'<circle cx="{W - 178}" cy="{45 + 4 * 15}" r="4.5" fill="#f39c12"/>'
           f'<text x="{W - 158}" y="{45 + 4 * 15 + 4}">transfer (mode or gauge)</text>')
out.append(f'<circle cx="{W - 178}" cy="{45 + 5 * 15}" r="4.5" fill="#2c3e50"/>'
           f'<text x="{W - 158}" y="{45 + 5 * 15 + 4}">border crossing</text>')
out.append(f'<text x="{PAD}" y="{H - 8}" fill="#888">grey: the built-in network '
           f'(dashed: under construction or planned); straight lines between places</text>')
out.append("</svg>")
open(out_path, "w", encoding="utf-8").write("\n".join(out) + "\n")
