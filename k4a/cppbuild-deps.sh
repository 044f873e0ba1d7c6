#!/bin/bash
# The static libjpeg-turbo and libyuv that libk4arecord links, for a cross-compiled platform.
#   linux-arm64     Debian's multiarch :arm64 packages provide them (.ci/cross-deps installs them): checked only.
#   windows-x86_64  built once with mingw-w64 (cmake/windows-x86_64.cmake) from Debian's source packages
#                   (apt-get source, the deb-src entry .ci/cross-deps adds) into cppbuild/windows-x86_64/deps,
#                   which later builds reuse (delete it to rebuild).
# Usage: bash cppbuild-deps.sh <platform>
set -eu
cd "$(dirname "$0")"
PLATFORM=$1
MAKEJ=${MAKEJ:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}

case $PLATFORM in
    linux-arm64)
        for f in /usr/lib/aarch64-linux-gnu/libturbojpeg.a /usr/lib/aarch64-linux-gnu/libyuv.a; do
            [[ -f $f ]] || { echo "Error: $f missing: run .ci/cross-deps"; exit 1; }
        done ;;
    windows-x86_64)
        DEPS="$PWD/cppbuild/$PLATFORM/deps"
        [[ -f "$DEPS/lib/libturbojpeg.a" && -f "$DEPS/lib/libyuv.a" ]] && exit 0
        SRC="$DEPS/src"
        rm -rf "$DEPS" && mkdir -p "$SRC" "$DEPS/include" "$DEPS/lib"
        (cd "$SRC" && apt-get source -qq --download-only libjpeg-turbo libyuv >/dev/null)
        TOOLCHAIN="-DCMAKE_TOOLCHAIN_FILE=$PWD/cmake/windows-x86_64.cmake -DCMAKE_BUILD_TYPE=Release"

        mkdir "$SRC/jpeg" && tar -xzf "$SRC"/libjpeg-turbo_*.orig.tar.gz -C "$SRC/jpeg" --strip-components=1
        cmake -S "$SRC/jpeg" -B "$SRC/jpeg/build" $TOOLCHAIN -DENABLE_SHARED=OFF -DENABLE_STATIC=ON \
              -DWITH_TURBOJPEG=ON -DWITH_JAVA=OFF -DCMAKE_INSTALL_PREFIX="$DEPS" > /dev/null
        cmake --build "$SRC/jpeg/build" --target turbojpeg-static -j "$MAKEJ" > /dev/null
        cp "$SRC/jpeg/build/libturbojpeg.a" "$DEPS/lib/"
        cp "$SRC"/jpeg/{jpeglib.h,jmorecfg.h,jerror.h,turbojpeg.h} "$SRC/jpeg/build/jconfig.h" "$DEPS/include/"

        mkdir "$SRC/yuv" && tar -xzf "$SRC"/libyuv_*.orig.tar.gz -C "$SRC/yuv" --strip-components=1
        cmake -S "$SRC/yuv" -B "$SRC/yuv/build" $TOOLCHAIN -DCMAKE_DISABLE_FIND_PACKAGE_JPEG=ON > /dev/null
        cmake --build "$SRC/yuv/build" --target yuv -j "$MAKEJ" > /dev/null
        cp "$SRC/yuv/build/libyuv.a" "$DEPS/lib/"
        cp -r "$SRC"/yuv/include/* "$DEPS/include/"
        rm -rf "$SRC" ;;
    *) echo "Error: no cross dependencies for $PLATFORM"; exit 1 ;;
esac
