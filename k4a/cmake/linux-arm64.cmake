# Cross-compiling for linux-arm64 on an x86-64 Debian host (cppbuild.sh linux-arm64): the aarch64-linux-gnu
# toolchain (gcc-aarch64-linux-gnu), the static libjpeg-turbo/libyuv and zlib of Debian's multiarch :arm64
# packages (libturbojpeg0-dev:arm64 libjpeg62-turbo-dev:arm64 libyuv-dev:arm64 zlib1g-dev:arm64), and
# qemu-aarch64 (qemu-user) to run the C tests. .ci/cross-deps installs them.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
# The tests run on Debian's multiarch libc6:arm64 (/lib/ld-linux-aarch64.so.1, /lib/aarch64-linux-gnu), not on
# the cross compiler's sysroot /usr/aarch64-linux-gnu: under qemu-user 7.2 that glibc (2.36-8cross1) spins
# forever in the first pthread_create, before any system call; 2.36-9+deb12u* does not.
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64)
