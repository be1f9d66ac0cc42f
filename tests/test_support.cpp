#include "test_support.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include <unistd.h>

namespace tito::testing {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "tito-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::filesystem::path TempDir::write(const std::string& relative, const std::string& content) const {
  const auto full = path_ / relative;
  std::filesystem::create_directories(full.parent_path());
  std::ofstream(full, std::ios::binary) << content;
  return full;
}

TempCourse::TempCourse() {
  write("tito.toml",
        "[course]\nname = \"Test course\"\nversion = \"1.0\"\n\n"
        "[paths]\nmodules_dir = \"modules\"\npackage_dir = \"package\"\nbuild_dir = \"build\"\n\n"
        "[tests]\ntimeout = 5\n");
  std::filesystem::create_directories(path() / "modules");
}

std::string module_toml(int number, const std::string& slug, const std::vector<int>& depends) {
  return fmt::format(
      "number = {}\nslug = \"{}\"\ntitle = \"Title of {}\"\nsummary = \"What {} builds.\"\n"
      "version = \"0.1.0\"\ndepends = [{}]\n",
      number, slug, slug, slug, fmt::join(depends, ", "));
}

std::filesystem::path TempCourse::add_module(int number, const std::string& slug,
                                             const std::vector<int>& depends) const {
  const std::string folder = fmt::format("modules/{:02d}_{}", number, slug);
  write(folder + "/module.toml", module_toml(number, slug, depends));
  return path() / folder;
}

bool course_has_solutions() { return !std::filesystem::exists(TITO_SOURCE_DIR "/release.json"); }

bool process_gone(int pid) {
  for (int i = 0; i < 50; ++i) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string skip, state;
    if (!(stat >> skip >> skip >> state) || state == "Z") return true;
    usleep(20000);
  }
  return false;
}

ProcessResult build_and_run_consumer(const std::filesystem::path& source, const std::filesystem::path& build,
                                     const std::filesystem::path& prefix, const std::string& program) {
  const std::vector<std::vector<std::string>> steps = {
      {"cmake", "-S", source.string(), "-B", build.string(), "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
       "-DCMAKE_PREFIX_PATH=" + prefix.string()},
      {"cmake", "--build", build.string()},
      {(build / program).string()}};
  ProcessResult result;
  for (const auto& argv : steps) {
    ProcessSpec spec;
    spec.argv = argv;
    spec.timeout = std::chrono::minutes(5);
    result = run_process(spec);
    if (!result.ok()) break;
  }
  return result;
}

ProcessResult run_tito(const std::filesystem::path& course, const std::vector<std::string>& args) {
  ProcessSpec spec;
  spec.argv = {TITO_EXE, "--course", course.string()};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.extra_env = {"NO_COLOR=1"};
  spec.timeout = std::chrono::seconds(120);
  return run_process(spec);
}

}  // namespace tito::testing
