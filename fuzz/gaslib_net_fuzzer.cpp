// GasLib network (.net XML) through io::read_model, as `linepack info/solve/convert` read it.
#include "fuzz_support.hpp"
#include "model_harness.hpp"
#include "linepack/io/model_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace linepack;
  const auto net = fuzz::write_temp_file("m.net", {reinterpret_cast<const char*>(data), size});
  fuzz::expect_only<io::InputError, model::ValidationError>(
      [&] { fuzz::validate_and_serialise(io::read_model(net)); });
  return 0;
}
