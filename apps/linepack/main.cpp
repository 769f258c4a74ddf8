// linepack command line (placeholder while the readers land).
#include <cstdio>
int main() {
  std::fputs("linepack: command line under construction\n", stderr);
  return 2;
}
