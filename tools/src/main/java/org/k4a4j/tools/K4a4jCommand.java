/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.tools;

import java.io.File;
import java.io.IOException;
import java.util.concurrent.Callable;

import org.k4a4j.K4a;
import org.k4a4j.K4aException;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code k4a4j} command line (the executable jar of this module):
 *
 * <pre>
 * k4a4j                                   the default job: writes the built-in sample to out/sample.mkv and
 *                                         exports it to out/sample/
 * k4a4j export [--jpeg] [--every N] [--max-frames N] REC.mkv [OUT]
 *                                         a recording to pictures and summary.json (OUT: out/&lt;name&gt;/)
 * k4a4j info REC.mkv                      the summary of a recording as JSON on stdout, no files
 * k4a4j sample OUT.mkv                    writes the built-in synthetic sample recording
 * k4a4j --help | --version                (also after each command)
 * </pre>
 *
 * Exit codes: 0 done, 1 failed (the message on stderr), 2 bad arguments (with the usage).
 */
@Command(name = "k4a4j", mixinStandardHelpOptions = true, versionProvider = K4a4jCommand.Version.class,
        description = {"Azure Kinect recordings (.mkv) with k4a4j.",
            "Without a command: writes the built-in sample to out/sample.mkv and exports it to out/sample/."},
        subcommands = {K4a4jCommand.Export.class, K4a4jCommand.Info.class, K4a4jCommand.Sample.class,
            CommandLine.HelpCommand.class})
public final class K4a4jCommand implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handling: a failed job prints {@code error: message} and exits 1. */
    static CommandLine commandLine() {
        CommandLine line = new CommandLine(new K4a4jCommand());
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IOException || e instanceof K4aException || e instanceof IllegalStateException) {
                System.err.println();
                System.err.println("error: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return line;
    }

    /** The default job: the built-in sample, written and exported. */
    @Override
    public Integer call() throws IOException {
        File recording = new File("out/sample.mkv");
        System.out.println("No recording given: writing k4a4j's synthetic sample recording to " + recording);
        writeSample(recording);
        new ExportRecording(recording, new File("out/sample"), false, 1, Integer.MAX_VALUE).run();
        return 0;
    }

    static void writeSample(File recording) {
        Progress progress = new Progress("recording");
        SampleRecording.write(recording, progress::update);
        progress.done();
        System.out.println("wrote " + recording + " (" + recording.length() / 1024 + " KiB)");
    }

    static File existing(File recording) throws IOException {
        if (!recording.isFile()) {
            throw new IOException("no such file: " + recording);
        }
        return recording;
    }

    @Command(name = "export", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = {"Turns a recording into pictures (colour, depth and IR, false colour, depth on colour),"
                + " a contact sheet, its attachments and summary.json."})
    static final class Export implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "REC", description = "the recording (.mkv)")
        File recording;

        @Parameters(index = "1", paramLabel = "OUT", arity = "0..1",
                description = "the output directory (default: out/<recording name>/)")
        File outDir;

        @Option(names = "--jpeg", description = "colour frames as JPEG (quality 95) instead of PNG")
        boolean jpeg;

        @Option(names = "--every", paramLabel = "N", defaultValue = "1", description = "export every Nth capture")
        int every;

        @Option(names = "--max-frames", paramLabel = "N", description = "export at most N captures (default: all)")
        int maxFrames = Integer.MAX_VALUE;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (every <= 0 || maxFrames <= 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--every and --max-frames must be positive");
            }
            File out = outDir != null ? outDir
                    : new File("out", recording.getName().replaceFirst("\\.[mM][kK][vV]$", ""));
            new ExportRecording(existing(recording), out, jpeg, every, maxFrames).run();
            return 0;
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = {"Prints the summary of a recording as JSON (configuration, calibration, tags, tracks,"
                + " attachments, streams, IMU, custom tracks); writes no files."})
    static final class Info implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "REC", description = "the recording (.mkv)")
        File recording;

        @Override
        public Integer call() throws IOException {
            new ExportRecording(existing(recording), null, false, 1, Integer.MAX_VALUE).run();
            return 0;
        }
    }

    @Command(name = "sample", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = {"Writes k4a4j's built-in synthetic recording (MJPG 720p colour, NFOV depth and IR,"
                + " IMU, a custom track, calibration), 3 s at 15 fps."})
    static final class Sample implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "OUT.mkv", description = "the file to write")
        File recording;

        @Override
        public Integer call() {
            writeSample(recording);
            return 0;
        }
    }

    /** The version of the library underneath. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"k4a4j " + K4a.VERSION};
        }
    }
}
