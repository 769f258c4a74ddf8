#include "linepack/io/model_reader.hpp"

#include "linepack/io/gaslib_reader.hpp"
#include "linepack/io/input_error.hpp"
#include "linepack/io/lanl_reader.hpp"
#include "linepack/io/native_json.hpp"

namespace linepack::io {

LoadedModel read_model(const std::filesystem::path& input,
                       const std::optional<std::filesystem::path>& scenario_file) {
  std::error_code ec;
  if (!std::filesystem::exists(input, ec))
    throw InputError(input, 0, "", "no such file or folder");
  if (scenario_file && !std::filesystem::exists(*scenario_file, ec))
    throw InputError(*scenario_file, 0, "", "no such scenario file");
  if (std::filesystem::is_directory(input, ec)) {
    if (scenario_file)
      throw InputError(*scenario_file, 0, "", "--scenario applies to GasLib .net input only");
    return read_lanl_case(input);
  }
  const std::string ext = input.extension().string();
  if (ext == ".net") return read_gaslib(input, scenario_file);
  if (scenario_file)
    throw InputError(*scenario_file, 0, "", "--scenario applies to GasLib .net input only");
  if (ext == ".json") return read_native_model(input);
  throw InputError(input, 0, "",
                   "unknown input kind (expected a GasLib .net, a native .json model, or a LANL "
                   "case folder)");
}

}  // namespace linepack::io
