#include "linepack/validation/child_process.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace linepack::validation {
namespace {

bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

/// The child: `work`'s bytes after their length (8 bytes), then _exit without running the
/// parent's atexit handlers or flushing its stdio buffers.
[[noreturn]] void serve(int fd, const std::function<std::string()>& work) {
  int code = 1;
  try {
    const std::string bytes = work();
    const std::uint64_t size = bytes.size();
    if (write_all(fd, reinterpret_cast<const char*>(&size), sizeof size) &&
        write_all(fd, bytes.data(), bytes.size()))
      code = 0;
  } catch (...) {
  }
  ::close(fd);
  ::_exit(code);
}

}  // namespace

ChildOutcome run_in_child(const std::function<std::string()>& work, double limit_s) {
  ChildOutcome out;
  int fds[2];
  if (::pipe(fds) != 0) {
    out.bytes = work();
    return out;
  }
  // Buffered output written before the fork would otherwise be written twice: once by this
  // process and once by the child, when the solver it runs flushes stdio.
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    out.bytes = work();
    return out;
  }
  if (pid == 0) {
    ::close(fds[0]);
    serve(fds[1], work);
  }
  ::close(fds[1]);
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                           std::chrono::duration<double>(std::max(limit_s, 0.0)));
  std::string received;
  bool eof = false;
  char chunk[1 << 16];
  while (!eof) {
    const double left_ms =
        std::chrono::duration<double, std::milli>(deadline - Clock::now()).count();
    if (left_ms <= 0.0) break;
    pollfd p{fds[0], POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(std::ceil(std::min(left_ms, 1e9))));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;  // timed out: the loop head sees the deadline
    const ssize_t n = ::read(fds[0], chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) eof = true;
    else received.append(chunk, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  if (!eof) {
    ::kill(pid, SIGKILL);
    out.killed_at_limit = true;
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (out.killed_at_limit) return out;
  std::uint64_t size = 0;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && received.size() >= sizeof size) {
    std::memcpy(&size, received.data(), sizeof size);
    if (received.size() == sizeof size + size) {
      out.bytes = received.substr(sizeof size);
      return out;
    }
  }
  out.failure = WIFSIGNALED(status) ? "the child process ended on signal " + std::to_string(WTERMSIG(status))
                                    : "the child process returned no result";
  return out;
}

}  // namespace linepack::validation
