package io.strongroom.unseal;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.storage.engine.InMemoryEngine;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@link SealStore} contract, run against every implementation. */
class SealStoreContractTest {

  static Stream<Arguments> stores() {
    Supplier<SealStore> memory = SealStore::inMemory;
    Supplier<SealStore> engine = () -> new EngineSealStore(new InMemoryEngine());
    return Stream.of(Arguments.of("in-memory", memory), Arguments.of("engine", engine));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void emptyThenLastStoredWins(String name, Supplier<SealStore> factory) {
    SealStore store = factory.get();
    assertThat(store.load()).isEmpty();
    SealRecord a = SealRecordTest.sample(SealType.SHAMIR, false);
    SealRecord b = SealRecordTest.sample(SealType.PKCS11, true);
    store.store(a);
    assertThat(store.load()).contains(a);
    store.store(b);
    assertThat(store.load()).contains(b);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void aLifecycleSurvivesARestartOverTheStore(String name, Supplier<SealStore> factory) {
    SealStore store = factory.get();
    var random = TranscriptTest.seeded(11);
    SealLifecycle node = SealLifecycle.start(store, AuditSink.discarding(), random, java.util.Optional.empty());
    InitResult init = node.init(3, 2, java.util.List.of());
    node.close();
    SealLifecycle again = SealLifecycle.start(store, AuditSink.discarding(), random, java.util.Optional.empty());
    assertThat(again.state()).isEqualTo(SealState.SEALED);
    again.unseal(init.shares().get(2));
    assertThat(again.unseal(init.shares().get(0))).isInstanceOf(UnsealResult.Unsealed.class);
    assertThat(again.isRootToken(init.rootToken())).isTrue();
  }
}
