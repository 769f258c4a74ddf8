// Transient verification, steady side: constant boundary conditions keep the discrete steady
// state for 24 h; after a step change the run settles to the discrete steady state of the new
// conditions; the discrete steady state converges to the steady solver's exact pipe law at
// second order as dx -> 0.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "linepack/steady/solver.hpp"
#include "linepack/transient/simulator.hpp"
#include "verification/transient_support.hpp"

namespace {

using linepack::test::max_relative_difference;
using linepack::test::SmallModel;
namespace tr = linepack::transient;

tr::TransientOptions options(tr::Scheme scheme, double dt, double dx, double duration) {
  tr::TransientOptions o;
  o.scheme = scheme;
  o.dt_s = dt;
  o.dx_m = dx;
  o.duration_s = duration;
  return o;
}

struct Case {
  const char* name;
  SmallModel model;
  double flow_scale;
};

std::vector<Case> cases() {
  return {{"single pipe, ideal gas", linepack::test::single_pipe(), 40.0},
          {"single pipe, Papay, elevation", linepack::test::single_pipe(80e3, 0.5, 30.0, true, 150.0),
           30.0},
          {"small network, Papay", linepack::test::small_network(), 60.0}};
}

const tr::Scheme all_schemes[] = {tr::Scheme::backward_euler, tr::Scheme::crank_nicolson,
                                  tr::Scheme::tr_bdf2};

TEST(TransientSteady, ConstantBoundariesKeepTheDiscreteSteadyStateFor24h) {
  for (const auto& c : cases())
    for (auto scheme : all_schemes) {
      // Newton iterates every step (tolerance below the start's residual), so the state is
      // really recomputed, not merely kept.
      auto o = options(scheme, 300.0, 1000.0, 86400.0);
      o.steady_tolerance = 1e-9;
      o.tolerance = 1e-12;
      tr::Simulator sim(c.model.network, c.model.scenario, {}, o);
      ASSERT_TRUE(sim.start_from_steady().converged) << sim.message();
      const std::vector<double> x0(sim.state().begin(), sim.state().end());
      double worst = 0.0;
      ASSERT_TRUE(sim.run([&](const tr::Simulator& s) {
        worst = std::max(worst, max_relative_difference(s.state(), x0,
                                                        s.equations().pressure_count(),
                                                        c.flow_scale));
      })) << sim.message();
      std::printf("  %-32s %-15s 24 h, %zu steps, %zu Newton iterations: max relative change "
                  "%.2e\n",
                  c.name, tr::to_string(scheme).c_str(), sim.steps(), sim.newton_iterations(),
                  worst);
      EXPECT_LE(worst, 1e-8) << c.name << " " << tr::to_string(scheme);
    }
}

// Crank-Nicolson is left out: it does not damp the grid's acoustic modes when c dt / dx >> 1
// (its amplification factor tends to -1), so they ring for days; see docs/transient.md.
TEST(TransientSteady, StepChangeSettlesToTheNewDiscreteSteadyState) {
  for (auto c : cases())
    for (auto scheme : {tr::Scheme::backward_euler, tr::Scheme::tr_bdf2}) {
      // Offtake 25 % up at 1 h, as an event.
      const auto& b = c.model.scenario.boundaries;
      const auto& off = b[1];
      tr::Schedule schedule;
      tr::Event ev;
      ev.time_s = 3600.0;
      ev.kind = tr::EventKind::offtake_step;
      ev.target = off.node;
      ev.value = 1.25 * off.value;
      schedule.events.push_back(ev);
      auto o = options(scheme, 600.0, 1000.0, 3 * 86400.0);
      o.tolerance = 1e-9;
      tr::Simulator sim(c.model.network, c.model.scenario, schedule, o);
      ASSERT_TRUE(sim.start_from_steady().converged) << sim.message();
      ASSERT_TRUE(sim.run()) << sim.message();
      // The discrete steady state of the new conditions.
      SmallModel after = c.model;
      after.scenario.boundaries[1].value = 1.25 * off.value;
      tr::Simulator ref(after.network, after.scenario, {}, o);
      ASSERT_TRUE(ref.start_from_steady().converged) << ref.message();
      const double d = max_relative_difference(sim.state(), ref.state(),
                                               sim.equations().pressure_count(), c.flow_scale);
      std::printf("  %-32s %-15s after 3 days: max relative difference %.2e\n", c.name,
                  tr::to_string(scheme).c_str(), d);
      EXPECT_LE(d, 1e-8) << c.name << " " << tr::to_string(scheme);
    }
}

}  // namespace

namespace {

/// Pressure at the pipe's outlet from the discrete steady state with n cells (no inertia).
double discrete_outlet_pressure(const SmallModel& m, std::size_t cells) {
  auto o = options(tr::Scheme::backward_euler, 60.0, m.network.pipes[0].length_m / cells, 0.0);
  o.inertia = false;
  o.steady_tolerance = 1e-10;
  tr::Simulator sim(m.network, m.scenario, {}, o);
  EXPECT_TRUE(sim.start_from_steady().converged) << sim.message();
  return sim.state()[1];
}

}  // namespace

TEST(TransientSteady, DiscreteSteadyStateConvergesToTheExactPipeLawAtSecondOrder) {
  // The steady solver's pipe law is exact for these two (ideal gas with elevation; Papay
  // without): the discrete steady state must converge to it at the scheme's spatial order 2.
  struct Exact {
    const char* name;
    SmallModel model;
  };
  const Exact exact[] = {
      {"ideal gas, +300 m", linepack::test::single_pipe(60e3, 0.5, 35.0, false, 300.0)},
      {"Papay, level", linepack::test::single_pipe(60e3, 0.5, 35.0, true, 0.0)}};
  for (const auto& e : exact) {
    const auto r = linepack::steady::solve(e.model.network, e.model.scenario);
    ASSERT_EQ(r.status, linepack::steady::Status::converged);
    const double p_exact = r.nodes[1].pressure_pa;
    std::printf("  %s: outlet %.6f bar (steady solver, exact law)\n", e.name, p_exact / 1e5);
    std::printf("  %8s %10s %14s %8s\n", "cells", "dx km", "error Pa", "order");
    double previous = 0.0;
    std::vector<double> orders;
    for (std::size_t cells = 2; cells <= 128; cells *= 2) {
      const double err = std::abs(discrete_outlet_pressure(e.model, cells) - p_exact);
      const double order = previous > 0.0 ? std::log2(previous / err) : 0.0;
      std::printf("  %8zu %10.3f %14.6e %8.3f\n", cells, 60.0 / cells, err,
                  previous > 0.0 ? order : NAN);
      if (previous > 0.0) orders.push_back(order);
      previous = err;
    }
    ASSERT_FALSE(orders.empty());
    EXPECT_NEAR(orders.back(), 2.0, 0.2) << e.name;
    EXPECT_LT(previous, 20.0) << e.name;  // 128 cells of 470 m: below 20 Pa
  }
}
