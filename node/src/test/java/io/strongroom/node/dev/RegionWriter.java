package io.strongroom.node.dev;

import io.strongroom.client.StrongroomClient;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A client process standing in one region for {@link MultiRegionBenchmarkTest}: started with that
 * region's hosts file, it writes one secret after another for a while and prints, per write,
 * {@code ok START END} or {@code fail START END} (epoch milliseconds), so the test can see when
 * writes stopped and resumed as a client there would. Token and CA from {@code STRONGROOM_TOKEN} and
 * {@code STRONGROOM_CACERT}.
 *
 * <p>Arguments: SECONDS PATH ADDRESS [ADDRESS...]
 */
final class RegionWriter {
  private RegionWriter() {}

  public static void main(String[] args) {
    long seconds = Long.parseLong(args[0]);
    String path = args[1];
    List<String> addresses = Arrays.asList(args).subList(2, args.length);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try (StrongroomClient client = StrongroomClient.builder()
        .addresses(addresses)
        .trustCertificates(Path.of(System.getenv("STRONGROOM_CACERT")))
        .token(System.getenv("STRONGROOM_TOKEN").toCharArray())
        .retryDeadline(Duration.ofSeconds(60))
        .maxAttempts(10_000)
        .build()) {
      long end = System.currentTimeMillis() + seconds * 1000;
      for (int i = 0; System.currentTimeMillis() < end; i++) {
        long start = System.currentTimeMillis();
        try {
          client.kv().put(path, Map.of("i", Integer.toString(i)));
          out.println("ok " + start + " " + System.currentTimeMillis());
        } catch (RuntimeException e) {
          out.println("fail " + start + " " + System.currentTimeMillis() + " " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
      }
    }
  }
}
