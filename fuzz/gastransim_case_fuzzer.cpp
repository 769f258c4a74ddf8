// LANL GasTranSim case folder: input "network.json --8<-- params.json --8<-- bc.json --8<--
// ic.json --8<-- disruptions.json", read as `linepack transient FOLDER` reads it.
#include "fuzz_support.hpp"
#include "model_harness.hpp"
#include "linepack/io/gastransim_reader.hpp"
#include "linepack/transient/schedule.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace linepack;
  fuzz::write_temp_files(data, size,
                         {"network.json", "params.json", "bc.json", "ic.json", "disruptions.json"});
  fuzz::expect_only<io::InputError, model::ValidationError, transient::ScheduleError>([&] {
    if (!io::is_gastransim_case(fuzz::temp_folder())) return;
    const io::GasTranSimCase c = io::read_gastransim_case(fuzz::temp_folder());
    fuzz::validate_and_serialise(c.model);
    transient::validate(c.schedule, c.model.network);
  });
  return 0;
}
