// tito: the course tool. main() wires the commands from the table and is the
// one place that turns errors into messages and exit codes.

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <string>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "context.hpp"
#include "tito/error.hpp"
#include "tito/process.hpp"
#include "tito/suggest.hpp"
#include "tito/version.hpp"

namespace {

using tito::ExitCode;

constexpr const char* kExitCodes =
    "Exit codes:\n"
    "  0  all good\n"
    "  1  tests failed (nothing was exported because of that)\n"
    "  2  usage or configuration error (bad argument, malformed tito.toml or module.toml)\n"
    "  3  build failed (the compiler's message is shown)\n"
    "  4  environment problem (missing compiler, library or permission)\n"
    "  130 interrupted (Ctrl-C)\n";

std::string command_overview() {
  std::string text = "Commands:\n";
  for (const auto& entry : tito::cli::command_table()) {
    const std::string path = entry.group.empty() ? std::string(entry.name)
                                                 : fmt::format("{} {}", entry.group, entry.name);
    text += fmt::format("  {:<20} {}\n", path, entry.summary);
  }
  return text + "\n" + kExitCodes;
}

void attach_commands(CLI::App& app, tito::cli::Context& context) {
  std::map<std::string_view, CLI::App*> groups;
  for (const auto& entry : tito::cli::command_table()) {
    CLI::App* parent = &app;
    if (!entry.group.empty()) {
      auto [it, created] = groups.emplace(entry.group, nullptr);
      if (created) {
        it->second = app.add_subcommand(std::string(entry.group), std::string(tito::cli::group_summary(entry.group)));
        it->second->require_subcommand(1);
      }
      parent = it->second;
    }
    CLI::App* command = parent->add_subcommand(std::string(entry.name), std::string(entry.summary));
    entry.attach(*command, context);
  }
}

// CLI11 has no "did you mean": find the first word that is not a command at
// its level and suggest the nearest one that is.
std::string suggest_command(CLI::App& app, int argc, char** argv) {
  CLI::App* level = &app;
  std::string where = "tito";
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word.starts_with('-')) {
      // Skip the value of an option that takes one (--course DIR).
      const CLI::Option* option = level->get_option_no_throw(word);
      if (option != nullptr && option->get_type_size() > 0 && word.find('=') == std::string::npos) ++i;
      continue;
    }
    std::vector<std::string> names;
    for (CLI::App* sub : level->get_subcommands({})) names.push_back(sub->get_name());
    if (names.empty()) return "";
    CLI::App* next = nullptr;
    for (CLI::App* sub : level->get_subcommands({})) {
      if (sub->get_name() == word) next = sub;
    }
    if (next == nullptr) {
      if (auto guess = tito::nearest_name(word, names)) {
        return fmt::format("no command `{}` in {}; did you mean `{}`?", word, where, *guess);
      }
      return fmt::format("no command `{}` in {}; try `{} --help`", word, where, where);
    }
    level = next;
    where += " " + word;
  }
  if (level != &app && !level->get_subcommands({}).empty()) {
    std::vector<std::string> names;
    for (CLI::App* sub : level->get_subcommands({})) names.push_back(sub->get_name());
    return fmt::format("`{}` needs a command: {}", where, fmt::join(names, ", "));
  }
  return "";
}

int report(const tito::Error& error) {
  fmt::print(stderr, "tito: error: {}\n", error.what());
  if (!error.hint().empty()) fmt::print(stderr, "  hint: {}\n", error.hint());
  return static_cast<int>(error.code());
}

}  // namespace

int main(int argc, char** argv) {
  tito::install_interrupt_handlers();
  tito::cli::Context context;
  CLI::App app{"tito: build an ML framework in C++, one module at a time.", "tito"};
  app.set_version_flag("--version", fmt::format("tito {}", tito::kVersion));
  app.add_option("-C,--course", context.course_dir, "Course folder (default: $TITO_COURSE_DIR, or the nearest folder with tito.toml)");
  app.require_subcommand(1);
  app.footer(command_overview());
  attach_commands(app, context);

  try {
    app.parse(argc, argv);
    return context.exit_code;
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    // CLI11's own exit codes are 100+; every parse error is a usage error here.
    const std::string suggestion = suggest_command(app, argc, argv);
    fmt::print(stderr, "tito: error: {}\n", suggestion.empty() ? error.what() : suggestion);
    fmt::print(stderr, "  hint: run `tito --help` for the list of commands\n");
    return static_cast<int>(ExitCode::kUsage);
  } catch (const tito::Error& error) {
    return report(error);
  } catch (const std::filesystem::filesystem_error& error) {
    return report(tito::Error(ExitCode::kEnvironment, error.what(), "check the path's permissions and free space"));
  } catch (const std::exception& error) {
    fmt::print(stderr, "tito: internal error: {}\n  hint: this is a bug in tito; please report it\n", error.what());
    return static_cast<int>(ExitCode::kEnvironment);
  }
}
