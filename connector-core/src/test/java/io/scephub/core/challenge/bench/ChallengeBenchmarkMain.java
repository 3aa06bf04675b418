package io.scephub.core.challenge.bench;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link ChallengeVerifyBenchmark} (1 fork, 3 × 1 s warm-up, 5 × 1 s measurement unless JMH
 * options are passed) and prints verify() throughput as a share of raw signature throughput.
 */
public final class ChallengeBenchmarkMain {

    private ChallengeBenchmarkMain() {
    }

    public static void main(String[] args) throws RunnerException, Exception {
        CommandLineOptions commandLine = new CommandLineOptions(args);
        Options options = new OptionsBuilder()
                .include(ChallengeVerifyBenchmark.class.getName())
                .forks(commandLine.getForkCount().orElse(1))
                .warmupIterations(commandLine.getWarmupIterations().orElse(3))
                .warmupTime(commandLine.getWarmupTime().orElse(TimeValue.seconds(1)))
                .measurementIterations(commandLine.getMeasurementIterations().orElse(5))
                .measurementTime(commandLine.getMeasurementTime().orElse(TimeValue.seconds(1)))
                .threads(commandLine.getThreads().orElse(1))
                .build();
        Collection<RunResult> results = new Runner(options).run();

        Map<String, double[]> byAlgorithm = new TreeMap<>();
        for (RunResult result : results) {
            String alg = result.getParams().getParam("alg");
            String method = result.getParams().getBenchmark();
            double score = result.getPrimaryResult().getScore();
            double[] pair = byAlgorithm.computeIfAbsent(alg, a -> new double[2]);
            pair[method.endsWith("verifyChallenge") ? 0 : 1] = score;
        }
        System.out.println();
        System.out.println("alg     verify() ops/s   raw verify ops/s   verify/raw   target >= 0.85");
        byAlgorithm.forEach((alg, pair) -> System.out.printf("%-7s %15.0f %18.0f %11.3f   %s%n",
                alg, pair[0], pair[1], pair[0] / pair[1], pair[0] / pair[1] >= 0.85 ? "met" : "MISSED"));
    }
}
