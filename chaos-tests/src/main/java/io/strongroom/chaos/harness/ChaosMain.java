package io.strongroom.chaos.harness;

import io.strongroom.chaos.history.Edn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Command line of a chaos run ({@code chaos-tests/bin/chaos}):
 *
 * <pre>
 * bin/chaos --seed 42 --nodes 5 --fault-seconds 60            # real mode, every fault kind
 * bin/chaos --seed 42 --nodes 3 --unsafe-local-reads           # the negative control
 * bin/chaos --seed 42 --kinds kill-leader,partition-halves     # some kinds only
 * </pre>
 *
 * Options: {@code --seed N} (default: the clock), {@code --nodes N} (3), {@code --fault-seconds N}
 * (60), {@code --kinds a,b,...} (every kind; see {@link io.strongroom.chaos.nemesis.FaultKind}),
 * {@code --long-timing} (longer faults), {@code --unsafe-local-reads}, {@code --register-threads},
 * {@code --set-threads}, {@code --keys}, {@code --out DIR} (target/chaos), {@code --jar}
 * (node/target/strongroom.jar), {@code --name}. Needs root. Exit status: 0 when the run passed (real
 * mode: no anomaly; negative control: anomalies found), 1 when it did not, 2 when it could not run.
 *
 * <p>With {@code --inside NAMESPACE} (how {@link ChaosLauncher} starts it) it is the runner itself and must
 * already be inside the run's network namespace.
 */
public final class ChaosMain {
  private ChaosMain() {}

  public static void main(String[] args) {
    List<String> list = new ArrayList<>(Arrays.asList(args));
    int at = list.indexOf("--inside");
    String netns = null;
    if (at >= 0 && at + 1 < list.size()) {
      netns = list.remove(at + 1);
      list.remove(at);
    }
    boolean inside = netns != null;
    if (list.contains("--help") || list.contains("-h")) {
      System.out.println("usage: bin/chaos [--seed N] [--nodes N] [--fault-seconds N] [--kinds a,b] [--long-timing]"
          + " [--unsafe-local-reads] [--out DIR] [--jar PATH]");
      System.exit(0);
    }
    int status;
    try {
      RunOptions options = RunOptions.parse(list);
      Edn.MapOf summary;
      if (inside) {
        summary = new ChaosRun(options, netns, System.out).execute();
      } else {
        summary = ChaosLauncher.run(options, System.getProperty("java.class.path"), System.out,
            Duration.ofSeconds(options.faultSeconds() * 3 + 600));
        System.out.print(Json.render(summary));
      }
      status = summary.get("passed").map(p -> p.equals(new Edn.Bool(true))).orElse(false) ? 0 : 1;
    } catch (ChaosSetupException | IllegalArgumentException e) {
      System.out.println("chaos: CANNOT RUN: " + e.getMessage());
      status = 2;
    } catch (Exception e) {
      System.out.println("chaos: the run failed: " + e);
      e.printStackTrace(System.out);
      status = 2;
    }
    System.out.flush();
    System.exit(status);
  }
}
