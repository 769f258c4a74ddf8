#!/usr/bin/python3
"""Writes the transient schedules of the Pakistan Stream example.

Source: SOURCES.md in this folder, "Demand profiles" (hourly demand multipliers, ASSUMED
shapes) and "The transient day" (the suggested events). Base: the design case B of model.json
(1,200 mmcfd; CS-1 lifts 55 to 80 bara; CS-2 and CS-3 in bypass), a winter weekday:
  - offtakes follow the section 6 profiles around the case means: N7 Kasur the power-heavy
    composite, N5 Multan the domestic/commercial profile, N1 (SSGC) and N2 (SNGPL interconnect)
    flat; hourly points, linear in between, 24:00 = 00:00, repeated every day;
  - supply held flat at the daily mean demand: from t = 0 the head station CS-1 delivers that
    mean (throughput mode; the initial state is the steady state with the 00:00 demand and CS-1
    holding 80 bara);
  - 07:00: CS-2 (Sukkur) trips (bypass with a non-return valve; in case B it already runs in
    bypass, so only the non-return valve is new);
  - 18:00: an FSRU trips: the send-out, and with it CS-1's throughput, drops by 690 mmcfd (EETL's
    capacity) and stays there; in outage-ramp-schedule.json the other terminal (PGPC) is instead
    ramped to its 750 mmcfd rating at the trip.
Run from this folder:
  /usr/bin/python3 make_day_schedule.py           # day-schedule.json (24 h),
                                                  # outage-schedule.json (4 days, same events) and
                                                  # outage-ramp-schedule.json (7 days, PGPC at 750)
  /usr/bin/python3 make_day_schedule.py C         # the same on case C (case-C.json):
                                                  # day-schedule-C.json
"""
import json

R = 8.314462618            # J/(mol K)
M = 0.01751                # kg/mol, the model gas (make_model.py)
T_STD = 288.7055555555556  # K, 60 degF
P_STD = 101325.0
RHO_STD = P_STD / (R / M * T_STD)
KG_PER_S_PER_MMCFD = 1e6 * 0.028316846592 / 86400.0 * RHO_STD

# SOURCES.md, "Offtakes, demand profiles": hours 00..23.
DOMESTIC = [0.45, 0.40, 0.40, 0.45, 0.60, 0.96, 1.46, 1.61, 1.46, 1.16, 0.96, 0.91,
            0.91, 0.86, 0.86, 0.91, 1.06, 1.31, 1.56, 1.61, 1.46, 1.21, 0.86, 0.60]
COMPOSITE = [0.80, 0.78, 0.77, 0.78, 0.83, 0.94, 1.10, 1.17, 1.13, 1.04, 0.99, 0.99,
             1.00, 0.99, 0.99, 1.00, 1.03, 1.11, 1.21, 1.24, 1.19, 1.08, 0.95, 0.86]
FLAT = [1.0] * 24

# Mean offtakes of the cases (SOURCES.md, Offtakes), mmcfd: N1, N2, N5, N7.
CASES = {"B": (100.0, 150.0, 250.0, 700.0), "C": (150.0, 250.0, 500.0, 1100.0)}
PROFILES = {"N1": FLAT, "N2": FLAT, "N5": DOMESTIC, "N7": COMPOSITE}
FSRU_TRIP_MMCFD = 690.0      # EETL capacity (SOURCES.md, "LNG terminals")
PGPC_RATING_MMCFD = 750.0    # the other terminal's rating (SOURCES.md, "LNG terminals")
CS2_TRIP_S = 7 * 3600.0
FSRU_TRIP_S = 18 * 3600.0


def kg_per_s(mmcfd):
    return mmcfd * KG_PER_S_PER_MMCFD


def write(case, days, name, after_trip_mmcfd=None):
    hours = 24 * days
    times = [3600.0 * h for h in range(hours + 1)]
    nodes = []
    mean_total = 0.0
    for node, mean in zip(("N1", "N2", "N5", "N7"), CASES[case]):
        profile = PROFILES[node]
        values = [kg_per_s(mean * profile[h % 24]) for h in range(hours + 1)]
        nodes.append({"node": node, "kind": "flow", "interpolation": "linear",
                      "time_s": times, "value": values})
        # Daily mean of the piecewise-linear series (24:00 = 00:00): the mean of the hours.
        mean_total += sum(values[:24]) / 24.0
    supply = mean_total
    after_trip = (supply - kg_per_s(FSRU_TRIP_MMCFD) if after_trip_mmcfd is None
                  else kg_per_s(after_trip_mmcfd))
    events = [
        {"time_s": 0.0, "type": "control", "element": "CS-1", "state": "active",
         "mode": "throughput", "setpoint": supply},
        {"time_s": CS2_TRIP_S, "type": "compressor_trip", "element": "CS-2", "state": "bypass"},
        {"time_s": FSRU_TRIP_S, "type": "control", "element": "CS-1",
         "setpoint": after_trip},
    ]
    doc = {"format": "linepack-schedule", "version": 1,
           "name": f"Pakistan Stream, {days} winter day(s) (case {case}): demand profiles, CS-2 "
                   "trip 07:00, FSRU trip 18:00 on the first day" +
                   ("" if after_trip_mmcfd is None else
                    f", the other terminal ramped to {after_trip_mmcfd:.0f} mmcfd at the trip"),
           "nodes": nodes, "elements": [], "events": events}
    with open(name, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(f"{name}: daily mean supply {supply:.3f} kg/s = {supply / KG_PER_S_PER_MMCFD:.1f} mmcfd; "
          f"after the FSRU trip {after_trip:.3f} kg/s")


def main():
    import sys
    case = sys.argv[1] if len(sys.argv) > 1 else "B"
    if case == "B":
        write("B", 1, "day-schedule.json")
        write("B", 4, "outage-schedule.json")
        write("B", 7, "outage-ramp-schedule.json", PGPC_RATING_MMCFD)
    else:
        write(case, 1, f"day-schedule-{case}.json")


if __name__ == "__main__":
    main()
