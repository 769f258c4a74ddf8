// Every GasLib instance in the reference data (data/gaslib, and GasLib-4197 and GasLib-134's
// daily nominations when LINEPACK_DATA_DIR has them): the imported model (network,
// its .cs, and each paired nomination) survives the native JSON format exactly, and every
// network solves with each of its nominations to a reported status without an exception.
// GasLib-134's 1,234 daily nominations are round-tripped here but solved (all of them) in
// gaslib134_nominations_test.cpp; here only the first one is solved.
#include <gtest/gtest.h>
#include <fmt/format.h>

#include <chrono>
#include <cstddef>
#include <exception>
#include <filesystem>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "linepack/io/gaslib_reader.hpp"
#include "linepack/io/native_json.hpp"
#include "linepack/steady/solver.hpp"
#include "support/data_dir.hpp"
#include "support/gaslib_files.hpp"

namespace fs = std::filesystem;
using linepack::io::LoadedModel;
using linepack::model::Network;
using linepack::model::Scenario;
using linepack::steady::Status;

namespace {

/// A fresh folder under the system temp directory, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    path_ = fs::temp_directory_path() / fmt::format("linepack-gaslib-roundtrip-{}", stamp);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

/// The first element of two id-keyed lists that differs, named for a failure message.
template <class T>
std::string first_difference(const char* what, const std::vector<T>& a, const std::vector<T>& b) {
  if (a.size() != b.size()) return fmt::format("{}: {} vs {} entries", what, a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!(a[i] == b[i])) return fmt::format("{} #{} ('{}') differs", what, i, a[i].id);
  return {};
}

/// Where two networks differ (empty when equal), to make a failed round trip readable.
std::string difference(const Network& a, const Network& b) {
  if (a.name != b.name) return fmt::format("name '{}' vs '{}'", a.name, b.name);
  for (const std::string& d :
       {first_difference("node", a.nodes, b.nodes), first_difference("pipe", a.pipes, b.pipes),
        first_difference("short pipe", a.short_pipes, b.short_pipes),
        first_difference("resistor", a.resistors, b.resistors),
        first_difference("valve", a.valves, b.valves),
        first_difference("control valve", a.control_valves, b.control_valves),
        first_difference("compressor", a.compressors, b.compressors)})
    if (!d.empty()) return d;
  if (!(a.physics == b.physics)) return "physics settings differ";
  return a == b ? std::string{} : "networks differ";
}

std::string difference(const Scenario& a, const Scenario& b) {
  if (a.name != b.name) return fmt::format("name '{}' vs '{}'", a.name, b.name);
  if (a.boundaries.size() != b.boundaries.size())
    return fmt::format("{} vs {} boundaries", a.boundaries.size(), b.boundaries.size());
  for (std::size_t i = 0; i < a.boundaries.size(); ++i)
    if (!(a.boundaries[i] == b.boundaries[i]))
      return fmt::format("boundary #{} (node '{}') differs", i, a.boundaries[i].node);
  if (a.controls.size() != b.controls.size())
    return fmt::format("{} vs {} controls", a.controls.size(), b.controls.size());
  for (std::size_t i = 0; i < a.controls.size(); ++i)
    if (!(a.controls[i] == b.controls[i]))
      return fmt::format("control #{} (element '{}') differs", i, a.controls[i].element);
  return a == b ? std::string{} : "scenarios differ";
}

/// Writes `model` as native JSON and reads it back; expects both halves exactly equal.
void expect_round_trip(const LoadedModel& model, const fs::path& file) {
  ASSERT_NO_THROW(linepack::io::write_native_model(model, file));
  LoadedModel back;
  ASSERT_NO_THROW(back = linepack::io::read_native_model(file));
  EXPECT_TRUE(back.network == model.network) << difference(model.network, back.network);
  EXPECT_TRUE(back.scenario == model.scenario) << difference(model.scenario, back.scenario);
}

// The shipped GasLib instances, and GasLib-4197 and GasLib-134's daily nominations when the
// outside data folder has them.
std::vector<linepack::test::GaslibInstance> instances_with_large_sets(const fs::path& data) {
  auto out = linepack::test::gaslib_instances(data / "gaslib");
  for (const auto& dir : linepack::test::large_gaslib_dirs())
    for (auto& inst : linepack::test::gaslib_instances(dir)) out.push_back(std::move(inst));
  return out;
}

std::string relative_to(const fs::path& file, const fs::path& base) {
  return file.lexically_relative(base).generic_string();
}

}  // namespace

