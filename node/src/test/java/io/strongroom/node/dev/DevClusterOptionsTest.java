package io.strongroom.node.dev;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DevClusterOptionsTest {

  @Test
  void nodesStartSmallUnlessTheEnvironmentReplacesTheirOptions() {
    assertThat(DevCluster.nodeJavaOptions(null)).containsExactly("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    assertThat(DevCluster.nodeJavaOptions("  ")).contains("-XX:TieredStopAtLevel=1");
    assertThat(DevCluster.nodeJavaOptions(" -Xms1g  -Xmx1g\t-XX:+UseG1GC ")).containsExactly("-Xms1g", "-Xmx1g", "-XX:+UseG1GC");
  }
}
