#pragma once
// Named fault points for crash tests: when TITO_FAULT names this point, tito
// kills itself with SIGKILL right there, as `kill -9` would. TITO_FAULT_DELAY_MS
// makes every fault point wait that long, so a test can kill tito at random
// moments inside a step that is otherwise too quick to hit.

#include <string_view>

namespace tito {

/// Dies here (SIGKILL) when $TITO_FAULT equals `name`; sleeps $TITO_FAULT_DELAY_MS first if set.
void fault_point(std::string_view name);

}  // namespace tito
