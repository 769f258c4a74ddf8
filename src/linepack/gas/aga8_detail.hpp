#pragma once
// AGA8-DC92 DETAIL characterization equation of state: AGA Report No. 8, Part 1 (2017; 1992
// edition by Starling & Savidge), in the Helmholtz-energy form of the 2017 edition. Tables:
// aga8_detail.cpp. Molar mass from the DETAIL table, R = 8.31451 J/(mol K).
// Checked against the test output of the NIST reference implementation (usnistgov/AGA8)
// in tests/verification/aga8_detail_test.cpp.
#include <array>

#include "linepack/gas/composition.hpp"
#include "linepack/gas/helmholtz.hpp"
#include "linepack/gas/ideal_gas_part.hpp"

namespace linepack::gas {

class Aga8Detail final : public HelmholtzMixture {
 public:
  explicit Aga8Detail(const Composition& x);
  std::string name() const override { return "AGA8 DETAIL"; }
  ReducedHelmholtz residual(double t_k, double rho_mol_per_m3, bool full) const override;
  ReducedHelmholtz ideal(double t_k, double rho_mol_per_m3) const override {
    return ideal_.evaluate(t_k, rho_mol_per_m3);
  }

  static constexpr std::size_t term_count = 58;

 private:
  double k3_ = 0.0;                              // K^3, mixture size parameter cubed [l/mol]
  std::array<double, 19> b_star_{};              // B*_n, n = 1..18 (second virial coefficient)
  std::array<double, term_count + 1> c_star_{};  // C*_n, n = 13..58
  IdealGasPart ideal_;
};

}  // namespace linepack::gas
