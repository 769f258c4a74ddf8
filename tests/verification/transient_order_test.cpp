// Observed order of convergence in dt and in dx on a smooth transient, for each scheme, and
// mass conservation: the change of line pack equals the integral of inflow minus outflow.
//
// The transient: from the discrete steady state, the offtake rises by 50 % over two hours along
// the quintic smoothstep s(u) = u^3 (10 - 15 u + 6 u^2) (twice continuously differentiable),
// sampled every 10 s; steps do not land on the samples (series_breakpoints off), so every dt
// sees the same smooth forcing. The state is compared after three hours. Orders come from
// successive differences (Richardson): with errors e(h) ~ C h^p,
// log2(|u_h - u_h/2| / |u_h/2 - u_h/4|) -> p. In time: all interface pressures and cell flows
// (state values at the end time). In space: node pressures, pressures at the interfaces the grids
// share, and the element flows.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "linepack/transient/simulator.hpp"
#include "verification/transient_support.hpp"

namespace {

namespace tr = linepack::transient;
using linepack::test::SmallModel;

tr::Schedule ramp(const std::string& node, double w0, double w1, double t1) {
  tr::Schedule s;
  tr::NodeSeries ns;
  ns.node = node;
  ns.kind = linepack::model::NodeBoundary::Kind::flow;
  for (double t = 0.0; t <= t1 + 1e-9; t += 10.0) {
    const double u = t / t1;
    ns.series.time_s.push_back(t);
    ns.series.value.push_back(w0 + (w1 - w0) * u * u * u * (10.0 - 15.0 * u + 6.0 * u * u));
  }
  s.nodes.push_back(ns);
  return s;
}

struct RunResult {
  std::vector<double> pressures;  // nodes, then the interfaces shared with the coarsest grid
  std::vector<double> cell_flows;
  std::vector<double> element_flows;
};

RunResult simulate(const SmallModel& m, const tr::Schedule& schedule, tr::Scheme scheme, double dt,
             double dx, double duration, std::size_t stride) {
  tr::TransientOptions o;
  o.scheme = scheme;
  o.dt_s = dt;
  o.dx_m = dx;
  o.duration_s = duration;
  o.tolerance = 1e-10;
  o.steady_tolerance = 1e-10;
  o.series_breakpoints = false;
  tr::Simulator sim(m.network, m.scenario, schedule, o);
  EXPECT_TRUE(sim.start_from_steady().converged) << sim.message();
  EXPECT_TRUE(sim.run()) << sim.message();
  RunResult r;
  const auto& eq = sim.equations();
  for (std::size_t i = 0; i < eq.node_count(); ++i) r.pressures.push_back(sim.state()[i]);
  for (std::size_t k = 0; k < eq.pipes().size(); ++k)
    for (std::size_t j = stride; j < eq.pipes()[k].cells; j += stride)
      r.pressures.push_back(sim.state()[eq.pressure_index(k, j)]);
  for (std::size_t c = 0; c < eq.cell_count(); ++c)
    r.cell_flows.push_back(sim.state()[eq.cell_offset() + c]);
  r.element_flows = sim.snapshot().element_flow_kg_per_s;
  return r;
}

double max_difference(const std::vector<double>& a, const std::vector<double>& b) {
  double m = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, std::abs(a[i] - b[i]));
  return m;
}

struct Model {
  const char* name;
  SmallModel model;
  tr::Schedule schedule;
};

std::vector<Model> models() {
  std::vector<Model> out;
  out.push_back({"single pipe 48 km, Papay, +100 m",
                 linepack::test::single_pipe(48e3, 0.6, 40.0, true, 100.0),
                 ramp("b", 40.0, 60.0, 7200.0)});
  out.push_back({"small network, Papay", linepack::test::small_network(),
                 ramp("n3", 60.0, 90.0, 7200.0)});
  return out;
}

const tr::Scheme schemes[] = {tr::Scheme::backward_euler, tr::Scheme::crank_nicolson,
                              tr::Scheme::tr_bdf2};

}  // namespace

