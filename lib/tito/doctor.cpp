#include "tito/doctor.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include "tito/packages.hpp"
#include "tito/process.hpp"

namespace tito {
namespace {

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

Check check_tool(const std::string& tool, const std::string& package) {
  ProcessSpec spec;
  spec.argv = {tool, "--version"};
  const ProcessResult result = run_process(spec);
  if (result.ok()) return {tool, true, first_line(result.output)};
  return {tool, false, fmt::format("not found; install it: sudo apt-get install {}", package)};
}

Check check_package(const std::string& package) {
  ProcessSpec spec;
  spec.argv = {"dpkg-query", "-W", "-f=${db:Status-Status} ${Version}", package};
  const ProcessResult result = run_process(spec);
  if (result.ok() && result.output.starts_with("installed ")) {
    return {package, true, result.output.substr(std::string("installed ").size())};
  }
  return {package, false, fmt::format("not installed; sudo apt-get install {}", package)};
}

// A folder is usable when it is writable, or when it does not exist yet and
// its nearest existing parent is (tito creates it on first use).
Check check_folder(const std::string& name, const std::filesystem::path& dir) {
  std::filesystem::path probe = dir;
  while (!std::filesystem::exists(probe) && probe.has_parent_path() && probe != probe.parent_path()) {
    probe = probe.parent_path();
  }
  if (access(probe.c_str(), W_OK) == 0) {
    const bool exists = probe == dir;
    return {name, true, fmt::format("{} ({})", dir.string(), exists ? "writable" : "will be created")};
  }
  return {name, false, fmt::format("{} is not writable; fix its permissions or change it in tito.toml", probe.string())};
}

}  // namespace

const std::vector<std::string>& required_packages() {
  static const std::vector<std::string> packages(std::begin(kDebianPackages), std::end(kDebianPackages));
  return packages;
}

std::vector<Check> run_doctor(const Config& config) {
  std::vector<Check> checks;
  checks.push_back(check_tool("g++", "g++"));
  checks.push_back(check_tool("cmake", "cmake"));
  checks.push_back(check_tool("ninja", "ninja-build"));
  for (const std::string& package : required_packages()) checks.push_back(check_package(package));
  checks.push_back(check_folder("build folder", config.build_dir));
  checks.push_back(check_folder("package folder", config.package_dir));
  return checks;
}

}  // namespace tito
