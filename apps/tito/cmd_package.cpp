// tito package show / verify: what the package holds, and whether it is intact.

#include <fmt/format.h>

#include "commands.hpp"
#include "tito/error.hpp"
#include "tito/package.hpp"

namespace tito::cli {

void attach_package_show(CLI::App& command, Context& context) {
  command.callback([&context] {
    Package package(context.config());
    const Manifest manifest = package.manifest();
    if (manifest.modules.empty()) {
      fmt::print("the package {} is empty; complete a module with: tito module complete N\n", package.root().string());
      return;
    }
    fmt::print("{} (updated {}, tito {})\n\n", package.root().string(), manifest.updated_at, manifest.tito_version);
    for (const ManifestModule& module : manifest.modules) {
      fmt::print("  {:02d}  {:<16} v{:<8} {:>3}/{:<3} points  {}/{} tests  {:.1f} s  {}  TinyTorch::{}\n",
                 module.number, module.slug, module.version, module.points, module.points_possible,
                 module.tests_passed, module.tests_total, module.seconds, module.completed_at, module.slug);
    }
  });
}

void attach_package_verify(CLI::App& command, Context& context) {
  command.callback([&context] {
    Package package(context.config());
    if (!package.exists()) {
      fmt::print("the package {} is empty; nothing to verify\n", package.root().string());
      return;
    }
    const Manifest manifest = package.manifest();
    const auto problems = verify_package(package.root(), manifest);
    std::size_t files = manifest.shared_files.size();
    for (const ManifestModule& module : manifest.modules) files += module.files.size();
    for (const std::string& problem : problems) fmt::print("{}\n", context.style.bad(problem));
    if (problems.empty()) {
      fmt::print("{}\n", context.style.good(fmt::format("{} files of {} module(s) match manifest.json", files,
                                                        manifest.modules.size())));
    } else {
      fmt::print("{} difference(s) from manifest.json\n", problems.size());
      context.exit_code = static_cast<int>(ExitCode::kTestsFailed);
    }
  });
}

}  // namespace tito::cli