TEST(GaslibRoundTrip, EveryInstanceRoundTripsThroughNativeJson) {
  LINEPACK_REQUIRE_DATA(data);
  const auto instances = instances_with_large_sets(data);
  ASSERT_GE(instances.size(), 13u);
  const TempDir tmp;
  std::size_t scenarios = 0;
  for (const auto& inst : instances) {
    SCOPED_TRACE(inst.net.string());
    const fs::path json = tmp.path() / (inst.net.stem().string() + ".json");
    LoadedModel base;
    ASSERT_NO_THROW(base = linepack::io::read_gaslib(inst.net, std::nullopt));
    expect_round_trip(base, json);  // the network alone (with its .cs), empty scenario
    for (const auto& scn : inst.scns) {
      SCOPED_TRACE(scn.string());
      LoadedModel m;
      // Same network as `base`; only the nomination is read again.
      m.network = base.network;
      ASSERT_NO_THROW(m.scenario = linepack::io::read_gaslib_scenario(scn, m.network));
      // read_gaslib(net, scn) is the same as reading the nomination onto the network.
      if (&scn == &inst.scns.front()) {
        EXPECT_TRUE(linepack::io::read_gaslib(inst.net, scn).scenario == m.scenario);
      }
      expect_round_trip(m, json);
      ++scenarios;
    }
  }
  // The shipped nominations, and GasLib-4197's and the 1,234 of GasLib-134 of the outside folder.
  using namespace linepack::test;
  EXPECT_GE(scenarios, shipped_gaslib_nominations + (have_gaslib4197() ? 1u : 0u) +
                           (have_gaslib134_daily_nominations() ? 1234u : 0u));
}

TEST(GaslibRoundTrip, EveryNetworkSolvesWithEachNomination) {
  LINEPACK_REQUIRE_DATA(data);
  const auto instances = instances_with_large_sets(data);
  ASSERT_GE(instances.size(), 13u);
  std::size_t solves = 0, converged = 0;
  fmt::print("{:<72} {:<13} {:>5} {:>9} {:>10}\n", "nomination", "status", "iter", "ms",
             "violations");
  for (const auto& inst : instances) {
    SCOPED_TRACE(inst.net.string());
    if (inst.scns.empty()) fmt::print("{:<72} (no nomination)\n", relative_to(inst.net, data));
    bool took_134 = false;  // gaslib134_nominations_test solves all 1,234 of them
    for (const auto& scn : inst.scns) {
      if (linepack::test::is_gaslib134_daily_nomination(scn)) {
        if (took_134) continue;
        took_134 = true;
      }
      SCOPED_TRACE(scn.string());
      try {
        const LoadedModel m = linepack::io::read_gaslib(inst.net, scn);
        const auto t0 = std::chrono::steady_clock::now();
        const auto r = linepack::steady::solve(m.network, m.scenario);
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                .count();
        EXPECT_TRUE(r.status == Status::converged || r.status == Status::not_converged ||
                    r.status == Status::infeasible)
            << "status " << static_cast<int>(r.status);
        fmt::print("{:<72} {:<13} {:>5} {:>9.2f} {:>10}\n", relative_to(scn, data),
                   linepack::steady::to_string(r.status), r.iterations, ms, r.violations.size());
        ++solves;
        converged += r.status == Status::converged;
      } catch (const std::exception& e) {
        ADD_FAILURE() << "exception: " << e.what();
      } catch (...) {
        ADD_FAILURE() << "unknown exception";
      }
    }
  }
  fmt::print("{} solves, {} converged\n", solves, converged);
  // The shipped nominations, GasLib-4197's and one of GasLib-134's (outside data folder).
  using namespace linepack::test;
  EXPECT_GE(solves, shipped_gaslib_nominations + (have_gaslib4197() ? 1u : 0u) +
                        (have_gaslib134_daily_nominations() ? 1u : 0u));
}

