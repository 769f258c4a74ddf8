#include "linepack/validation/milp_solver.hpp"

#include <coin/Cbc_C_Interface.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>

#include "linepack/validation/child_process.hpp"

namespace linepack::validation {

int MilpProblem::add_column(double lower, double upper, bool is_integer, double cost) {
  col_lower.push_back(lower);
  col_upper.push_back(upper);
  objective.push_back(cost);
  integer.push_back(is_integer ? 1 : 0);
  return static_cast<int>(col_lower.size()) - 1;
}

void MilpProblem::add_row(std::vector<std::pair<int, double>> terms, double lower, double upper) {
  rows.push_back(std::move(terms));
  row_lower.push_back(lower);
  row_upper.push_back(upper);
}

std::string to_string(MilpStatus s) {
  switch (s) {
    case MilpStatus::optimal: return "optimal";
    case MilpStatus::feasible: return "feasible";
    case MilpStatus::infeasible: return "infeasible";
    case MilpStatus::unknown: return "unknown";
  }
  return "?";
}

static_assert(std::is_same_v<CoinBigIndex, int>, "CompressedColumns::start is passed as CoinBigIndex");

CompressedColumns compressed_columns(const MilpProblem& p) {
  const std::size_t n = p.col_lower.size();
  CompressedColumns a;
  a.start.assign(n + 1, 0);
  for (const auto& row : p.rows)
    for (const auto& [c, v] : row) ++a.start[static_cast<std::size_t>(c) + 1];
  for (std::size_t c = 0; c < n; ++c) a.start[c + 1] += a.start[c];
  a.row.resize(static_cast<std::size_t>(a.start.back()));
  a.value.resize(a.row.size());
  std::vector<int> fill(a.start.begin(), a.start.end() - 1);
  for (std::size_t r = 0; r < p.rows.size(); ++r)
    for (const auto& [c, v] : p.rows[r]) {
      const auto k = static_cast<std::size_t>(fill[static_cast<std::size_t>(c)]++);
      a.row[k] = static_cast<int>(r);
      a.value[k] = v;
    }
  return a;
}

namespace {

MilpSolution solve_here(const MilpProblem& p, double time_limit_s) {
  const int n = static_cast<int>(p.col_lower.size());
  const CompressedColumns a = compressed_columns(p);
  std::unique_ptr<Cbc_Model, void (*)(Cbc_Model*)> model(Cbc_newModel(), Cbc_deleteModel);
  Cbc_Model* m = model.get();
  Cbc_loadProblem(m, n, static_cast<int>(p.rows.size()), a.start.data(), a.row.data(), a.value.data(),
                  p.col_lower.data(), p.col_upper.data(), p.objective.data(), p.row_lower.data(),
                  p.row_upper.data());
  for (int c = 0; c < n; ++c)
    if (p.integer[static_cast<std::size_t>(c)]) Cbc_setInteger(m, c);
  Cbc_setLogLevel(m, 0);
  Cbc_setMaximumSeconds(m, std::max(time_limit_s, 0.01));
  // Tight tolerances: a binary at 1e-6 would relax a big-M row by 1e-6 M (docs: proof margin).
  Cbc_setParameter(m, "integerTolerance", "1e-9");
  Cbc_setParameter(m, "primalTolerance", "1e-9");
  Cbc_setParameter(m, "threads", "1");
  Cbc_setParameter(m, "timeMode", "elapsed");  // the time limit in wall-clock seconds
  // The first integer solution is enough: the relaxation's decisions are a candidate for the
  // steady re-check, and a proof of infeasibility does not depend on the objective.
  Cbc_setMaximumSolutions(m, 1);
  // Without CBC's preprocessing the first solution of GasLib-582's relaxation came in 14 s
  // instead of 20 s, GasLib-135's in 0.19 s instead of 1.0 s (2-core VM under load).
  Cbc_setParameter(m, "preprocess", "off");
  Cbc_solve(m);
  MilpSolution s;
  s.time_limit_reached = Cbc_isSecondsLimitReached(m) != 0;
  const bool has_solution = Cbc_numberSavedSolutions(m) > 0 || Cbc_isProvenOptimal(m);
  if (Cbc_isProvenInfeasible(m) && !has_solution) {
    s.status = MilpStatus::infeasible;
    return s;
  }
  s.best_bound = Cbc_getBestPossibleObjValue(m);
  if (has_solution) {
    const double* x = Cbc_getColSolution(m);
    s.x.assign(x, x + n);
    s.objective = Cbc_getObjValue(m);
    s.status = Cbc_isProvenOptimal(m) ? MilpStatus::optimal : MilpStatus::feasible;
  }
  return s;
}

// A solution through the child process's pipe: status, flag, objective, bound, x.
std::string encode(const MilpSolution& s) {
  std::string b;
  const auto put = [&](const auto& v) { b.append(reinterpret_cast<const char*>(&v), sizeof v); };
  put(static_cast<std::int32_t>(s.status));
  put(static_cast<std::int32_t>(s.time_limit_reached));
  put(s.objective);
  put(s.best_bound);
  put(static_cast<std::uint64_t>(s.x.size()));
  b.append(reinterpret_cast<const char*>(s.x.data()), s.x.size() * sizeof(double));
  return b;
}

std::optional<MilpSolution> decode(const std::string& b) {
  std::size_t at = 0;
  const auto get = [&](auto& v) {
    if (at + sizeof v > b.size()) return false;
    std::memcpy(&v, b.data() + at, sizeof v);
    at += sizeof v;
    return true;
  };
  std::int32_t status = 0, limit = 0;
  std::uint64_t n = 0;
  MilpSolution s;
  if (!get(status) || !get(limit) || !get(s.objective) || !get(s.best_bound) || !get(n) ||
      b.size() - at != n * sizeof(double))
    return std::nullopt;
  s.status = static_cast<MilpStatus>(status);
  s.time_limit_reached = limit != 0;
  s.x.resize(n);
  std::memcpy(s.x.data(), b.data() + at, n * sizeof(double));
  return s;
}

}  // namespace

MilpSolution solve_milp(const MilpProblem& p, double time_limit_s) {
  // CBC checks its time limit only between nodes and cut passes, so it runs in a child process
  // that is killed a little after the limit (child_process.hpp): CBC's own stop, with its
  // solution and bound, comes first whenever it honours the limit.
  const double kill_after_s = time_limit_s * 1.02 + 0.25;
  const ChildOutcome child = run_in_child([&] { return encode(solve_here(p, time_limit_s)); }, kill_after_s);
  if (child.bytes)
    if (auto s = decode(*child.bytes)) return *s;
  MilpSolution s;  // killed at the limit (or no answer): neither a solution nor a proof
  s.time_limit_reached = child.killed_at_limit;
  s.best_bound = -std::numeric_limits<double>::infinity();
  if (!child.killed_at_limit)
    s.failure = child.bytes ? "CBC's answer could not be read back" : child.failure;
  return s;
}

}  // namespace linepack::validation
