# Fuzz harnesses for the area-data reader and the Lua scenario loader (DESIGN.md section 5).
#
# Always built: fuzz_areadata_replay and fuzz_lua_replay (harness + tests/fuzz/replay_main.c),
# which replay the seed corpora tests/fuzz/corpus_* as ctests (label fuzz).
# With -DWS_FUZZ=ON and clang, the libFuzzer targets fuzz_areadata and fuzz_lua are built
# too (see the WS_FUZZ block in the top-level CMakeLists.txt for how to run them).

set(WS_FUZZ_DIR ${CMAKE_CURRENT_SOURCE_DIR}/fuzz)

# ws_fuzz_target(name LIB lib [LIBFUZZER])
function(ws_fuzz_target name)
  cmake_parse_arguments(F "LIBFUZZER" "LIB" "" ${ARGN})
  if(F_LIBFUZZER)
    add_executable(${name} ${WS_FUZZ_DIR}/${name}.c)
    target_compile_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined
                           -fno-omit-frame-pointer)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
  else()
    add_executable(${name}_replay ${WS_FUZZ_DIR}/${name}.c ${WS_FUZZ_DIR}/replay_main.c)
    set(name ${name}_replay)
  endif()
  target_link_libraries(${name} PRIVATE ${F_LIB})
  target_compile_definitions(${name} PRIVATE WS_SRC_DIR="${CMAKE_SOURCE_DIR}")
endfunction()

ws_fuzz_target(fuzz_areadata LIB ws_base)
ws_fuzz_target(fuzz_lua LIB ws_lua)

add_test(NAME fuzz.areadata_corpus
         COMMAND fuzz_areadata_replay ${WS_FUZZ_DIR}/corpus_areadata)
add_test(NAME fuzz.lua_corpus
         COMMAND fuzz_lua_replay ${WS_FUZZ_DIR}/corpus_lua)
set_tests_properties(fuzz.areadata_corpus fuzz.lua_corpus PROPERTIES
                     LABELS "unit;fuzz" TIMEOUT 300)

if(WS_FUZZ AND CMAKE_C_COMPILER_ID MATCHES "Clang")
  ws_fuzz_target(fuzz_areadata LIB ws_base LIBFUZZER)
  ws_fuzz_target(fuzz_lua LIB ws_lua LIBFUZZER)
endif()
