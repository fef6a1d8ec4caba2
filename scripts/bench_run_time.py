#!/usr/bin/env python3
"""How long `./dev bench` took, as JSON on stdout (target/bench/run-time.json).

Arguments: the run's wall time in seconds, and builds/times.tsv (`NAME<TAB>SECONDS<TAB>CPU_SECONDS`:
each build's own wall time, which overlap because the builds run at once, and the CPU time of all
its processes). Standard input: the run's phases, one after the other, as `KIND<TAB>NAME<TAB>SECONDS`
lines (KIND is setup, build or measure).
"""
import json
import sys
from pathlib import Path


def main():
    total_s = int(sys.argv[1])
    phases = []
    for line in sys.stdin.read().splitlines():
        if line.strip():
            kind, name, seconds = line.split("\t")
            phases.append({"kind": kind, "name": name, "seconds": int(seconds)})
    builds = []
    times = Path(sys.argv[2])
    if times.exists():
        for line in times.read_text().splitlines():
            if line.strip():
                name, seconds, cpu_seconds = line.split("\t")
                builds.append({"name": name, "seconds": int(seconds), "cpu_s": int(cpu_seconds)})
    print(json.dumps({"total_s": total_s, "phases": phases, "builds_at_once": builds}, indent=2))


if __name__ == "__main__":
    main()
