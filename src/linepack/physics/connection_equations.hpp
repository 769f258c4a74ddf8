#pragma once
// Lossless connections: short pipes (p_from = p_to) and valves (open: p_from = p_to;
// closed: q = 0).
#include <vector>

#include "linepack/model/network.hpp"
#include "linepack/physics/branch_equations.hpp"

namespace linepack::physics {

class ShortPipeEquations final : public BranchEquations {
 public:
  ShortPipeEquations(const model::Network& network, const std::vector<std::size_t>& from,
                     const std::vector<std::size_t>& to);
  std::string_view kind_name() const override { return "short_pipe"; }
  void evaluate(std::span<const double> p, std::span<const double> q,
                std::span<BranchEval> out) const override;
};

class ValveEquations final : public BranchEquations {
 public:
  ValveEquations(const model::Network& network, const std::vector<std::size_t>& from,
                 const std::vector<std::size_t>& to);
  std::string_view kind_name() const override { return "valve"; }
  void evaluate(std::span<const double> p, std::span<const double> q,
                std::span<BranchEval> out) const override;

 private:
  std::vector<bool> open_;
};

/// Resistance [Pa per kg/s] given to lossless connections (short pipes, open valves, bypassed
/// regulators and compressors): p_from - p_to = r q. Without it a loop made only of lossless
/// elements has no unique flow split (singular Jacobian). The pressure it adds is below 0.1 Pa
/// for flows under 1000 kg/s, far below any reference tolerance.
inline constexpr double lossless_resistance_pa_per_kg_per_s = 1e-4;

/// Shared helpers for element states.
inline BranchEval equal_pressures(double pf, double pt, double q) {
  constexpr double r = lossless_resistance_pa_per_kg_per_s;
  return {pf - pt - r * q, 1.0, -1.0, -r, RowKind::pressure};
}
inline BranchEval zero_flow(double q) { return {q, 0.0, 0.0, 1.0, RowKind::flow}; }

}  // namespace linepack::physics
