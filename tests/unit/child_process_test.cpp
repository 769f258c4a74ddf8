// The hard wall-clock limit of validation/child_process.hpp, which the MILP solves run under.
#include "linepack/validation/child_process.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <thread>

using linepack::validation::run_in_child;

namespace {

double seconds_of(const std::function<void()>& f) {
  const auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

TEST(ChildProcess, ReturnsTheBytesTheWorkProduced) {
  // Large enough to need many reads from the pipe (the parent reads while the child writes).
  const std::string big(3'000'000, 'x');
  const auto out = run_in_child([&] { return big + "end"; }, 30.0);
  ASSERT_TRUE(out.bytes.has_value()) << out.failure;
  EXPECT_EQ(*out.bytes, big + "end");
  EXPECT_FALSE(out.killed_at_limit);
}

TEST(ChildProcess, KillsWorkThatRunsPastItsLimit) {
  linepack::validation::ChildOutcome out;
  const double wall_s = seconds_of([&] {
    out = run_in_child(
        [] {
          std::this_thread::sleep_for(std::chrono::seconds(30));
          return std::string("late");
        },
        0.3);
  });
  EXPECT_FALSE(out.bytes.has_value());
  EXPECT_TRUE(out.killed_at_limit);
  EXPECT_GE(wall_s, 0.3);
  EXPECT_LT(wall_s, 5.0);  // not the 30 s the work would take
}

TEST(ChildProcess, WorkThatThrowsReturnsNoBytesAndSaysSo) {
  const auto out = run_in_child([]() -> std::string { throw std::runtime_error("no"); }, 30.0);
  EXPECT_FALSE(out.bytes.has_value());
  EXPECT_FALSE(out.killed_at_limit);
  EXPECT_EQ(out.failure, "the child process returned no result");
}

TEST(ChildProcess, OutputBufferedBeforeTheForkIsWrittenOnce) {
  // A child that flushes stdio (CBC's message handler does) would write the parent's unflushed
  // buffers a second time; the parent flushes them before it forks.
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  std::fputs("once", f);  // still in the stream's buffer
  const auto out = run_in_child(
      [&] {
        std::fflush(f);
        return std::string("done");
      },
      30.0);
  ASSERT_TRUE(out.bytes.has_value()) << out.failure;
  std::fflush(f);
  std::rewind(f);
  char text[32] = {};
  const std::size_t n = std::fread(text, 1, sizeof text - 1, f);
  std::fclose(f);
  EXPECT_EQ(std::string(text, n), "once");
}
