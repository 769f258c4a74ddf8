// LANL GasSteadySim case folder: input "network.json --8<-- bc.json --8<-- params.json", read
// through io::read_model(folder) as `linepack solve FOLDER` does.
#include "fuzz_support.hpp"
#include "model_harness.hpp"
#include "linepack/io/model_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace linepack;
  fuzz::write_temp_files(data, size, {"network.json", "bc.json", "params.json"});
  fuzz::expect_only<io::InputError, model::ValidationError>(
      [&] { fuzz::validate_and_serialise(io::read_model(fuzz::temp_folder())); });
  return 0;
}
