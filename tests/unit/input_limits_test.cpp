// The bounds of docs/limits.md at the level of the io helpers: exact integer ids, JSON depth,
// UTF-8, and library exceptions turned into InputError naming the file.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "linepack/io/input_error.hpp"
#include "linepack/io/input_limits.hpp"
#include "linepack/io/json_text.hpp"
#include "linepack/io/library_errors.hpp"

using linepack::io::InputError;

TEST(InputLimits, IdsBeyondTwoToThe53AreRefusedNotCollided) {
  using linepack::io::json_id_text;
  // 1e19 and 2e19 used to become the same text (undefined conversion to long long).
  EXPECT_FALSE(json_id_text(nlohmann::json(1e19)).has_value());
  EXPECT_FALSE(json_id_text(nlohmann::json(2e19)).has_value());
  EXPECT_FALSE(json_id_text(nlohmann::json::parse("18446744073709551615")).has_value());
  EXPECT_EQ(json_id_text(nlohmann::json(7.0)), "7");
  EXPECT_EQ(json_id_text(nlohmann::json(-3)), "-3");
  EXPECT_EQ(json_id_text(nlohmann::json(9007199254740992.0)), "9007199254740992");
  EXPECT_FALSE(json_id_text(nlohmann::json(7.5)).has_value());
  EXPECT_EQ(linepack::io::exact_integer(1e300), std::nullopt);
  EXPECT_EQ(linepack::io::exact_integer(-42.0), -42);
}

TEST(InputLimits, JsonDepthIsCheckedOutsideStrings) {
  const std::string ok = std::string(64, '[') + std::string(64, ']');
  EXPECT_NO_THROW(linepack::io::check_json_depth(ok, "f.json"));
  const std::string deep = "{\"a\":\n" + std::string(65, '[') + std::string(65, ']') + "}";
  try {
    linepack::io::check_json_depth(deep, "f.json");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "f.json");
    EXPECT_EQ(e.line(), 2u);
  }
  // Brackets inside strings (with escaped quotes) do not count.
  const std::string quoted = "{\"a\": \"\\\"" + std::string(1000, '[') + "\"}";
  EXPECT_NO_THROW(linepack::io::check_json_depth(quoted, "f.json"));
}

TEST(InputLimits, Utf8Validation) {
  using linepack::io::is_utf8;
  EXPECT_TRUE(is_utf8("plain ascii"));
  EXPECT_TRUE(is_utf8("Technische Universit\xc3\xa4t"));
  EXPECT_TRUE(is_utf8("\xf0\x9f\x98\x80"));
  EXPECT_FALSE(is_utf8("s\xff\xfe"));
  EXPECT_FALSE(is_utf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(is_utf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(is_utf8("\xe2\x82"));          // truncated
}

TEST(InputLimits, LibraryExceptionsBecomeInputErrorsNamingTheFile) {
  auto expect_named = [](auto&& body, const char* words) {
    try {
      linepack::io::reading("cfg.json", body);
      FAIL() << "no error";
    } catch (const InputError& e) {
      const std::string m = e.what();
      EXPECT_TRUE(m.starts_with("cfg.json: ")) << m;
      EXPECT_EQ(m.find("[json.exception"), std::string::npos) << m;
      EXPECT_NE(m.find(words), std::string::npos) << m;
    }
  };
  expect_named([] { return nlohmann::json("x").get<double>(); }, "type must be number");
  expect_named([] { return std::stod("abc"); }, "not a number");
  expect_named([] { return nlohmann::json::object().at("k").get<int>(); }, "missing key 'k'");
  // Number overflow in the text itself.
  try {
    linepack::io::parse_json_text("[1e400]", "n.json");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_TRUE(std::string(e.what()).starts_with("n.json: ")) << e.what();
  }
  // Other exceptions pass unchanged.
  EXPECT_THROW(linepack::io::reading("cfg.json", [] { throw std::runtime_error("x"); }),
               std::runtime_error);
}
