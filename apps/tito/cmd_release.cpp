// tito release --out DIR [modules...]: the student version of the course.

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "commands.hpp"
#include "tito/release.hpp"

namespace tito::cli {

void attach_release(CLI::App& command, Context& context) {
  auto out = std::make_shared<std::string>();
  auto names = std::make_shared<std::vector<std::string>>();
  command.add_option("--out", *out, "Folder to write the release into (must not exist, or be empty)")->required();
  command.add_option("modules", *names, "Modules whose solutions become stubs (default: every module)");
  command.callback([&context, out, names] {
    ReleaseOptions options;
    options.out = *out;
    for (const std::string& name : *names) options.modules.push_back(context.course().resolve(name).number);
    const ReleaseSummary summary = release_course(context.config(), context.course(), options);
    fmt::print("{}\n", context.style.good(fmt::format("released {} to {}", context.config().course_name,
                                                      summary.out.string())));
    fmt::print("  {} file(s); {} solution block(s) stubbed in module(s) {}\n", summary.files, summary.stubs,
               fmt::join(summary.modules, ", "));
    fmt::print("  left out: {} hidden test file(s), {} hidden grade id(s); hashes in {}/release.json\n",
               summary.hidden_files, summary.hidden_items, summary.out.string());
  });
}

}  // namespace tito::cli
