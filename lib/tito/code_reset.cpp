#include "tito/code_reset.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <stdio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <map>

#include <nlohmann/json.hpp>

#include "tito/error.hpp"
#include "tito/fault.hpp"
#include "tito/fsutil.hpp"
#include "tito/release.hpp"
#include "tito/sha256.hpp"

namespace tito {
namespace {

namespace fs = std::filesystem;

fs::path backups_of(const Config& config, const Module& module) {
  return config.state_dir / "backups" / module.number_text();
}

std::string local_stamp() {
  const std::time_t now = std::time(nullptr);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H-%M-%S", std::localtime(&now));
  return buffer;
}

int copy_tree(const fs::path& from, const fs::path& to) {
  int files = 0;
  fs::create_directories(to);
  if (!fs::exists(from)) return 0;
  for (const auto& entry : fs::recursive_directory_iterator(from)) {
    const fs::path target = to / fs::relative(entry.path(), from);
    if (entry.is_directory()) {
      fs::create_directories(target);
    } else if (entry.is_regular_file()) {
      fs::create_directories(target.parent_path());
      fs::copy_file(entry.path(), target, fs::copy_options::overwrite_existing);
      ++files;
    }
  }
  return files;
}

// Saves the module's current src/ as a new timestamped backup (complete before it appears).
CodeBackup make_backup(const Config& config, const Module& module) {
  const fs::path root = backups_of(config, module);
  std::string stamp = local_stamp();
  for (int n = 2; fs::exists(root / stamp); ++n) stamp = local_stamp() + "-" + std::to_string(n);
  const fs::path staging = root / (".staging-" + stamp);
  fs::remove_all(staging);
  CodeBackup backup{stamp, root / stamp, copy_tree(module.dir / "src", staging / "src")};
  fs::rename(staging, backup.folder);
  return backup;
}

// Swaps `staged` in as the module's src/ with one atomic exchange, then removes the old files.
void swap_in(const Module& module, const fs::path& staged) {
  const fs::path src = module.dir / "src";
  fault_point("reset:staged");
  if (renameat2(AT_FDCWD, staged.c_str(), AT_FDCWD, src.c_str(), RENAME_EXCHANGE) != 0) {
    throw Error(ExitCode::kEnvironment, fmt::format("cannot swap {} into place: {}", src.string(), std::strerror(errno)));
  }
  fault_point("reset:swapped");
  fs::remove_all(staged);  // now holds the old files, already backed up
}

// A fresh staging folder; ones left by a killed reset are removed first.
fs::path staging_folder(const Module& module) {
  for (const auto& entry : fs::directory_iterator(module.dir)) {
    if (entry.path().filename().string().starts_with(".src-reset-")) fs::remove_all(entry.path());
  }
  return module.dir / fmt::format(".src-reset-{}", getpid());
}

}  // namespace

std::vector<CodeBackup> list_backups(const Config& config, const Module& module) {
  std::vector<CodeBackup> backups;
  const fs::path root = backups_of(config, module);
  if (!fs::exists(root)) return backups;
  for (const auto& entry : fs::directory_iterator(root)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_directory() || name.starts_with('.')) continue;
    int files = 0;
    for (const auto& file : fs::recursive_directory_iterator(entry.path())) files += file.is_regular_file() ? 1 : 0;
    backups.push_back({name, entry.path(), files});
  }
  std::sort(backups.begin(), backups.end(), [](const auto& a, const auto& b) { return a.stamp < b.stamp; });
  return backups;
}

CodeBackup reset_code(const Config& config, const Module& module) {
  const fs::path manifest_path = config.root / kReleaseManifest;
  if (!fs::exists(manifest_path)) {
    throw usage_error(fmt::format("{} holds no {}: this is the instructor's tree, whose sources are the solutions",
                                  config.root.string(), kReleaseManifest),
                      "reset --code works in a student release (tito release --out DIR)");
  }
  const auto release = nlohmann::json::parse(read_file(manifest_path), nullptr, false);
  if (release.is_discarded() || !release.contains("files")) {
    throw usage_error(fmt::format("{}: not a valid release manifest", manifest_path.string()));
  }
  // Rebuild every shipped src/ file of the module and check it against its recorded hash.
  const std::string prefix = fs::relative(module.dir / "src", config.root).generic_string() + "/";
  std::map<fs::path, std::string> shipped;
  for (const auto& [relative, hash] : release["files"].items()) {
    if (!relative.starts_with(prefix)) continue;
    const fs::path current = config.root / relative;
    if (!fs::exists(current)) {
      throw usage_error(fmt::format("{} was deleted; its shipped text cannot be rebuilt", current.string()),
                        "restore it from version control or a backup (--list-backups)");
    }
    std::string text = stub_source(current);
    if (sha256_hex(text) != hash.get<std::string>()) {
      throw usage_error(fmt::format("{} was changed outside its solution blocks, so the shipped file cannot be "
                                    "rebuilt exactly; nothing was reset",
                                    current.string()),
                        "undo the edits outside // BEGIN SOLUTION ... // END SOLUTION, or restore a backup");
    }
    shipped[fs::relative(current, module.dir / "src")] = std::move(text);
  }
  if (shipped.empty()) throw usage_error(fmt::format("{} lists no src/ file of module {}", kReleaseManifest, module.number));
  const CodeBackup backup = make_backup(config, module);
  const fs::path staged = staging_folder(module);
  copy_tree(module.dir / "src", staged);  // files the learner added stay
  for (const auto& [relative, text] : shipped) write_file_atomic(staged / relative, text);
  swap_in(module, staged);
  return backup;
}

CodeBackup restore_backup(const Config& config, const Module& module, const std::string& stamp) {
  const fs::path folder = backups_of(config, module) / stamp;
  if (stamp.empty() || stamp.find('/') != std::string::npos || !fs::is_directory(folder / "src")) {
    std::vector<std::string> stamps;
    for (const CodeBackup& backup : list_backups(config, module)) stamps.push_back(backup.stamp);
    throw usage_error(fmt::format("module {} has no backup {}", module.number_text(), stamp),
                      stamps.empty() ? "it has no backups yet" : "backups: " + fmt::format("{}", fmt::join(stamps, ", ")));
  }
  const CodeBackup backup = make_backup(config, module);
  const fs::path staged = staging_folder(module);
  copy_tree(folder / "src", staged);
  swap_in(module, staged);
  return backup;
}

}  // namespace tito
