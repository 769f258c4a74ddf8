#!/usr/bin/python3
"""Writes quality-day-schedule.json: the Pakistan Stream gas quality day.

The winter day of day-schedule.json (its demand profiles and CS-1 throughput; no trips) with the
gas that enters at Port Qasim (N0s): the model gas (lean RLNG, the preset "lean-lng", SOURCES.md
"LNG terminals") until 02:00, then a cargo of another composition: the textbook example of
imported LNG that the data sheet quotes (CH4 93.5, C2H6 4.6, C3H8 1.2, CO2 0.7 mol %; data sheet
section 3, source [S39]: a Kyushu University teaching example). The front of the new gas moves
down the line with the gas; linepack transient then reports the calorific value and the energy
flow at every offtake over the day (quality.csv). Run from this folder:
  /usr/bin/python3 make_quality_day_schedule.py
"""
import json

CARGO_SWITCH_S = 2 * 3600.0
TEXTBOOK_LNG = {"methane": 0.935, "ethane": 0.046, "propane": 0.012, "carbon_dioxide": 0.007}

day = json.load(open("day-schedule.json"))
schedule = {
    "format": "linepack-schedule",
    "version": 1,
    "name": "Pakistan Stream gas quality day (case B): demand profiles, LNG cargo change at "
            "Port Qasim at 02:00",
    "nodes": day["nodes"],
    # CS-1 delivers the daily mean demand from t = 0 (the first event of the day schedule).
    "events": [e for e in day["events"] if e["time_s"] == 0.0 and e["element"] == "CS-1"],
    "compositions": [
        {"node": "N0s", "time_s": [0.0, CARGO_SWITCH_S],
         "composition": ["lean-lng", TEXTBOOK_LNG]},
    ],
}
with open("quality-day-schedule.json", "w") as f:
    json.dump(schedule, f, indent=1)
    f.write("\n")
