#pragma once
// Ideal-gas part of the Helmholtz energy shared by AGA8 DETAIL and GERG-2008: the isobaric
// heat capacities of Jaeschke & Schley (Int. J. Thermophys. 16 (1995) 1381) as used by
// GERG-2008 (Kunz & Wagner 2012, Table A6) and AGA Report No. 8 (2017), written with the
// integration constants of the AGA8 reference implementation (NIST, usnistgov/AGA8): the
// ideal gas has h = 0 and s = 0 at T0 = 298.15 K, p0 = 101.325 kPa.
#include <vector>

#include "linepack/gas/composition.hpp"
#include "linepack/gas/helmholtz.hpp"

namespace linepack::gas {

class IdealGasPart {
 public:
  /// `r_ratio` = R*/R scales the heat-capacity coefficients (GERG-2008: R* = 8.31451 J/(mol
  /// K) over R = 8.314472; AGA8 DETAIL: 1); `r` is the equation's gas constant (for the
  /// reference density d0 = p0 / (R T0)).
  IdealGasPart(const Composition& x, double r_ratio, double r);
  /// alpha0 and its tau derivatives (a, t1, t2) at T [K], rho [mol/m^3].
  ReducedHelmholtz evaluate(double t_k, double rho_mol_per_m3) const;

 private:
  struct Species {
    double x, c1, c2, c3;  // x_i, constant, coefficient of 1/T, coefficient of -ln T
  };
  struct Hyperbolic {
    double weight;  // x_i r n_k
    double theta;   // theta_k [K]
    bool sinh;      // ln|sinh| term (k = 4, 6) or -ln cosh term (k = 5, 7)
  };
  std::vector<Species> species_;
  std::vector<Hyperbolic> hyperbolic_;
};

}  // namespace linepack::gas
