# Builds course modules. Each modules/NN_slug/CMakeLists.txt is one line,
# `tito_module()`; number, slug and dependencies come from the folder name and
# module.toml (which tito validates in full).
#
#   src/*.cpp    -> static library tinytorch_<slug>, alias TinyTorch::<slug>,
#                   linking the libraries of the modules in `depends`
#                   (an INTERFACE library when the module has no sources yet)
#   tests/*.cpp  -> one executable, <build>/bin/module_NN_tests
#   include/     -> public headers, at their package path

include_guard(GLOBAL)
set(TITO_CMAKE_DIR ${CMAKE_CURRENT_LIST_DIR})

# Adds every modules/NN_slug folder; the modules folder is tito.toml's
# [paths] modules_dir (default "modules").
function(tito_add_course_modules)
  set(modules_dir "modules")
  if(EXISTS ${CMAKE_SOURCE_DIR}/tito.toml)
    file(STRINGS ${CMAKE_SOURCE_DIR}/tito.toml lines REGEX "^[ \t]*modules_dir[ \t]*=")
    if(lines)
      list(GET lines 0 line)
      string(REGEX REPLACE "^[^\"]*\"([^\"]*)\".*$" "\\1" modules_dir "${line}")
    endif()
  endif()
  set(TITO_MODULES_DIR ${CMAKE_SOURCE_DIR}/${modules_dir} CACHE INTERNAL "")
  # CONFIGURE_DEPENDS: a new module folder re-runs CMake at the next build.
  file(GLOB module_dirs LIST_DIRECTORIES true CONFIGURE_DEPENDS ${TITO_MODULES_DIR}/[0-9][0-9]_*)
  foreach(dir IN LISTS module_dirs)
    get_filename_component(name ${dir} NAME)
    if(IS_DIRECTORY ${dir} AND EXISTS ${dir}/CMakeLists.txt)
      add_subdirectory(${dir} ${CMAKE_BINARY_DIR}/modules/${name})
    endif()
  endforeach()
endfunction()

# The library target name of module number `number` (two digits), from its folder.
function(_tito_module_target number out_var)
  file(GLOB match LIST_DIRECTORIES true ${TITO_MODULES_DIR}/${number}_*)
  if(NOT match)
    message(FATAL_ERROR "module ${number} not found in ${TITO_MODULES_DIR}")
  endif()
  list(GET match 0 dir)
  get_filename_component(name ${dir} NAME)
  string(REGEX REPLACE "^[0-9][0-9]_" "" slug ${name})
  set(${out_var} tinytorch_${slug} PARENT_SCOPE)
endfunction()

function(tito_module)
  get_filename_component(folder ${CMAKE_CURRENT_SOURCE_DIR} NAME)
  if(NOT folder MATCHES "^([0-9][0-9])_(.+)$")
    message(FATAL_ERROR "${CMAKE_CURRENT_SOURCE_DIR}: module folders are named NN_slug")
  endif()
  set(number ${CMAKE_MATCH_1})
  set(slug ${CMAKE_MATCH_2})
  set(lib tinytorch_${slug})

  file(READ ${CMAKE_CURRENT_SOURCE_DIR}/module.toml toml)
  set(dep_targets "")
  if(toml MATCHES "depends[ \t]*=[ \t]*\\[([^]]*)\\]")
    string(REGEX MATCHALL "[0-9]+" deps "${CMAKE_MATCH_1}")
    foreach(dep IN LISTS deps)
      math(EXPR dep "${dep}")
      if(dep LESS 10)
        set(dep "0${dep}")
      endif()
      _tito_module_target(${dep} dep_target)
      list(APPEND dep_targets ${dep_target})
    endforeach()
  endif()

  find_package(Threads REQUIRED)
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/src/*.cpp)
  if(sources)
    add_library(${lib} STATIC ${sources})
    # tito exports it from here: <build>/lib/libtinytorch_<slug>.a
    set_target_properties(${lib} PROPERTIES ARCHIVE_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/lib)
    set(scope PUBLIC)
    target_compile_options(${lib} PRIVATE -Wall -Wextra)
    if(NOT TITO_PORTABLE)
      target_compile_options(${lib} PRIVATE -O3 -march=native)
    endif()
  else()
    add_library(${lib} INTERFACE)
    set(scope INTERFACE)
  endif()
  add_library(TinyTorch::${slug} ALIAS ${lib})
  target_compile_features(${lib} ${scope} cxx_std_20)
  target_include_directories(${lib} ${scope}
    $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include> $<INSTALL_INTERFACE:include>)
  target_link_libraries(${lib} ${scope} ${dep_targets} Threads::Threads)

  file(GLOB tests CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/tests/*.cpp)
  if(tests)
    if(NOT TARGET GTest::gtest_main)
      find_package(GTest CONFIG REQUIRED)
    endif()
    find_package(nlohmann_json CONFIG REQUIRED)
    set(exe module_${number}_tests)
    add_executable(${exe} ${tests})
    target_link_libraries(${exe} PRIVATE ${lib} GTest::gtest_main nlohmann_json::nlohmann_json)
    # Shared test helpers (reference fixtures, closeness with the max abs diff).
    target_include_directories(${exe} PRIVATE ${TITO_CMAKE_DIR}/module_tests)
    target_compile_definitions(${exe} PRIVATE TINYTORCH_FIXTURES_DIR="${CMAKE_CURRENT_SOURCE_DIR}/tests/fixtures")
    target_compile_options(${exe} PRIVATE -Wall -Wextra)
    set_target_properties(${exe} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bin)
    # In the course's own build, the suite grades each module through tito itself.
    if(TARGET tito)
      add_test(NAME module_${number}_${slug}
               COMMAND tito --course ${CMAKE_SOURCE_DIR} module test ${number} --jobs 1)
      set_tests_properties(module_${number}_${slug} PROPERTIES ENVIRONMENT NO_COLOR=1 TIMEOUT 900)
    endif()
  endif()
endfunction()
