# k4a4j: the two commands of the README, and the steps behind them.
#
#   make run    the main job: the k4a4j tool's default job, the built-in sample recording written and exported
#               to out/sample/ (ARGS="..." passes arguments: ARGS="export rec.mkv outdir", ARGS="info rec.mkv",
#               ARGS="--help")
#   make test   everything CI checks: first, for this machine's platform only (-Djavacpp.platform.host), one
#               Maven reactor build (`mvn install`): native core + C tests, bindings + Java tests, the platform
#               artifact, the tool, a consumer that depends on k4a-platform only (samples run on it, virtual
#               devices included), the JMH benchmarks compile; then the Java tests every 1.4 library passes on
#               the C tests' stand-in for the vendor's libk4a (profile vendor-lib), the tool on a real recording
#               and on its built-in default, the fuzz targets compile, and the C tests pass under the sanitizers
#               (make sanitize); last, the other platforms, cross-compiled on this linux-x86_64 machine and
#               tested under emulators (`make cross cross-test`, below; README, "Platforms")
#
# Both first install what a Debian/Ubuntu machine lacks (cmake, a C compiler, JDK 17, Maven, ...: .ci/deps,
# through apt-get, as root or with sudo; `make test` also the cross toolchains and emulators: .ci/cross-deps,
# Debian only); the tests need ../shared/testdata beside the checkout.
#
# k4a-platform depends on the k4a jars of all three platforms (Bytedeco's layout), which only `make cross`
# builds: the host-only builds (`make run`, and the reactor build of `make test` before the cross one) narrow it
# to this machine with -Djavacpp.platform.host (HOST below), so `make run` needs no cross build.

MVN     ?= mvn -B -ntp
HOST     = -Djavacpp.platform.host
ARGS ?=
TOOL     = java -jar tools/target/k4a4j-tools-*.jar
# the directory of the stand-in for the vendor's libk4a that the C tests build (k4a/src/main/native/k4a/standin.h),
# found when the recipe runs
STANDIN  = $(CURDIR)/k4a/target/cpptest/tests/standin

.PHONY: run test deps install fuzz fuzz-smoke sanitize clean cross cross-test

run: deps install
	$(TOOL) $(ARGS)

test: deps
	$(MVN) install $(HOST)
	$(MVN) test -pl k4a -Pvendor-lib -Dk4a4j.vendorLib=$(STANDIN) -Djavacpp.cppbuild.skip=true -Djavacpp.parser.skip=true -Djavacpp.compiler.skip=true
	$(TOOL) export ../shared/testdata/playback/pyk4a_recording.mkv tools/target/export-pyk4a
	$(TOOL) info ../shared/testdata/playback/pyk4a_recording.mkv > tools/target/info-pyk4a.json
	$(TOOL)
	$(MAKE) fuzz-smoke
	$(MAKE) sanitize
	$(MAKE) cross cross-test

# the system packages the build and the tests use
deps:
	@bash .ci/deps

# libk4a, libk4arecord, the bindings, k4a-platform and the tool (in ~/.m2 and tools/target), without the tests,
# for this machine's platform only
install:
	$(MVN) -q install -DskipTests -pl tools -am $(HOST)

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
TSAN_TESTS = threadpool_test|transformation_test|playback_test|playback_decode_test|record_test|device_test
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
# The last step of `make test` (after the host build, which installs the parent pom and parses the bindings).
# cross       k4a-<version>-linux-arm64.jar and k4a-<version>-windows-x86_64.jar into the local repository: the
#             core by cppbuild.sh with aarch64-linux-gnu / mingw-w64 (k4a/cmake/*.cmake), the C tests
#             (k4a/src/test/native, configured with the same toolchain file in k4a/target/cpptest-<platform>)
#             under qemu-aarch64 / wine, the JNI libraries by JavaCPP with the same cross compilers, and for
#             linux-arm64 the JUnit tests on Debian's arm64 JDK under qemu (.ci/linux-arm64/bin/java). The
#             bindings are parsed once, by the linux-x86_64 build before it (they do not depend on the platform).
# cross-test  the jars' contents (.ci/check-jars: ELF aarch64 / PE32+ x86-64, names, exports, system-only
#             dependencies); k4a-platform with its default, every platform, installed, and the consumer sample on
#             it here; and the consumer sample on k4a-platform narrowed to linux-arm64, under qemu
CROSS_PLATFORMS ?= linux-arm64 windows-x86_64

cross:
	@bash .ci/cross-deps
	for p in $(CROSS_PLATFORMS); do $(MVN) -f k4a install -Djavacpp.platform=$$p -Djavacpp.parser.skip=true || exit 1; done

# the consumer sample (DepthToColor, samples/) on k4a-platform: $(1) its Maven flags, $(2) a name for its
# classpath and output, $(3) the java that runs it
# (dependency:build-classpath: the version the parent pom manages)
consumer = $(MVN) -q -f samples compile dependency:build-classpath $(1) -Dmdep.outputFile=target/$(2).classpath && \
	$(3) -cp samples/target/classes:$$(cat samples/target/$(2).classpath) \
	     org.k4a4j.samples.DepthToColor samples/target/sample-output-$(2)

cross-test:
	bash .ci/check-jars $(CROSS_PLATFORMS)
	$(MVN) -q -f platform install # k4a-platform as published, every platform (the host build resolved it narrowed)
	$(call consumer,,all-platforms,java)
	$(call consumer,-Djavacpp.platform=linux-arm64,linux-arm64,.ci/linux-arm64/bin/java)
