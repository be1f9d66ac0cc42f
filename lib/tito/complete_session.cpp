#include "tito/complete_session.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "tito/package.hpp"
#include "tito/progress.hpp"

namespace tito {

CompleteOutcome complete_module(const Config& config, const Course& course, const Module& target,
                                const TestSessionOptions& options, const Style& style) {
  Package package(config);
  const auto lock = package.lock(fmt::format("module complete {}", target.number));
  const Manifest manifest = package.manifest();

  CompleteOutcome outcome;
  std::vector<const Module*> chain;
  std::vector<std::string> missing;
  for (const Module* module : course.closure(target)) {
    if (module == &target || manifest.find(module->number) == nullptr) chain.push_back(module);
    if (module != &target && manifest.find(module->number) == nullptr) missing.push_back(module->number_text());
  }
  if (!missing.empty()) {
    fmt::print("module {} builds on {}, not in the package yet: testing and exporting them first, in order\n\n",
               target.number_text(), fmt::join(missing, ", "));
  }

  std::vector<ExportItem> items;
  for (const Module* module : chain) {
    outcome.chain.push_back(module->number);
    ModuleResult result = test_module(config, *module, options, style);
    record_run(config, result, true);
    outcome.results.push_back(result);
    if (!result.all_passed()) {
      fmt::print("\n{}\n", style.bad(fmt::format("module {} did not pass; nothing was exported and the package is "
                                                 "unchanged.",
                                                 module->number_text())));
      fmt::print("not passing:\n");
      for (const GradeResult& grade : result.grades) {
        if (const TestResult* problem = grade.first_problem()) {
          fmt::print("  {} ({}): {}\n", grade.item.id, problem->name, problem->reason);
        }
      }
      fmt::print("{}\n", next_step(course, result));
      return outcome;
    }
    items.push_back({module, std::move(result)});
    fmt::print("\n");
  }
  package.replace(course, items, {});
  outcome.exported = true;
  return outcome;
}

std::string after_completion(const Config& config, const Course& course, int number) {
  const Manifest manifest = Package(config).manifest();
  for (const Module* module : course.dependency_order()) {
    if (module->number > number && manifest.find(module->number) == nullptr) {
      return fmt::format("next: tito module test {}", module->number);
    }
  }
  for (const Module* module : course.dependency_order()) {
    if (manifest.find(module->number) == nullptr) return fmt::format("next: tito module test {}", module->number);
  }
  return "every module of the course is complete";
}

}  // namespace tito