TEST(TransientOrder, ObservedOrderInTimeMatchesEachScheme) {
  for (const auto& m : models())
    for (auto scheme : schemes) {
      // dx fixed (4 km); dt = 600 ... 37.5 s (first order: down to 9.4 s, where backward
      // Euler's error is in its asymptotic range on these stiff systems).
      std::vector<RunResult> runs;
      std::vector<double> dts;
      const double dt_min = tr::order_of(scheme) == 1 ? 9.375 : 37.5;
      for (double dt = 600.0; dt >= dt_min; dt *= 0.5) {
        dts.push_back(dt);
        runs.push_back(simulate(m.model, m.schedule, scheme, dt, 4000.0, 10800.0, 1));
      }
      std::printf("  %s, %s (dx 4 km), state at 3 h\n", m.name, tr::to_string(scheme).c_str());
      std::printf("  %8s %16s %16s %8s %8s\n", "dt s", "|dp| Pa", "|dq| kg/s", "order p",
                  "order q");
      double last_order_p = 0.0, last_order_q = 0.0;
      for (std::size_t k = 0; k + 1 < runs.size(); ++k) {
        const double ep = max_difference(runs[k].pressures, runs[k + 1].pressures);
        const double eq = max_difference(runs[k].cell_flows, runs[k + 1].cell_flows);
        double op = NAN, oq = NAN;
        if (k > 0) {
          op = std::log2(max_difference(runs[k - 1].pressures, runs[k].pressures) / ep);
          oq = std::log2(max_difference(runs[k - 1].cell_flows, runs[k].cell_flows) / eq);
          last_order_p = op;
          last_order_q = oq;
        }
        std::printf("  %8.1f %16.6e %16.6e %8.3f %8.3f\n", dts[k], ep, eq, op, oq);
      }
      const double nominal = tr::order_of(scheme);
      EXPECT_NEAR(last_order_p, nominal, 0.2) << m.name << " " << tr::to_string(scheme);
      EXPECT_NEAR(last_order_q, nominal, 0.2) << m.name << " " << tr::to_string(scheme);
    }
}

TEST(TransientOrder, ObservedOrderInSpaceIsTwo) {
  for (const auto& m : models())
    for (auto scheme : schemes) {
      // dt small and fixed; dx = 8, 4, 2, 1 km (cells double, coarse interfaces kept).
      const double dt = scheme == tr::Scheme::backward_euler ? 2.0 : 10.0;
      std::vector<RunResult> runs;
      std::vector<double> dxs;
      std::size_t stride = 1;
      for (double dx = 8000.0; dx >= 1000.0; dx *= 0.5, stride *= 2) {
        dxs.push_back(dx);
        runs.push_back(simulate(m.model, m.schedule, scheme, dt, dx, 10800.0, stride));
      }
      std::printf("  %s, %s (dt %.0f s), state at 3 h\n", m.name, tr::to_string(scheme).c_str(),
                  dt);
      std::printf("  %8s %16s %16s %8s %8s\n", "dx km", "|dp| Pa", "|dq| kg/s", "order p",
                  "order q");
      double last_order_p = 0.0;
      for (std::size_t k = 0; k + 1 < runs.size(); ++k) {
        const double ep = max_difference(runs[k].pressures, runs[k + 1].pressures);
        const double eq = max_difference(runs[k].element_flows, runs[k + 1].element_flows);
        double op = NAN, oq = NAN;
        if (k > 0) {
          op = std::log2(max_difference(runs[k - 1].pressures, runs[k].pressures) / ep);
          oq = std::log2(max_difference(runs[k - 1].element_flows, runs[k].element_flows) / eq);
          last_order_p = op;
        }
        std::printf("  %8.1f %16.6e %16.6e %8.3f %8.3f\n", dxs[k] / 1e3, ep, eq, op, oq);
      }
      EXPECT_NEAR(last_order_p, 2.0, 0.2) << m.name << " " << tr::to_string(scheme);
    }
}

TEST(TransientConservation, LinepackChangeEqualsIntegralOfNetInflow) {
  for (const auto& m : models())
    for (auto scheme : schemes) {
      tr::TransientOptions o;
      o.scheme = scheme;
      o.dt_s = 300.0;
      o.dx_m = 2000.0;
      o.duration_s = 6 * 3600.0;
      o.tolerance = 1e-11;
      // A harder schedule: the ramp, then a step down of the offtake at 4 h.
      tr::Schedule s = m.schedule;
      tr::Event ev;
      ev.time_s = 4 * 3600.0;
      ev.kind = tr::EventKind::offtake_step;
      ev.target = s.nodes[0].node;
      ev.value = 0.5 * s.nodes[0].series.value[0];
      s.events.push_back(ev);
      tr::Simulator sim(m.model.network, m.model.scenario, s, o);
      ASSERT_TRUE(sim.start_from_steady().converged) << sim.message();
      // Mismatch at every step end, relative to the largest line pack swing of the run.
      double worst_abs = 0.0, swing = 0.0;
      ASSERT_TRUE(sim.run([&](const tr::Simulator& x) {
        swing = std::max(swing, std::abs(x.snapshot().linepack_kg - x.initial_linepack_kg()));
        worst_abs = std::max(worst_abs, std::abs(x.mass_balance_error_kg()));
      })) << sim.message();
      const double change = sim.snapshot().linepack_kg - sim.initial_linepack_kg();
      std::printf("  %-34s %-15s line pack %.6e kg, change %+.6e kg, integral of net inflow "
                  "%+.6e kg, largest mismatch %.2e kg = %.2e of the swing\n",
                  m.name, tr::to_string(scheme).c_str(), sim.snapshot().linepack_kg, change,
                  sim.snapshot().net_inflow_cumulative_kg, worst_abs, worst_abs / swing);
      EXPECT_LE(worst_abs / swing, 1e-9) << m.name << " " << tr::to_string(scheme);
      EXPECT_GT(swing, 1e-3 * sim.initial_linepack_kg());
    }
}
