#pragma once
// The errors the course's code throws for bad input. Messages name the
// operation and the shapes or values involved, so a learner sees at once what
// did not fit.

#include <stdexcept>
#include <string>

namespace tinytorch {

/// Shapes that do not fit an operation: "matmul: (2, 3) @ (4, 5): inner sizes 3 and 4 differ".
class ShapeError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

}  // namespace tinytorch
