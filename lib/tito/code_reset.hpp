#pragma once
// `tito module reset N --code`: put a module's src/ back as the student
// release shipped it, after saving the learner's files as a timestamped
// backup — a reset never deletes the only copy of anything.
//
// The shipped text is rebuilt, not stored: every solution block of the
// current file becomes its stub again, and the result must hash to what
// release.json recorded at release time. A file edited outside its solution
// blocks cannot be rebuilt exactly, and then nothing is reset.
//
// The new src/ is staged beside the old one and swapped in with one atomic
// exchange of the two folders (renameat2 RENAME_EXCHANGE): a kill at any
// moment leaves the old files or the restored ones, never a mix.

#include <filesystem>
#include <string>
#include <vector>

#include "tito/config.hpp"
#include "tito/course.hpp"

namespace tito {

/// One saved copy of a module's src/.
struct CodeBackup {
  std::string stamp;             ///< "2026-12-04T10-31-05"
  std::filesystem::path folder;  ///< <state>/backups/NN/<stamp>
  int files = 0;
};

/// The backups of a module, oldest first.
std::vector<CodeBackup> list_backups(const Config& config, const Module& module);

/// Backs up src/ and restores it as shipped; a usage error (nothing changed) in the instructor's tree
/// (no release.json) or when a file cannot be restored exactly. Returns the backup made.
CodeBackup reset_code(const Config& config, const Module& module);

/// Backs up src/ and puts the backup `stamp` in its place. Returns the backup of the replaced files.
CodeBackup restore_backup(const Config& config, const Module& module, const std::string& stamp);

}  // namespace tito
