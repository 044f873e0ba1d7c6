# k4a4j: the two commands of the README, and the steps behind them.
#
#   make run    the main job: the k4a4j tool's default job, the built-in sample recording written and exported
#               to out/sample/ (ARGS="..." passes arguments: ARGS="export rec.mkv outdir", ARGS="info rec.mkv",
#               ARGS="--help")
#   make test   everything CI checks, in one Maven reactor build (`mvn install`): native core + C tests,
#               bindings + Java tests, the platform artifact, the tool, a consumer that depends on k4a-platform
#               only (samples run on it, virtual devices included), the JMH benchmarks compile; then the Java
#               tests every 1.4 library passes on the C tests' stand-in for the vendor's libk4a (profile
#               vendor-lib), the tool on a real recording and on its built-in default, the fuzz targets
#               compile, and the C tests pass under the sanitizers (make sanitize)
#
# Not yet in `make test` (issue 9): the other platforms, cross-compiled on this linux-x86_64 machine
# (README, "Platforms"; below): `make cross cross-test`.
#
# Both first install what a Debian/Ubuntu machine lacks (cmake, a C compiler, JDK 17, Maven, ...: .ci/deps,
# through apt-get, as root or with sudo); the tests need ../shared/testdata beside the checkout.

MVN     ?= mvn -B -ntp
ARGS ?=
TOOL     = java -jar tools/target/k4a4j-tools-*.jar
# the directory of the stand-in for the vendor's libk4a that the C tests build (k4a/src/main/native/k4a/standin.h),
# found when the recipe runs
STANDIN  = $(CURDIR)/k4a/target/cpptest/tests/standin

.PHONY: run test deps install fuzz fuzz-smoke sanitize clean cross cross-test

run: deps install
	$(TOOL) $(ARGS)

test: deps
	$(MVN) install
	$(MVN) test -pl k4a -Pvendor-lib -Dk4a4j.vendorLib=$(STANDIN) -Djavacpp.cppbuild.skip=true -Djavacpp.parser.skip=true -Djavacpp.compiler.skip=true
	$(TOOL) export ../shared/testdata/playback/pyk4a_recording.mkv tools/target/export-pyk4a
	$(TOOL) info ../shared/testdata/playback/pyk4a_recording.mkv > tools/target/info-pyk4a.json
	$(TOOL)
	$(MAKE) fuzz-smoke
	$(MAKE) sanitize

# the system packages the build and the tests use
deps:
	@bash .ci/deps

# libk4a, libk4arecord, the bindings, k4a-platform and the tool (in ~/.m2 and tools/target), without the tests
install:
	$(MVN) -q install -DskipTests -pl tools -am

# the libFuzzer target of the recording reader (built with clang; run it by hand, see docs/benchmarks.md)
fuzz:
	cmake -S k4a/src/test/native -B k4a/cppbuild/fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Release \
	      -DK4A4J_FUZZ=ON -DK4A4J_TESTS=OFF -DK4A4J_BENCH=OFF > /dev/null
	cmake --build k4a/cppbuild/fuzz -j2

# every fuzz target over its committed seed corpus (k4a/src/test/native/fuzz/corpus); a failing seed fails
# the build (the long runs are by hand: docs/fuzzing.md)
fuzz-smoke: fuzz
	bash k4a/src/test/native/fuzz/smoke.sh k4a/cppbuild/fuzz

# The C tests with the core built by clang under AddressSanitizer + UndefinedBehaviorSanitizer (any
# report fails the test, leaks included), then the tests that use threads (transformation pool,
# decode-ahead, record, virtual devices) under ThreadSanitizer; each in a build directory of its own (docs/testing.md).
SANITIZE = cmake -S k4a/src/test/native -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo -DK4A4J_BENCH=OFF
TSAN_TESTS = transformation_test|playback_test|playback_decode_test|record_test|device_test
sanitize:
	$(SANITIZE) -B k4a/cppbuild/asan \
	      "-DCMAKE_C_FLAGS=-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" > /dev/null
	cmake --build k4a/cppbuild/asan -j2
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --test-dir k4a/cppbuild/asan --output-on-failure -j2
	$(SANITIZE) -B k4a/cppbuild/tsan "-DCMAKE_C_FLAGS=-fsanitize=thread -fno-omit-frame-pointer" > /dev/null
	cmake --build k4a/cppbuild/tsan -j2 --target $(subst |, ,$(TSAN_TESTS))
	TSAN_OPTIONS=halt_on_error=1 ctest --test-dir k4a/cppbuild/tsan --output-on-failure -j2 -R '^($(TSAN_TESTS))$$'

clean:
	rm -rf k4a/cppbuild k4a/target platform/target tools/target samples/target benchmarks/target

# ---- other platforms, cross-compiled on this linux-x86_64 machine (README, "Platforms") -----------------------
# Not yet in `make test`: run `make cross cross-test` (after `make test` or `make install`, which install the
# parent pom and parse the bindings).
# cross       k4a-<version>-linux-arm64.jar and k4a-<version>-windows-x86_64.jar into the local repository: the
#             core by cppbuild.sh with aarch64-linux-gnu / mingw-w64 (k4a/cmake/*.cmake), the C tests
#             (k4a/src/test/native, configured with the same toolchain file in k4a/target/cpptest-<platform>)
#             under qemu-aarch64 / wine, the JNI libraries by JavaCPP with the same cross compilers, and for
#             linux-arm64 the JUnit tests on Debian's arm64 JDK under qemu (.ci/linux-arm64/bin/java). The
#             bindings are parsed once, by the linux-x86_64 build before it (they do not depend on the platform).
# cross-test  the jars' contents (.ci/check-jars: ELF aarch64 / PE32+ x86-64, names, exports, system-only
#             dependencies), and the consumer project on k4a-platform (-Pcross) narrowed to linux-arm64, under qemu
CROSS_PLATFORMS ?= linux-arm64 windows-x86_64

cross:
	@bash .ci/cross-deps
	for p in $(CROSS_PLATFORMS); do $(MVN) -f k4a install -Djavacpp.platform=$$p -Djavacpp.parser.skip=true || exit 1; done

cross-test:
	bash .ci/check-jars $(CROSS_PLATFORMS)
	$(MVN) -q -f platform package -Pcross -DskipTests # k4a-platform with the cross platforms resolves (not installed)
	$(MVN) -q -f samples compile dependency:build-classpath -Djavacpp.platform=linux-arm64 \
	       -Dmdep.outputFile=target/linux-arm64.classpath
	.ci/linux-arm64/bin/java -cp samples/target/classes:$$(cat samples/target/linux-arm64.classpath) \
	       org.k4a4j.samples.DepthToColor samples/target/sample-output-linux-arm64
