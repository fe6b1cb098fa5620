#!/usr/bin/env python3
"""Writes capacity files that put every busbar-bench station on a site (issue #11: the core load
benchmark with the energy manager running). Not a test: used by scripts/bench.sh when
BUSBAR_BENCH_SITES=<sites>x<stations per site> is set.

    scripts/bench-sites.py OUT_DIR SITES STATIONS_PER_SITE [PREFIX]

Station i (0-based, as busbar-bench numbers them: PREFIX + 6 digits) goes to site i // STATIONS.
Each site: a three-phase connection limited to 40 % of what its EVSEs could draw, above feeders
of ten stations limited to 60 %; each station one three-phase 32 A EVSE (the bench's EVSE 1).
"""
import os
import sys


def main() -> None:
    out, sites, per_site = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    prefix = sys.argv[4] if len(sys.argv) > 4 else "BENCH-"
    os.makedirs(out, exist_ok=True)
    for site in range(sites):
        lines = [
            f"# Bench site {site}: {per_site} stations of busbar-bench.",
            f"id: bench-{site:03d}",
            "timezone: UTC",
            "voltageLN: 230",
            "grid:",
            "  name: grid-connection",
            "  kind: connection",
            f"  limitA: [{per_site * 32 * 0.4:.0f}, {per_site * 32 * 0.4:.0f}, {per_site * 32 * 0.4:.0f}]",
            "  children:",
        ]
        for feeder_start in range(0, per_site, 10):
            count = min(10, per_site - feeder_start)
            limit = f"{count * 32 * 0.6:.0f}"
            lines += [
                f"    - name: feeder-{feeder_start // 10}",
                "      kind: feeder",
                f"      limitA: [{limit}, {limit}, {limit}]",
                "      stations:",
            ]
            for offset in range(count):
                index = site * per_site + feeder_start + offset
                lines.append(f"        - {{ id: {prefix}{index:06d}, evses: [{{ id: 1, wiring: 3P, maxA: 32 }}] }}")
        with open(os.path.join(out, f"bench-{site:03d}.yaml"), "w") as handle:
            handle.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
