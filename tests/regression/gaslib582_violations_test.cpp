// GasLib-582 v1 (data/gaslib/582-v1, GasLib-582.scn) with its 5 stations and 23 regulators
// active (tests/support/gaslib_controls.hpp): the violation list judges each regulator and
// station by the mode the control loop settled (docs/physics.md §11). Before, it judged them by
// their given state `active`: controlValve_12 and controlValve_23, closed by the loop, were
// reported with their outlet above their inlet, compressorStation_1 (bypassed, bridged) with
// reverse flow, and 14 closed, open or bypassed ones with their outlet above their maximum:
// 17 of 164 violations; now 0 of 147.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <string>

#include "linepack/io/gaslib_reader.hpp"
#include "linepack/steady/solver.hpp"
#include "support/data_dir.hpp"
#include "support/gaslib_controls.hpp"

using namespace linepack;

TEST(GasLib582Violations, RegulatorsAndStationsAreJudgedByTheirSettledMode) {
  LINEPACK_REQUIRE_DATA_WITH(data, "gaslib/582-v1/GasLib-582.net");
  const auto dir = data / "gaslib/582-v1";
  auto m = io::read_gaslib(dir / "GasLib-582.net", dir / "GasLib-582.scn");
  test::activate_all_controls(m.network);
  const auto r = steady::solve(m.network, m.scenario);
  ASSERT_EQ(r.status, steady::Status::converged) << r.message;

  std::map<std::string, const steady::ElementResult*> by_id;
  for (const auto& e : r.elements) by_id[e.id] = &e;
  // The three elements of the bug report are in the modes it names.
  EXPECT_EQ(by_id.at("controlValve_12")->control_mode, "closed");
  EXPECT_EQ(by_id.at("controlValve_23")->control_mode, "closed");
  EXPECT_EQ(by_id.at("controlValve_1")->control_mode, "open");

  std::size_t on_elements = 0;
  for (const auto& v : r.violations) {
    const auto e = by_id.find(v.id);
    if (e == by_id.end()) continue;  // a node bound
    ++on_elements;
    const std::string& mode = e->second->control_mode;
    std::printf("  %s (%s, %s): %s\n", v.id.c_str(), mode.c_str(),
                e->second->binding_limit.c_str(), v.what.c_str());
    if (mode == "closed")  // only flow through it would be wrong
      EXPECT_TRUE(v.what.ends_with("_closed_with_flow")) << v.id << ": " << v.what;
    else  // open or bypassed: lossless both ways, no element rule applies
      EXPECT_NE(mode, "open") << v.id << ": " << v.what;
    EXPECT_NE(mode, "bypass") << v.id << ": " << v.what;
  }
  std::printf("  %zu violations, %zu on regulators or stations\n", r.violations.size(), on_elements);
  EXPECT_EQ(on_elements, 0u);  // 17 of 164 when judged by the given state
}
