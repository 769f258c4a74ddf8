// The GasLib resistor's drag law, p_from - p_to = zeta q|q| / (2 rho(p_up) A^2): every partial
// derivative the equation returns matches a central finite difference of its residual, in both
// flow directions and for an ideal and a real gas. The density's dependence on the upstream
// pressure belongs in the Jacobian: without it Newton converges only linearly (GasLib-582).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "linepack/gas/equation_of_state.hpp"
#include "linepack/model/network.hpp"
#include "linepack/physics/resistor_equation.hpp"

namespace {

using namespace linepack;

physics::BranchEval eval(const physics::ResistorEquations& eq, double pf, double pt, double q) {
  const std::vector<double> p{pf, pt}, flow{q};
  std::vector<physics::BranchEval> out(1);
  eq.evaluate(p, flow, out);
  return out[0];
}

TEST(ResistorJacobian, MatchesCentralDifferences) {
  for (const auto kind : {gas::EosKind::ideal, gas::EosKind::papay}) {
    model::Network net;
    net.nodes = {{"a"}, {"b"}};
    model::Resistor r;
    r.id = "r";
    r.from = "a";
    r.to = "b";
    r.drag_factor = 7.5;
    r.diameter_m = 0.6;
    net.resistors.push_back(r);
    net.physics.eos.kind = kind;
    const gas::EquationOfState eos(net.physics.eos, net.physics.gas, net.physics.temperature_k);
    const physics::ResistorEquations eq(net, {0}, {1}, eos);
    for (const double q : {350.0, -350.0, 12.0}) {
      const double pf = 62e5, pt = 58e5;
      const auto e = eval(eq, pf, pt, q);
      const double hp = 1.0, hq = 1e-4 * std::abs(q);
      const double d_pf = (eval(eq, pf + hp, pt, q).residual - eval(eq, pf - hp, pt, q).residual) / (2 * hp);
      const double d_pt = (eval(eq, pf, pt + hp, q).residual - eval(eq, pf, pt - hp, q).residual) / (2 * hp);
      const double d_q = (eval(eq, pf, pt, q + hq).residual - eval(eq, pf, pt, q - hq).residual) / (2 * hq);
      EXPECT_NEAR(e.d_p_from, d_pf, 1e-6 * std::abs(d_pf)) << static_cast<int>(kind) << " q " << q;
      EXPECT_NEAR(e.d_p_to, d_pt, 1e-6 * std::abs(d_pt)) << static_cast<int>(kind) << " q " << q;
      EXPECT_NEAR(e.d_q, d_q, 1e-6 * std::abs(d_q)) << static_cast<int>(kind) << " q " << q;
      // The upstream side's derivative differs from 1 by the density's share (the loss).
      EXPECT_NE(q > 0 ? e.d_p_from : e.d_p_to, q > 0 ? 1.0 : -1.0);
    }
  }
}

}  // namespace
