// GasLib nomination (.scn XML) with its network: input "NET --8<-- SCN", read as
// `linepack solve m.net --scenario m.scn` reads it.
#include "fuzz_support.hpp"
#include "model_harness.hpp"
#include "linepack/io/model_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace linepack;
  fuzz::write_temp_files(data, size, {"m.net", "m.scn"});
  const auto net = fuzz::temp_folder() / "m.net", scn = fuzz::temp_folder() / "m.scn";
  fuzz::expect_only<io::InputError, model::ValidationError>(
      [&] { fuzz::validate_and_serialise(io::read_model(net, scn)); });
  return 0;
}
