#!/bin/bash
# Builds the native core (src/main/native, CMake: libk4a and libk4arecord, no test code) for a platform
# into cppbuild/<platform>/{include,lib}. The C tests are src/test/native, built and run by Maven's
# test phases.
# Usage: bash cppbuild.sh [platform]   (defaults to this machine's, e.g. linux-x86_64)
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
    linux-arm64)   CMAKE_FLAGS="-DCMAKE_C_COMPILER=${CC:-aarch64-linux-gnu-gcc}" ;;
    macosx-*)      CMAKE_FLAGS="-DCMAKE_MACOSX_RPATH=ON" ;;
    windows-x86_64) CMAKE_FLAGS="-G Ninja" ;;
    *) echo "Error: Platform \"$PLATFORM\" is not supported"; exit 1 ;;
esac

"$CMAKE" -S src/main/native -B "$BUILD_PATH" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$INSTALL_PATH" \
    -DCMAKE_INSTALL_LIBDIR=lib $CMAKE_FLAGS
"$CMAKE" --build "$BUILD_PATH" -j "$MAKEJ"
"$CMAKE" --install "$BUILD_PATH"
