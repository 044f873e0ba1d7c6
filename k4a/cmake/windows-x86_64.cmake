# Cross-compiling for windows-x86_64 on a Linux host with mingw-w64 (Debian: mingw-w64), for the core
# (cppbuild.sh windows-x86_64) and its static dependencies (cppbuild-deps.sh). Everything is linked
# statically except the system DLLs (KERNEL32, msvcrt), so users install nothing: -static takes
# libgcc, libstdc++ (libyuv is C++) and winpthreads from their .a files. wine64 runs the C tests.
# -DK4A4J_DEPS=<dir> adds the dependencies built by cppbuild-deps.sh (<dir>/include, <dir>/lib).
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR AMD64)
set(CMAKE_C_COMPILER x86_64-w64-mingw32-gcc)
set(CMAKE_CXX_COMPILER x86_64-w64-mingw32-g++)
set(CMAKE_RC_COMPILER x86_64-w64-mingw32-windres)
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES K4A4J_DEPS)
set(CMAKE_FIND_ROOT_PATH /usr/x86_64-w64-mingw32 ${K4A4J_DEPS})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(CMAKE_FIND_LIBRARY_SUFFIXES .a) # static libz.a, not the import library of zlib1.dll
# mingw-w64's own printf family (C99: %zu, %lld), not msvcrt's
set(CMAKE_C_FLAGS_INIT "-D__USE_MINGW_ANSI_STDIO=1")
set(CMAKE_CXX_FLAGS_INIT "-D__USE_MINGW_ANSI_STDIO=1")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-static")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")
find_program(K4A4J_WINE NAMES wine64 wine PATHS /usr/lib/wine)
if(K4A4J_WINE)
  # quiet, and finding k4a.dll/k4arecord.dll beside the tests
  set(CMAKE_CROSSCOMPILING_EMULATOR /usr/bin/env;WINEDEBUG=-all;WINEPATH=Z:${CMAKE_BINARY_DIR};${K4A4J_WINE})
endif()
