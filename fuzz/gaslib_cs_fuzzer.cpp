// GasLib compressor stations (.cs XML) with their network: input "NET --8<-- CS"; read_model
// reads the .cs of the same stem beside the .net, as `linepack info m.net` does.
#include "fuzz_support.hpp"
#include "model_harness.hpp"
#include "linepack/io/model_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace linepack;
  fuzz::write_temp_files(data, size, {"m.net", "m.cs"});
  const auto net = fuzz::temp_folder() / "m.net";
  fuzz::expect_only<io::InputError, model::ValidationError>(
      [&] { fuzz::validate_and_serialise(io::read_model(net)); });
  return 0;
}
