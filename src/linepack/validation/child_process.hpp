#pragma once
// A piece of work with a hard wall-clock limit: run in a forked child process that is killed
// when the limit passes. For libraries that check their own time limit only now and then (CBC
// checks between nodes and cut passes: a long root or heuristic overran a 900 s limit on
// GasLib-4197 by 345 s). The child shares nothing with the caller after the fork; what it
// returns comes back through a pipe.
#include <functional>
#include <optional>
#include <string>

namespace linepack::validation {

struct ChildOutcome {
  std::optional<std::string> bytes;  ///< what `work` returned; empty when not
  bool killed_at_limit = false;      ///< the limit passed and the child was killed
  std::string failure;               ///< else why nothing came back (fork failed, child crashed)
};

/// Runs `work` in a child process and returns its bytes, or kills the child `limit_s` seconds
/// after the start. When no child can be started, runs `work` here (bytes set, no limit).
ChildOutcome run_in_child(const std::function<std::string()>& work, double limit_s);

}  // namespace linepack::validation
