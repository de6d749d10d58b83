package io.strongroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** DESIGN.md: "client never depends on server code: an application pulls the client jar alone." */
class DependencyBoundaryTest {

  @Test
  void noServerModuleIsOnTheClasspath() {
    List<String> serverPackages = List.of(
        "io/strongroom/storage", "io/strongroom/raft", "io/strongroom/unseal",
        "io/strongroom/node", "org/apache/ratis", "org/rocksdb");
    ClassLoader loader = StrongroomClient.class.getClassLoader();
    for (String pkg : serverPackages) {
      assertThat(loader.getResource(pkg)).as(pkg).isNull();
    }
  }
}
