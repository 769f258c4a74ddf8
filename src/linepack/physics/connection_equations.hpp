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

/// Shared helpers for element states.
inline BranchEval equal_pressures(double pf, double pt) {
  return {pf - pt, 1.0, -1.0, 0.0, RowKind::pressure};
}
inline BranchEval zero_flow(double q) { return {q, 0.0, 0.0, 1.0, RowKind::flow}; }

}  // namespace linepack::physics
