// Uses module 03 (gamma) of the package test course, which links 02 and 01
// through the package's CMake targets.
#include <tinytorch/gamma.hpp>

#include <cstdio>

int main() {
  std::printf("quad(3) = %d\n", gamma_module::quad(3));
  return gamma_module::quad(3) == 12 ? 0 : 1;
}
