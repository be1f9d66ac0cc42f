#pragma once
// "Did you mean ...?" for names a user mistyped.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tito {

/// Edit distance allowing insertions, deletions, substitutions and swaps of neighbours.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word`, if one is close enough to be a likely typo.
std::optional<std::string> nearest_name(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace tito
