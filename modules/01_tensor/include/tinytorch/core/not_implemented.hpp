#pragma once
// What a student stub throws: "not implemented: Task 14.2: KVCache::update".
// It derives from std::exception directly, so a test expecting a
// std::logic_error (or any other standard error) cannot pass on a stub; tito
// recognises the text and reports the task a learner has yet to write.

#include <exception>
#include <string>

namespace tinytorch {

/// Thrown by every student stub; what() names the task to implement.
class NotImplemented : public std::exception {
 public:
  /// `task` is the marker's label, "Task 14.2: KVCache::update".
  explicit NotImplemented(const std::string& task) : message_("not implemented: " + task) {}

  const char* what() const noexcept override { return message_.c_str(); }

 private:
  std::string message_;
};

}  // namespace tinytorch
