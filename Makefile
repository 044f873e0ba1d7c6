# k4a4j: the two commands of the README, and the steps behind them.
#
#   make run    the main job on the built-in default (ARGS="..." passes arguments)
#   make test   everything CI checks: native core + C tests, bindings + Java tests, the platform
#               artifact, a consumer that depends on k4a-platform only (DepthToColor, and the main job
#               ExportRecording on a real recording and on its built-in default), the JMH and fuzz targets compile,
#               and the linux-arm64 and windows-x86_64 jars, cross-built and tested under qemu and wine
#               (`make cross`, `make cross-test`, below)
#
# Both first install what a Debian/Ubuntu machine lacks (cmake, a C compiler, JDK 17, Maven, ...: .ci/deps,
# through apt-get, as root or with sudo); the tests need ../shared/testdata beside the checkout.

MVN     ?= mvn -B -ntp
# `make run` needs this machine's natives only: k4a-platform narrowed to it (make test builds all platforms)
HOST    := -Djavacpp.platform=linux-$(shell uname -m | sed 's/aarch64/arm64/')
ARGS ?=

.PHONY: run test deps install fuzz clean cross cross-test

run: deps install
	$(MVN) -q -f samples compile exec:java $(HOST) -Dexec.mainClass=org.k4a4j.samples.ExportRecording -Dexec.args="$(ARGS)"

test: deps
	$(MVN) -f k4a install
	$(MAKE) cross
	$(MVN) -f platform install
	$(MVN) -f samples compile exec:java -Dexec.args="target/sample-output"
	$(MVN) -q -f samples exec:java -Dexec.mainClass=org.k4a4j.samples.ExportRecording \
	       -Dexec.args="../shared/testdata/playback/pyk4a_recording.mkv samples/target/export-pyk4a"
	$(MVN) -q -f samples exec:java -Dexec.mainClass=org.k4a4j.samples.ExportRecording
	$(MVN) -f benchmarks package -DskipTests
	$(MAKE) fuzz
	$(MAKE) cross-test

# the system packages the build and the tests use
deps:
	@bash .ci/deps

# libk4a, libk4arecord, the bindings and k4a-platform in ~/.m2, without the tests
install:
	$(MVN) -q -f k4a install -DskipTests
	$(MVN) -q -f platform install $(HOST)

# the libFuzzer target of the recording reader (built with clang; run it by hand, see docs/benchmarks.md)
fuzz:
	cmake -S k4a/src/main/native -B k4a/cppbuild/fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Release \
	      -DK4A4J_FUZZ=ON -DK4A4J_TESTS=OFF > /dev/null
	cmake --build k4a/cppbuild/fuzz -j2

clean:
	rm -rf k4a/cppbuild k4a/target platform/target samples/target benchmarks/target

# ---- other platforms, cross-compiled on this linux-x86_64 machine (README, "Platforms") -----------------------
# cross       k4a-<version>-linux-arm64.jar and k4a-<version>-windows-x86_64.jar into the local repository: the
#             core by cppbuild.sh with aarch64-linux-gnu / mingw-w64 (k4a/cmake/*.cmake), its C tests under
#             qemu-aarch64 / wine, the JNI libraries by JavaCPP with the same cross compilers, and for linux-arm64
#             the JUnit tests on Debian's arm64 JDK under qemu (.ci/linux-arm64/bin/java). The bindings are parsed
#             once, by the linux-x86_64 build before it (they do not depend on the platform).
# cross-test  the jars' contents (.ci/check-jars: ELF aarch64 / PE32+ x86-64, names, exports, system-only
#             dependencies), and the consumer project on k4a-platform narrowed to linux-arm64, under qemu
CROSS_PLATFORMS ?= linux-arm64 windows-x86_64

cross:
	@bash .ci/cross-deps
	for p in $(CROSS_PLATFORMS); do $(MVN) -f k4a install -Djavacpp.platform=$$p -Djavacpp.parser.skip=true || exit 1; done

cross-test:
	bash .ci/check-jars $(CROSS_PLATFORMS)
	$(MVN) -q -f samples compile dependency:build-classpath -Djavacpp.platform=linux-arm64 \
	       -Dmdep.outputFile=target/linux-arm64.classpath
	.ci/linux-arm64/bin/java -cp samples/target/classes:$$(cat samples/target/linux-arm64.classpath) \
	       org.k4a4j.samples.DepthToColor samples/target/sample-output-linux-arm64
