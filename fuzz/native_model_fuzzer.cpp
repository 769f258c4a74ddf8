// Native model JSON (docs/model.schema.json) through io::read_model, as the CLI reads a .json.
#include "fuzz_support.hpp"
#include "model_harness.hpp"
#include "linepack/io/model_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace linepack;
  const auto file = fuzz::write_temp_file("m.json", {reinterpret_cast<const char*>(data), size});
  fuzz::expect_only<io::InputError, model::ValidationError>(
      [&] { fuzz::validate_and_serialise(io::read_model(file)); });
  return 0;
}
