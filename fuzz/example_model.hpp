#pragma once
// The shipped Pakistan Stream model (examples/pakistan-stream/model.json), read once: the
// network that controls and schedule inputs refer to.
#include "fuzz_support.hpp"
#include "linepack/io/model_reader.hpp"

namespace linepack::fuzz {

inline const io::LoadedModel& example_model() {
  static const io::LoadedModel m =
      io::read_model(source_file("examples/pakistan-stream/model.json"));
  return m;
}

}  // namespace linepack::fuzz
