#pragma once
// What the CLI does with a model after reading it (apps/linepack/commands.cpp): validate it, and
// for `convert`, write it as native JSON. Shared by the model harnesses.
#include <string>

#include "linepack/io/loaded_model.hpp"
#include "linepack/io/native_json.hpp"
#include "linepack/model/validation.hpp"

namespace linepack::fuzz {

inline void validate_and_serialise(const io::LoadedModel& m) {
  if (m.scenario.boundaries.empty()) model::validate(m.network);
  else model::validate(m.network, m.scenario);
  const std::string text = io::to_json(m).dump(1);  // `convert` writes this text
  (void)text;
}

}  // namespace linepack::fuzz
