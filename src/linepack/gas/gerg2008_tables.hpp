#pragma once
// Coefficient tables of GERG-2008 (Kunz & Wagner, J. Chem. Eng. Data 57 (2012) 3032,
// Tables A1-A8; AGA Report No. 8 (2017), Part 2). Internal to gerg2008.cpp.
#include <array>
#include <span>

#include "linepack/gas/composition.hpp"

namespace linepack::gas::gerg {

/// Exponents of a pure-fluid equation: kpol polynomial terms, then exponential terms
/// exp(-delta^c).
struct TermShape {
  int count;
  int kpol;
  std::array<int, 24> c;
  std::array<int, 24> d;
  std::array<double, 24> t;
};

struct PureFluid {
  double molar_mass_g_per_mol;
  double critical_temperature_k;
  double critical_density_mol_per_l;
  const TermShape* shape;
  std::array<double, 24> n;
};

/// Pure fluids in the AGA8 component order.
const std::array<PureFluid, component_count>& pure_fluids();

/// A term of a binary departure function: polynomial n delta^d tau^t, or (gaussian) times
/// exp(-eta (delta - eps)^2 - beta (delta - gamma)).
struct DepartureTerm {
  double n;
  int d;
  double t;
  bool gaussian;
  double eta, eps, beta, gamma;
};

/// Binary pair (0-based, i < j) with a departure function: factor F_ij and its terms.
struct DeparturePair {
  int i, j;
  double f;
  std::span<const DepartureTerm> terms;
};
std::span<const DeparturePair> departure_pairs();

/// Reducing-function parameters beta_v, gamma_v, beta_T, gamma_T of a pair (0-based, i < j);
/// pairs not listed have all four equal to 1.
struct ReducingPair {
  int i, j;
  double beta_v, gamma_v, beta_t, gamma_t;
};
std::span<const ReducingPair> reducing_pairs();

}  // namespace linepack::gas::gerg
