#!/usr/bin/env python3
"""Counts the instructions of each parser at each size with callgrind, for scaling figures that
do not move with the machine's load (a time ratio does, when the other core is busy).

Usage: bench_instructions.py PROFILE_PARSER_BINARY OUT_JSON

PROFILE_PARSER_BINARY is benches/examples/profile_parser.rs built in release. Only the parser
call is counted (callgrind's --toggle-collect), not the building of its input. Without valgrind,
writes {"available": false} and the summary says the figures were not measured.
"""

import json
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

SIZES = ["10KB", "100KB", "1MB"]
ENTRY_POINTS = ["flex_sso_saml::diagnose::diagnose", "flex_sso_metadata::inspect::inspect_bytes"]


def instructions(binary, parser, size):
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "callgrind.out"
        toggles = [f"--toggle-collect={entry}" for entry in ENTRY_POINTS]
        subprocess.run(
            ["valgrind", "--tool=callgrind", *toggles, f"--callgrind-out-file={out}", binary, parser, size],
            check=True, capture_output=True,
        )
        match = re.search(r"^totals: (\d+)", out.read_text(), re.MULTILINE)
        return int(match.group(1))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    binary, out = sys.argv[1], pathlib.Path(sys.argv[2])
    if not shutil.which("valgrind"):
        out.write_text(json.dumps({"available": False}) + "\n")
        print("valgrind is not installed: no instruction counts")
        return
    version = subprocess.run(["valgrind", "--version"], capture_output=True, text=True).stdout.strip()
    result = {"available": True, "tool": f"callgrind, {version}"}
    for parser in ["metadata", "saml"]:
        result[parser] = {size: instructions(binary, parser, size) for size in SIZES}
        print(f"{parser}: " + ", ".join(f"{size} {n:,} instructions" for size, n in result[parser].items()))
    out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
