#include "tito/fault.hpp"

#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace tito {

void fault_point(std::string_view name) {
  if (const char* delay = std::getenv("TITO_FAULT_DELAY_MS")) usleep(static_cast<useconds_t>(std::atoi(delay)) * 1000);
  const char* fault = std::getenv("TITO_FAULT");
  if (fault != nullptr && name == fault) raise(SIGKILL);
}

}  // namespace tito
