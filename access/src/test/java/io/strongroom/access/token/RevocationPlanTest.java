package io.strongroom.access.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Depth-first, descendants before ancestors, deterministic. */
class RevocationPlanTest {

  @Test
  void aTreeIsRevokedLeavesFirstRootLast() {
    //        root
    //       /    \
    //      b      a          (the lookup returns children unsorted)
    //      |     / \
    //      e    d   c
    //           |
    //           f
    Map<String, List<String>> children = Map.of(
        "root", List.of("b", "a"),
        "a", List.of("d", "c"),
        "b", List.of("e"),
        "d", List.of("f"));
    RevocationPlan plan = RevocationPlan.of("root", k -> children.getOrDefault(k, List.of()));
    assertThat(plan.accessors()).containsExactly("c", "f", "d", "a", "e", "b", "root");
    for (Map.Entry<String, List<String>> e : children.entrySet()) {
      for (String child : e.getValue()) {
        assertThat(plan.accessors().indexOf(child)).isLessThan(plan.accessors().indexOf(e.getKey()));
      }
    }
  }

  @Test
  void aLoneTokenIsItsOwnPlanAndNullMeansNoChildren() {
    assertThat(RevocationPlan.of("x", k -> null).accessors()).containsExactly("x");
  }

  @Test
  void aCorruptIndexWithACycleOrASharedChildListsEachOnce() {
    Map<String, List<String>> children = Map.of("r", List.of("a", "b"), "a", List.of("r", "s"), "b", List.of("s"));
    assertThat(RevocationPlan.of("r", k -> children.getOrDefault(k, List.of())).accessors())
        .containsExactly("s", "a", "b", "r");
  }

  @Test
  void aDeepChainDoesNotOverflowTheStack() {
    Map<String, List<String>> children = new HashMap<>();
    for (int i = 0; i < 100_000; i++) {
      children.put("t" + i, List.of("t" + (i + 1)));
    }
    List<String> order = RevocationPlan.of("t0", k -> children.getOrDefault(k, List.of())).accessors();
    assertThat(order).hasSize(100_001);
    assertThat(order.get(0)).isEqualTo("t100000");
    assertThat(order.get(order.size() - 1)).isEqualTo("t0");
  }

  @Test
  void theBoundIsEnforced() {
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      many.add("c" + i);
    }
    assertThat(RevocationPlan.of("r", k -> k.equals("r") ? many : List.of(), 11).accessors()).hasSize(11);
    assertThatThrownBy(() -> RevocationPlan.of("r", k -> k.equals("r") ? many : List.of(), 10))
        .isInstanceOf(IllegalStateException.class).hasMessage("the tree under r has more than 10 tokens");
  }
}
