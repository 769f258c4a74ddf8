#pragma once
// The interface every element kind implements: one equation per element (branch) in the
// unknowns p_from, p_to (node pressures, Pa) and q (the element's mass flow, kg/s, positive
// from `from` to `to`). Each kind evaluates all of its elements in one call, so the solver
// never switches on element type.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace linepack::physics {

/// Whether an equation's residual is a pressure [Pa] or a mass flow [kg/s].
enum class RowKind { pressure, flow };

/// Residual of one element equation and its partial derivatives.
struct BranchEval {
  double residual = 0.0;
  double d_p_from = 0.0;
  double d_p_to = 0.0;
  double d_q = 0.0;
  RowKind kind = RowKind::pressure;
};

class BranchEquations {
 public:
  virtual ~BranchEquations() = default;
  /// Element kind as written in results ("pipe", "compressor", ...).
  virtual std::string_view kind_name() const = 0;
  /// Evaluates every element of this kind. `p` holds all node pressures; `q` this kind's flows.
  virtual void evaluate(std::span<const double> p, std::span<const double> q,
                        std::span<BranchEval> out) const = 0;

  /// True when every element of this kind has a pressure row that depends on its own flow
  /// (so the solver need not evaluate it to learn its row kinds). Pipes: true.
  virtual bool always_flow_dependent() const { return false; }

  std::size_t size() const { return ids_.size(); }
  /// The element's id (a view into the network, which must outlive the equations).
  std::string_view id(std::size_t i) const { return ids_[i]; }
  std::size_t from(std::size_t i) const { return from_[i]; }
  std::size_t to(std::size_t i) const { return to_[i]; }

 protected:
  void add_endpoints(std::string_view id, std::size_t from, std::size_t to) {
    ids_.push_back(id);
    from_.push_back(from);
    to_.push_back(to);
  }

 private:
  std::vector<std::string_view> ids_;
  std::vector<std::size_t> from_, to_;
};

}  // namespace linepack::physics
