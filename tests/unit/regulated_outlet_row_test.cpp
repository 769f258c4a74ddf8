// The row of a regulator holding an outlet pressure (physics/regulated_outlet_row.hpp): zero
// exactly on the regulator's law (throttling to the value, fully open below it, closed with its
// leak when the outlet is held above it), nonzero off it, and its Jacobian matches central
// differences wherever the row is smooth (docs/physics.md 8.1).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "linepack/physics/connection_equations.hpp"
#include "linepack/physics/regulated_outlet_row.hpp"

namespace {

using namespace linepack;

constexpr double bar = 1e5;
constexpr double value = 50 * bar;
constexpr double r_open = physics::lossless_resistance_pa_per_kg_per_s;
constexpr double kappa = physics::regulator_closing_pa_per_kg_per_s;
constexpr double delta = physics::regulator_closed_leak_share;
constexpr double relief = physics::regulator_relief_overpressure_pa;

double row(double pf, double pt, double q) { return physics::regulated_outlet_row(value, pf, pt, q).residual; }

/// The backward leak of a closed regulator whose outlet is g above the row's pressure.
double leak_kg_per_s(double g) { return -(delta * g + std::max(g - relief, 0.0)) / kappa; }

TEST(RegulatedOutletRow, VanishesOnTheLawAndOnlyThere) {
  // Throttling: inlet above the value, outlet at it, forward flow.
  EXPECT_NEAR(row(60 * bar, value, 30.0), 0.0, 1e-6);
  // Fully open: inlet below the value, p_to = p_from - r q.
  EXPECT_NEAR(row(45 * bar, 45 * bar - r_open * 30.0, 30.0), 0.0, 1e-6);
  // Closed, outlet held above the value (0.4 bar: below the relief; 3 bar: above it).
  for (const double g : {0.4 * bar, 3 * bar})
    EXPECT_NEAR(row(60 * bar, value + g, leak_kg_per_s(g)), 0.0, 1e-6 * g) << g;
  // Closed below an open inlet: the outlet above p_from, no forward flow.
  EXPECT_NEAR(row(45 * bar, 45.5 * bar, leak_kg_per_s(0.5 * bar)), 0.0, 1e-2);
  // Off the law: forward flow with the outlet above the value, reverse flow at the value,
  // an outlet below the value with the inlet above it.
  EXPECT_GT(std::abs(row(60 * bar, value + 0.4 * bar, 5.0)), 1e3);
  EXPECT_GT(std::abs(row(60 * bar, value, -5.0)), 1e3);
  EXPECT_GT(std::abs(row(60 * bar, value - 0.4 * bar, 5.0)), 1e3);
}

TEST(RegulatedOutletRow, JacobianMatchesCentralDifferences) {
  struct Point {
    double pf, pt, q;
  };
  // Away from its kinks (p_from - r q = value, g = relief) and from a = g = 0.
  const std::vector<Point> points{{60 * bar, value + 0.2 * bar, 3.0},  {60 * bar, value - 0.3 * bar, 12.0},
                                  {60 * bar, value + 2 * bar, -0.7},   {45 * bar, 44 * bar, 20.0},
                                  {45 * bar, 46.5 * bar, 0.5},         {60 * bar, value + 0.1 * bar, -40.0}};
  for (const auto& [pf, pt, q] : points) {
    const auto e = physics::regulated_outlet_row(value, pf, pt, q);
    const double hp = 1.0, hq = 1e-5;
    const double d_pf = (row(pf + hp, pt, q) - row(pf - hp, pt, q)) / (2 * hp);
    const double d_pt = (row(pf, pt + hp, q) - row(pf, pt - hp, q)) / (2 * hp);
    const double d_q = (row(pf, pt, q + hq) - row(pf, pt, q - hq)) / (2 * hq);
    EXPECT_NEAR(e.d_p_from, d_pf, 1e-5 * std::max(1.0, std::abs(d_pf))) << pf << " " << pt << " " << q;
    EXPECT_NEAR(e.d_p_to, d_pt, 1e-5 * std::max(1.0, std::abs(d_pt))) << pf << " " << pt << " " << q;
    EXPECT_NEAR(e.d_q, d_q, 1e-5 * std::max(1.0, std::abs(d_q))) << pf << " " << pt << " " << q;
  }
}

TEST(RegulatedOutletRow, OnTheSolutionTheRowIsThePieceItHolds) {
  // Throttling with flow: the row's derivatives are those of p_to - value (a quadratic Newton
  // step there); closed with its leak: those of a = kappa q + delta g.
  const auto holding = physics::regulated_outlet_row(value, 60 * bar, value, 30.0);
  EXPECT_NEAR(holding.d_p_to, 1.0, 1e-12);
  EXPECT_NEAR(holding.d_p_from, 0.0, 1e-12);
  EXPECT_NEAR(holding.d_q, 0.0, 1e-12);
  const double g = 0.4 * bar;
  const auto closed = physics::regulated_outlet_row(value, 60 * bar, value + g, leak_kg_per_s(g));
  EXPECT_NEAR(closed.d_q, kappa, 1e-6 * kappa);
  EXPECT_NEAR(closed.d_p_to, delta, 1e-9);
}

}  // namespace
