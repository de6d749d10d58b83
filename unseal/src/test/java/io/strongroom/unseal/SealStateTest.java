package io.strongroom.unseal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The transition table of {@link SealState}, exactly as its diagram draws it. */
class SealStateTest {
  @Test
  void tableMatchesTheDiagram() {
    Map<SealState, EnumSet<SealState>> expected = Map.of(
        SealState.UNINITIALIZED, EnumSet.of(SealState.SEALED, SealState.CLOSED),
        SealState.SEALED, EnumSet.of(SealState.UNSEALED, SealState.CLOSED),
        SealState.UNSEALED, EnumSet.of(SealState.SEALED, SealState.CLOSED),
        SealState.CLOSED, EnumSet.noneOf(SealState.class));
    for (SealState from : SealState.values()) {
      assertThat(from.successors()).isEqualTo(expected.get(from));
      for (SealState to : SealState.values()) {
        assertThat(from.canMoveTo(to)).isEqualTo(expected.get(from).contains(to));
      }
    }
  }

  @Test
  void illegalTransitionNamesBothStates() {
    IllegalTransitionException e = new IllegalTransitionException(SealState.SEALED, SealState.SEALED);
    assertThat(e).hasMessage("illegal transition SEALED -> SEALED: node is already sealed");
    assertThat(e.from()).isEqualTo(SealState.SEALED);
    assertThat(e.to()).isEqualTo(SealState.SEALED);
  }
}
