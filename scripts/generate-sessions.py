#!/usr/bin/env python3
"""Writes the synthetic Sites/NAME.sessions.csv files: morning arrivals (evening for the depot),
varied stays and energies, never two sessions on one EVSE at once. Deterministic (seeded)."""
import datetime as dt
import random
from zoneinfo import ZoneInfo

import yaml  # PyYAML, only for this generator

def evses(site):
    found = []
    def walk(node):
        for station in node.get("stations", []):
            for evse in station["evses"]:
                found.append((station["id"], evse["id"], evse["wiring"]))
        for child in node.get("children", []):
            walk(child)
    walk(yaml.safe_load(open(f"Sites/{site}.yaml"))["grid"])
    return found

def generate(site, tz, start, days, per_day, arrive, stay, energy, max_kw, seed, weekend=0.3):
    rng = random.Random(seed)
    zone = ZoneInfo(tz)
    points = evses(site)
    busy = {}
    rows = []
    n = 0
    for day in range(days):
        date = start + dt.timedelta(days=day)
        count = per_day if date.weekday() < 5 else int(per_day * weekend)
        arrivals = sorted(rng.gauss(*arrive) for _ in range(count))
        for hour in arrivals:
            hour = min(max(hour, 0.0), 23.5)
            local = dt.datetime(date.year, date.month, date.day, tzinfo=zone) + dt.timedelta(hours=hour)
            a = local.astimezone(dt.timezone.utc)
            d = a + dt.timedelta(hours=max(0.75, rng.gauss(*stay)))
            free = [p for p in points if busy.get(p[:2], a) <= a]
            if not free:
                continue
            station, evse_id, wiring = rng.choice(free)
            busy[(station, evse_id)] = d + dt.timedelta(minutes=10)
            three = wiring == "3P" and rng.random() < 0.7
            kw = rng.choice(max_kw[1] if three else max_kw[0])
            e = round(max(2.0, rng.gauss(*energy)), 2)
            n += 1
            iso = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")
            rows.append(f"{site[:3].upper()}-{n:05d},{station},{iso(a)},{iso(d)},{e},{kw},{3 if three else 1},{evse_id}")
    with open(f"Sites/{site}.sessions.csv", "w") as out:
        out.write("session_id,station_id,arrival,departure,energy_kwh,max_kw,phases,evse_id\n")
        out.write("\n".join(rows) + "\n")
    print(site, len(rows), "sessions")

one_phase = [3.7, 7.4]
generate("demo-site", "Europe/Amsterdam", dt.date(2026, 3, 2), 2, 4, (8.5, 1.0), (6, 2), (15, 6), (one_phase, [11, 22]), 1)
generate("office", "Europe/Amsterdam", dt.date(2026, 3, 2), 7, 14, (8.6, 0.9), (7.5, 2.5), (18, 8), (one_phase, [11, 11, 22]), 2)
generate("depot", "Europe/Berlin", dt.date(2026, 3, 2), 7, 18, (17.5, 1.5), (11, 2), (45, 15), ([7.4], [22, 43]), 3, weekend=0.5)
generate("garage", "America/New_York", dt.date(2026, 3, 2), 7, 22, (8.8, 1.3), (8, 2.5), (30, 9), ([6.6], [6.6]), 4, weekend=0.6)
generate("retail", "Europe/Amsterdam", dt.date(2026, 3, 26), 7, 26, (12.5, 3.5), (1.5, 0.6), (12, 5), (one_phase, [11, 22]), 5, weekend=1.2)
generate("campus", "Europe/Amsterdam", dt.date(2026, 3, 2), 31, 48, (8.7, 1.0), (8, 2.5), (20, 9), (one_phase, [11, 11, 22]), 6)
