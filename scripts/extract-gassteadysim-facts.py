#!/usr/bin/python3
"""Writes data/gassteadysim/: the numbers of LANL GasSteadySim.jl's test cases that linepack's
tests compare against (networks, boundary conditions, parameters, exact solutions).

GasSteadySim.jl (kaarthiksundar/GasSteadySim.jl @ 2b284c52) carries no licence file, so its files
are not copied. The numbers are facts: this script reads them from the outside data folder and
writes them again in a normalised form (two-space indent, only the files the tests
read), with the source and the paper to cite in data/gassteadysim/README.md.

usage: scripts/extract-gassteadysim-facts.py [OUTSIDE_DATA_DIR]   (default ../shared/data)
"""
import json
import pathlib
import sys

CASES = ["8-node", "GasLib-11", "GasLib-24", "GasLib-40-multiple-slacks", "GasLib-135"]
FILES = ["network.json", "bc.json", "params.json",
         "exact_sol_ideal.json", "exact_sol_simple_cnga.json", "exact_sol_full_cnga.json"]

root = pathlib.Path(__file__).resolve().parent.parent
src = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else root / "../shared/data") / "gassteadysim/test/data"
dst = root / "data/gassteadysim/test/data"
if not src.is_dir():
    sys.exit(f"extract-gassteadysim-facts: {src} not found (give the outside data folder)")
for case in CASES:
    for name in FILES:
        f = src / case / name
        if not f.is_file():
            continue
        values = json.loads(f.read_text())  # Python floats round-trip their decimal text exactly
        out = dst / case / name
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(values, indent=2) + "\n")
        print(f"wrote {out.relative_to(root)}")
