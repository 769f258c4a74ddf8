#!/usr/bin/python3
"""Writes the Pakistan Stream models (native linepack JSON) from the example's tables.

Source: SOURCES.md in this folder ("Route and nodes", "Pipe and standards", "Compressor
stations", "Offtakes"). Every ASSUMED value there is assumed here too. Run from this folder:
    /usr/bin/python3 make_model.py
It writes model.json (56-inch, design case B), model-maps.json (the same with station maps:
SOURCES.md, "Station maps", ASSUMED), model-42in.json (42-inch, case D) and the controls files
case-A.json, case-C.json.
"""
import json
import math

R = 8.314462618            # J/(mol K)
M = 0.01751                # kg/mol, model RLNG (SOURCES.md, Gas: DERIVED)
T_STD = 288.7055555555556  # K, 60 degF
P_STD = 101325.0
RS = R / M
RHO_STD = P_STD / (RS * T_STD)          # kg/Sm3 at 60 degF
KG_PER_S_PER_MMCFD = 1e6 * 0.028316846592 / 86400.0 * RHO_STD
BAR = 1e5
SG = M / 0.0289647
# Sutton (1985) pseudo-critical properties of natural gas from specific gravity.
T_PC = (169.2 + 349.5 * SG - 74.0 * SG**2) / 1.8           # K
P_PC = (756.8 - 131.0 * SG - 3.6 * SG**2) * 6894.757       # Pa
HHV_STD = 40.3e6                                           # J/Sm3 at 60 degF (SOURCES.md, Gas)
HHV_NORMAL = HHV_STD * T_STD / 273.15                      # J/m3 at 0 degC, ideal gas
DRIVER_EFFICIENCY = 2544.43 / 9500.0   # heat rate 9,500 Btu/bhp-h [S54]
MAOP_PA = 98 * BAR + 101325.0          # 98 barg

def mmcfd(x):
    return x * KG_PER_S_PER_MMCFD

# Section 7.2 / 7.3: (id, name, chainage km, elevation m)
NODES = [("N0", "Port Qasim LNG hub", 0, 5), ("N1", "Nawabshah", 193, 37),
         ("N2", "Sukkur/Rohri", 362, 67), ("N3", "Rahim Yar Khan", 525, 83),
         ("N4", "Bahawalpur", 699, 117), ("N5", "Multan", 785, 122),
         ("N6", "Pakpattan", 966, 156), ("N7", "Kasur terminal", 1100, 205)]
INNER_DIAMETER_M = 1.381   # 56", OD 1,422 mm, WT 20.6 mm
INNER_DIAMETER_42_M = 1.035  # 42" alternative, OD 1,067 mm, WT 15.9 mm (SOURCES.md, Pipe and standards)
ROUGHNESS_M = 10e-6
STATIONS = {"N0": ("CS-1", 45 * BAR), "N2": ("CS-2", 60 * BAR), "N4": ("CS-3", 60 * BAR)}

def build(inner_diameter_m=INNER_DIAMETER_M):
    nodes, pipes, compressors = [], [], []
    # Each station's site has a suction node (the site id) and a discharge node (id + "d").
    nodes.append({"id": "N0s", "elevation_m": 5, "pressure_max_pa": MAOP_PA})
    for nid, name, km, elev in NODES:
        node = {"id": nid, "elevation_m": elev, "pressure_max_pa": MAOP_PA}
        if nid == "N7":
            node["pressure_min_pa"] = 40 * BAR
        nodes.append(node)
        if nid in STATIONS and nid != "N0":
            nodes.append({"id": nid + "d", "elevation_m": elev, "pressure_max_pa": MAOP_PA})
    for cs_site, (cs_id, suction_min) in STATIONS.items():
        frm, to = ("N0s", "N0") if cs_site == "N0" else (cs_site, cs_site + "d")
        compressors.append({
            "id": cs_id, "from": frm, "to": to, "state": "bypass", "mode": "outlet_pressure",
            "setpoint": 98 * BAR, "pressure_in_min_pa": suction_min,
            "pressure_out_max_pa": 98 * BAR, "efficiency": 0.82, "polytropic": True,
            "driver_efficiency": DRIVER_EFFICIENCY})
    for i in range(1, len(NODES)):
        frm = NODES[i - 1][0]
        if frm in STATIONS and frm != "N0":
            frm += "d"
        pipes.append({"id": f"P{i}", "from": frm, "to": NODES[i][0],
                      "length_m": (NODES[i][2] - NODES[i - 1][2]) * 1000.0,
                      "diameter_m": inner_diameter_m, "roughness_m": ROUGHNESS_M})
    return nodes, pipes, compressors

