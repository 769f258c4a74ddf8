// Study config (docs/study.md) run by the CLI's own `linepack study` code (run_study) in a temp
// folder that holds the shipped Pakistan Stream model and controls files (no schedule, so a
// config's "day" stops at its schedule). Output goes to a temp subfolder.
//
// Inputs whose case tag (or name, the default tag) is not a plain file name are skipped, so
// that fuzzing never writes outside the temp folder; rejecting them is the study's own check,
// covered by its regression tests.
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "fuzz_support.hpp"
#include "linepack/model/validation.hpp"
#include "study_command.hpp"

namespace {

bool plain_file_name(const nlohmann::json& j) {
  if (!j.is_string()) return true;  // not a string: the study must reject it itself
  const auto& s = j.get_ref<const std::string&>();
  return !s.empty() && s != "." && s != ".." && s.find('/') == std::string::npos &&
         s.find('\0') == std::string::npos;
}

bool writes_only_inside(const nlohmann::json& cfg) {
  if (!cfg.is_object() || !cfg.contains("cases") || !cfg["cases"].is_array()) return true;
  for (const auto& c : cfg["cases"]) {
    if (!c.is_object()) continue;
    if (c.contains("tag") ? !plain_file_name(c["tag"])
                          : (c.contains("name") && !plain_file_name(c["name"])))
      return false;
  }
  return true;
}

void copy_examples() {
  static const bool done = [] {
    for (const char* name : {"model.json", "model-42in.json", "case-A.json", "case-C.json"})
      std::filesystem::copy_file(
          linepack::fuzz::source_file(std::string("examples/pakistan-stream/") + name),
          linepack::fuzz::temp_folder() / name,
          std::filesystem::copy_options::overwrite_existing);
    return true;
  }();
  (void)done;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace linepack;
  copy_examples();
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto cfg = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!writes_only_inside(cfg)) return 0;
  const auto file = fuzz::write_temp_file("study.json", text);
  cli::StudyArgs args{file.string(), (fuzz::temp_folder() / "out").string()};
  fuzz::expect_only<io::InputError, model::ValidationError>([&] { (void)cli::run_study(args); });
  return 0;
}
