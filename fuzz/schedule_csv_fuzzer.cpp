// Transient schedule, CSV (docs/transient.md, "Schedules"), read against the Pakistan Stream
// network as `linepack transient model.json --schedule FILE.csv` reads it.
#include "example_model.hpp"
#include "fuzz_support.hpp"
#include "linepack/io/schedule_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace linepack;
  const auto& m = fuzz::example_model();
  const auto file = fuzz::write_temp_file("schedule.csv", {reinterpret_cast<const char*>(data), size});
  fuzz::expect_only<io::InputError, transient::ScheduleError>(
      [&] { (void)io::read_schedule(file, m.network); });
  return 0;
}
