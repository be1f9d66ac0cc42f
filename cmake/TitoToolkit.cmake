# Compile settings of the toolkit (tito, lib/tito, tests/): warnings are errors
# here, unlike in course modules where student stubs leave parameters unused.
function(tito_toolkit_target target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Werror)
  if(TITO_SANITIZE)
    # g++ 12 reports a false maybe-uninitialized inside <regex> under ASan.
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
                                             -fno-sanitize-recover=all -Wno-maybe-uninitialized)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()
