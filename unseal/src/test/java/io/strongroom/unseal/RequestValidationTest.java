package io.strongroom.unseal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.crypto.Bytes;
import io.strongroom.crypto.HolderKeys;
import io.strongroom.crypto.HolderPublicKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Bad requests are refused before anything is made or stored, with typed, specific errors. */
class RequestValidationTest {
  private final java.security.SecureRandom random = TranscriptTest.seeded(13);
  private final List<CeremonyEvent> events = new ArrayList<>();
  private final SealStore store = SealStore.inMemory();

  /** The all-zero X25519 point has low order: a key agreement with it yields nothing secret. */
  private static final Bytes LOW_ORDER = Bytes.of(new byte[32]);

  @Test
  void initRefusesAnUnusableHolderKeyNamingIt() {
    SealLifecycle node = SealLifecycle.start(store, events::add, random, Optional.empty());
    List<HolderPublicKeys> holders = List.of(HolderKeys.generate(random).publicKeys(),
        new HolderPublicKeys(LOW_ORDER, HolderKeys.generate(random).publicKeys().signingKey()));
    assertThatThrownBy(() -> node.init(2, 2, holders))
        .isInstanceOfSatisfying(CeremonyException.class, e -> {
          assertThat(e.reason()).isEqualTo(CeremonyException.Reason.INVALID_REQUEST);
          assertThat(e.holderIndex()).hasValue(2);
        })
        .hasMessage("holder key 2 is not a usable X25519 public key");
    assertThat(store.load()).isEmpty();
    assertThat(node.state()).isEqualTo(SealState.UNINITIALIZED);
    assertThat(events).last().satisfies(e -> assertThat(e.outcome()).isEqualTo(CeremonyEvent.Outcome.REJECTED));
  }

  @Test
  void generateRootRefusesBadProtectionBeforeAnyShareIsTaken() {
    SealLifecycle node = SealLifecycle.start(store, events::add, random, Optional.empty());
    InitResult init = node.init(1, 1, List.of());
    node.unseal(init.shares().get(0));
    assertThatThrownBy(() -> node.generateRootStart(new TokenProtection.RecipientKey(LOW_ORDER)))
        .isInstanceOf(CeremonyException.class)
        .hasMessage("recipient key is not a usable X25519 public key");
    assertThatThrownBy(() -> node.generateRootStart(new TokenProtection.Otp("short")))
        .isInstanceOf(CeremonyException.class)
        .hasMessage("otp must be 43 base64url characters (32 bytes)");
    assertThat(node.generateRootStart(new TokenProtection.Otp(RootTokens.newOtp(random))).progress()).isZero();
  }

  @Test
  void dataPathsUnderTheSealPrefixAreReserved() {
    SealLifecycle node = SealLifecycle.start(store, events::add, random, Optional.empty());
    InitResult init = node.init(1, 1, List.of());
    node.unseal(init.shares().get(0));
    assertThatThrownBy(() -> node.decrypt("sys/seal/audit-hmac-key", store.load().orElseThrow().sealedAuditHmacKey()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("path sys/seal/audit-hmac-key is reserved for the seal");
  }
}
