#pragma once
// GERG-2008 wide-range equation of state for natural gases: Kunz & Wagner, J. Chem. Eng. Data
// 57 (2012) 3032; AGA Report No. 8 (2017), Part 2. Coefficient tables: gerg2008_tables.cpp.
// R = 8.314472 J/(mol K); the ideal part uses R* = 8.31451 (see ideal_gas_part.hpp).
// Checked against the test output of the NIST reference implementation (usnistgov/AGA8)
// in tests/verification/gerg2008_test.cpp.
#include <vector>

#include "linepack/gas/composition.hpp"
#include "linepack/gas/helmholtz.hpp"
#include "linepack/gas/ideal_gas_part.hpp"

namespace linepack::gas {

class Gerg2008 final : public HelmholtzMixture {
 public:
  explicit Gerg2008(const Composition& x);
  std::string name() const override { return "GERG-2008"; }
  ReducedHelmholtz residual(double t_k, double rho_mol_per_m3, bool full) const override;
  ReducedHelmholtz ideal(double t_k, double rho_mol_per_m3) const override {
    return ideal_.evaluate(t_k, rho_mol_per_m3);
  }
  /// Reducing temperature [K] and density [mol/m^3] of the mixture (Kunz & Wagner, eq. 7.16).
  double reducing_temperature_k() const { return tr_; }
  double reducing_density_mol_per_m3() const { return rhor_ * 1e3; }
  /// Number of distinct residual terms after merging equal ones over the components.
  std::size_t term_count() const { return terms_.size(); }

  /// One residual term n delta^d tau^t E(delta) with E = 1 (kind 0), exp(-delta^c) (kind 1)
  /// or exp(-eta (delta - eps)^2 - beta (delta - gamma)) (kind 2).
  struct Term {
    double n;
    int d;
    double t;
    int kind;
    int c;
    double eta, eps, beta, gamma;
  };

 private:
  double tr_ = 0.0;    // K
  double rhor_ = 0.0;  // mol/l
  std::vector<Term> terms_;
  IdealGasPart ideal_;
};

}  // namespace linepack::gas
