#pragma once
// A mixed-integer linear program in row form and its solution by CBC (COIN-OR Branch and Cut,
// Debian coinor-libcbc-dev, through its C interface coin/Cbc_C_Interface.h). Used by the
// outer relaxation of nomination validation (validation/milp_relaxation.hpp).
#include <string>
#include <utility>
#include <vector>

namespace linepack::validation {

struct MilpProblem {
  std::vector<double> col_lower, col_upper, objective;
  std::vector<char> integer;  ///< per column
  /// Rows: row_lower <= sum coef * x[col] <= row_upper.
  std::vector<std::vector<std::pair<int, double>>> rows;
  std::vector<double> row_lower, row_upper;

  int add_column(double lower, double upper, bool is_integer, double cost = 0.0);
  void add_row(std::vector<std::pair<int, double>> terms, double lower, double upper);
};

/// The rows as compressed columns, the form CBC and Clp load: column c's entries are
/// `row[k]`, `value[k]` for k in [start[c], start[c + 1]).
struct CompressedColumns {
  std::vector<int> start, row;
  std::vector<double> value;
};
CompressedColumns compressed_columns(const MilpProblem& problem);

enum class MilpStatus { optimal, feasible, infeasible, unknown };
std::string to_string(MilpStatus status);

struct MilpSolution {
  MilpStatus status = MilpStatus::unknown;
  std::vector<double> x;            ///< when optimal or feasible
  double objective = 0.0;           ///< of x
  double best_bound = 0.0;          ///< CBC's best possible objective (a lower bound)
  bool time_limit_reached = false;
  std::string failure;              ///< why no answer came back from CBC's process, when none did
};

/// Solves `problem` (minimisation) with CBC within `time_limit_s`. `infeasible` only when CBC
/// proves it; `unknown` when it stops without a solution or proof.
MilpSolution solve_milp(const MilpProblem& problem, double time_limit_s);

}  // namespace linepack::validation
