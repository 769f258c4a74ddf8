// Controls file (`--controls FILE`, docs/cli.md) over the Pakistan Stream model's scenario, read
// and applied as `linepack solve model.json --controls FILE` does before solving.
#include "example_model.hpp"
#include "fuzz_support.hpp"
#include "linepack/io/native_json.hpp"
#include "linepack/model/validation.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace linepack;
  const auto& m = fuzz::example_model();
  const auto file = fuzz::write_temp_file("controls.json", {reinterpret_cast<const char*>(data), size});
  fuzz::expect_only<io::InputError, model::ValidationError>([&] {
    const model::Scenario s = io::read_controls_file(file, m.scenario);
    model::validate(m.network, s);
    (void)model::apply_controls(m.network, s);
  });
  return 0;
}