# Station maps (SOURCES.md, "Station maps": ASSUMED). The typical centrifugal map is GasLib-11's
# turbo compressor T_CS2_M4 with its gas turbine P_CS2_M4 (data/gaslib/official/GasLib-11, CC BY
# 3.0), in GasLib's units: H [kJ/kg] = [1 Q Q^2] A [1 N N^2]^T, Q [m3/s], N [per_min].
TYPICAL_HEAD_KJ = [62.0918, -0.0292953, 4.29877e-06, -58.9579, 0.0265692, -2.57876e-06,
                   4.32767, -0.00240606, 2.45649e-07]
TYPICAL_EFFICIENCY = [1.16239, -0.000178625, 6.8119e-09, -0.063803, 8.29481e-05, -6.36087e-09,
                      -0.0327073, 1.43794e-06, 1.02304e-10]
TYPICAL_SURGE_KJ = [-49.8997, 27.7343, -0.0449561]
TYPICAL_CHOKE_KJ = [-11.7751, 7.27912, 0.0567136]
TYPICAL_SPEED_RPM = (3500.0, 6500.0)
TYPICAL_POWER_KW = [-1507.55, 3.23595, -0.000215272, 9.38, -0.02044, 1.35429e-06, 0.0448214,
                    -8.49405e-05, 5.83333e-09]   # [1 T T^2] B [1 N N^2]^T, T in degC
TYPICAL_ENERGY_KW = [5000.0, 2.5, 0.0]             # fuel heat [kW] at shaft power P [kW]
# Scaling (fan laws at equal speed): flow x FLOW_SCALE, head x HEAD_SCALE, drive power and fuel
# x POWER_SCALE. Chosen so that two of three units carry design case B (1,200 mmcfd, 55 -> 80
# bara at CS-1) near the middle of their maps, each drive about 14 MW at 15 degC.
FLOW_SCALE, HEAD_SCALE, POWER_SCALE = 0.75, 1.0, 1.5
UNITS_PER_STATION = 3

def station_map():
    """A station of UNITS_PER_STATION identical scaled units in parallel, in SI."""
    def biquadratic(c, scale):
        return [scale * c[3 * i + j] * 60.0**j / FLOW_SCALE**i for i in range(3) for j in range(3)]
    def line(c):
        return [1e3 * HEAD_SCALE * c[i] / FLOW_SCALE**i for i in range(3)]
    units, drives = [], []
    for k in range(1, UNITS_PER_STATION + 1):
        units.append({
            "id": f"unit-{k}", "drive": f"turbine-{k}",
            "speed_min_per_s": TYPICAL_SPEED_RPM[0] / 60.0,
            "speed_max_per_s": TYPICAL_SPEED_RPM[1] / 60.0,
            "head_j_per_kg": biquadratic(TYPICAL_HEAD_KJ, 1e3 * HEAD_SCALE),
            "efficiency": biquadratic(TYPICAL_EFFICIENCY, 1.0),
            "surge_line_head_j_per_kg": line(TYPICAL_SURGE_KJ),
            "choke_line_head_j_per_kg": line(TYPICAL_CHOKE_KJ)})
        drives.append({
            "id": f"turbine-{k}", "kind": "gas_turbine",
            "power_max_w": [1e3 * POWER_SCALE * TYPICAL_POWER_KW[3 * i + j] * 60.0**j
                            for i in range(3) for j in range(3)],
            "energy_rate_w": [1e3 * POWER_SCALE * TYPICAL_ENERGY_KW[0], TYPICAL_ENERGY_KW[1],
                              TYPICAL_ENERGY_KW[2] / (1e3 * POWER_SCALE)]})
    configurations = [{"id": f"{n} unit{'s' if n > 1 else ''}",
                       "stages": [[f"unit-{k}" for k in range(1, n + 1)]]}
                      for n in range(1, UNITS_PER_STATION + 1)]
    return {"ambient_temperature_k": 288.15, "turbo_compressors": units, "drives": drives,
            "configurations": configurations}

