// Gas composition file (`--composition FILE`), read by gas::load_composition as `linepack gas`
// and `solve --composition` read it; std::invalid_argument is its documented rejection.
#include <stdexcept>

#include "fuzz_support.hpp"
#include "linepack/gas/composition.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace linepack;
  const auto file = fuzz::write_temp_file("composition.json", {reinterpret_cast<const char*>(data), size});
  fuzz::expect_only<io::InputError, std::invalid_argument>(
      [&] { (void)gas::load_composition(file.string()); });
  return 0;
}
