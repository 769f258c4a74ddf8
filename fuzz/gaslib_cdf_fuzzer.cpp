// GasLib combined decisions (.cdf XML), read against a fixed network with a valve 'v', a
// regulator 'cv' and a station 'cs' (as `linepack validate NET --cdf FILE` reads it); what is
// read is then imposed on a control and checked (validation/combined_decisions.hpp).
#include "fuzz_support.hpp"
#include "linepack/io/gaslib_cdf_reader.hpp"
#include "linepack/io/input_error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace linepack;
  fuzz::write_temp_files(data, size, {"m.cdf"});
  static const model::Network net = [] {
    model::Network n;
    n.nodes = {{.id = "a"}, {.id = "b", .pressure_max_pa = 70e5}, {.id = "c"}};
    model::Valve v;
    v.id = "v", v.from = "a", v.to = "b";
    n.valves.push_back(v);
    model::ControlValve cv;
    cv.id = "cv", cv.from = "b", cv.to = "c";
    n.control_valves.push_back(cv);
    model::Compressor cs;
    cs.id = "cs", cs.from = "a", cs.to = "b";
    n.compressors.push_back(cs);
    return n;
  }();
  fuzz::expect_only<io::InputError, model::ValidationError>([&] {
    const auto c = io::read_gaslib_cdf(fuzz::temp_folder() / "m.cdf", net);
    model::Scenario control;
    validation::impose_nearest_decisions(c, net, control, 10.0);
    validation::ElementStates states;
    for (const auto& x : control.controls) states[x.element] = {x.state, 1.0};
    (void)validation::allows(c, states);
  });
  return 0;
}
