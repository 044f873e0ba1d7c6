#!/bin/bash
# Builds the native core (src/main/native, CMake: libk4a and libk4arecord, no test code) for a platform
# into cppbuild/<platform>/{include,lib}. The C tests are src/test/native, built and run by Maven's
# test phases (cross-compiled, with the same toolchain file, under qemu-aarch64 or wine: pom.xml's cross profiles).
# Usage: bash cppbuild.sh [platform]   (defaults to this machine's, e.g. linux-x86_64). On linux-x86_64,
# linux-arm64 and windows-x86_64 are cross-compiled (cmake/<platform>.cmake, dependencies by cppbuild-deps.sh).
set -eu

PLATFORM=${1:-}
if [[ -z "$PLATFORM" ]]; then
    case "$(uname -s)-$(uname -m)" in
        Linux-x86_64)  PLATFORM=linux-x86_64 ;;
        Linux-aarch64) PLATFORM=linux-arm64 ;;
        Darwin-x86_64) PLATFORM=macosx-x86_64 ;;
        Darwin-arm64)  PLATFORM=macosx-arm64 ;;
        *) echo "Error: unknown platform $(uname -s)-$(uname -m)"; exit 1 ;;
    esac
fi
CMAKE=${CMAKE:-cmake}
MAKEJ=${MAKEJ:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}
INSTALL_PATH="$(cd "$(dirname "$0")" && pwd)/cppbuild/$PLATFORM"
BUILD_PATH="$INSTALL_PATH/build"

case $PLATFORM in
    linux-x86_64)  CMAKE_FLAGS="-DCMAKE_C_FLAGS=-m64" ;;
    linux-arm64)   # on an x86-64 host: cross-compiled (cmake/linux-arm64.cmake; deps from cppbuild-deps.sh)
                   if [[ "$(uname -m)" == aarch64 ]]; then CMAKE_FLAGS=""; else
                       bash cppbuild-deps.sh linux-arm64
                       CMAKE_FLAGS="-DCMAKE_TOOLCHAIN_FILE=$PWD/cmake/linux-arm64.cmake"; fi ;;
    macosx-*)      CMAKE_FLAGS="-DCMAKE_MACOSX_RPATH=ON" ;;
    windows-x86_64) # on Linux: cross-compiled with mingw-w64 (cmake/windows-x86_64.cmake), its
                   # static libjpeg-turbo/libyuv built once by cppbuild-deps.sh into cppbuild/windows-x86_64/deps
                   if [[ "$(uname -s)" != Linux ]]; then CMAKE_FLAGS="-G Ninja"; else
                       bash cppbuild-deps.sh windows-x86_64
                       CMAKE_FLAGS="-DCMAKE_TOOLCHAIN_FILE=$PWD/cmake/windows-x86_64.cmake -DK4A4J_DEPS=$INSTALL_PATH/deps"; fi ;;
    *) echo "Error: Platform \"$PLATFORM\" is not supported"; exit 1 ;;
esac

"$CMAKE" -S src/main/native -B "$BUILD_PATH" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$INSTALL_PATH" \
    -DCMAKE_INSTALL_LIBDIR=lib $CMAKE_FLAGS
"$CMAKE" --build "$BUILD_PATH" -j "$MAKEJ"
"$CMAKE" --install "$BUILD_PATH"
if [[ $PLATFORM == windows-* ]]; then # DLLs install to bin/: JavaCPP links and copies them from lib/
    cp "$INSTALL_PATH"/bin/*.dll "$INSTALL_PATH/lib/"
fi