def boundaries(offtakes_mmcfd, supply_bara=55.0):
    out = [{"node": "N0s", "kind": "pressure", "value": supply_bara * BAR}]
    for node, q in zip(["N1", "N2", "N5", "N7"], offtakes_mmcfd):
        out.append({"node": node, "kind": "flow", "value": mmcfd(q)})
    return out

def main():
    nodes, pipes, compressors = build()
    model = {
        "format": "linepack-model", "version": 1,
        "name": "Pakistan Stream 56-inch, design case B (1,200 mmcfd)",
        "physics": {
            "gas": {"molar_mass_kg_per_mol": M, "dynamic_viscosity_pa_s": 1.1e-5,
                    "isentropic_exponent": 1.3, "pseudo_critical_pressure_pa": P_PC,
                    "pseudo_critical_temperature_k": T_PC,
                    "higher_heating_value_j_per_m3": HHV_NORMAL},
            "temperature_k": 298.15, "eos": {"kind": "papay"}, "friction": "colebrook_white"},
        "nodes": nodes, "pipes": pipes, "compressors": compressors,
        "scenario": {
            "name": "B: design 12.4 bcm/yr, CS-1 55 -> 80 bara",
            "boundaries": boundaries([100, 150, 250, 700]),
            "controls": [{"element": "CS-1", "state": "active", "mode": "outlet_pressure",
                          "setpoint": 80 * BAR}]}}
    with open("model.json", "w") as f:
        json.dump(model, f, indent=1)
        f.write("\n")
    model_maps = json.loads(json.dumps(model))
    model_maps["name"] = "Pakistan Stream 56-inch, design case B, stations from their maps (ASSUMED)"
    for c in model_maps["compressors"]:
        c["station"] = station_map()
    with open("model-maps.json", "w") as f:
        json.dump(model_maps, f, indent=1)
        f.write("\n")
    # 42" alternative: same route, stations and gas; case D of the data sheet (1,200 mmcfd with
    # stations at N0, N2 and N4 discharging at 98 bara).
    nodes42, pipes42, compressors42 = build(INNER_DIAMETER_42_M)
    model42 = dict(model, name='Pakistan Stream 42-inch alternative, case D (1,200 mmcfd)',
                   nodes=nodes42, pipes=pipes42, compressors=compressors42)
    model42["scenario"] = {
        "name": "D: 42-inch, 1,200 mmcfd, CS-1, CS-2, CS-3 at 98 bara",
        "boundaries": boundaries([100, 150, 250, 700]),
        "controls": [{"element": c, "state": "active", "mode": "outlet_pressure",
                      "setpoint": 98 * BAR} for c in ("CS-1", "CS-2", "CS-3")]}
    with open("model-42in.json", "w") as f:
        json.dump(model42, f, indent=1)
        f.write("\n")
    case_a = {"boundaries": boundaries([50, 75, 125, 500]),
              "controls": [{"element": c, "state": "bypass"} for c in ("CS-1", "CS-2", "CS-3")]}
    case_c = {"boundaries": boundaries([150, 250, 500, 1100]),
              "controls": [{"element": c, "state": "active", "mode": "outlet_pressure",
                            "setpoint": 98 * BAR} for c in ("CS-1", "CS-2", "CS-3")]}
    for name, doc in (("case-A.json", case_a), ("case-C.json", case_c)):
        with open(name, "w") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")
    print(f"1 mmcfd = {KG_PER_S_PER_MMCFD:.5f} kg/s; Tpc {T_PC:.1f} K, ppc {P_PC/1e6:.3f} MPa")

if __name__ == "__main__":
    main()
