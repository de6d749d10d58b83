package io.strongroom.unseal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import io.strongroom.crypto.Bytes;
import io.strongroom.crypto.SecretBytes;
import io.strongroom.crypto.ShareCombiner;
import io.strongroom.storage.barrier.Barrier;
import io.strongroom.storage.barrier.BarrierPolicy;
import io.strongroom.storage.barrier.DecryptionFailedException;
import io.strongroom.storage.engine.InMemoryEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Auto-unseal ({@code seal "pkcs11"}) against a real PKCS#11 token: SoftHSM2 through the JDK's
 * SunPKCS11. The test makes its own token under {@code target/softhsm}; surefire points
 * {@code SOFTHSM2_CONF} there (see unseal/pom.xml), since the library reads it from the process
 * environment.
 */
class SoftHsmAutoUnsealTest {
  private static final Path LIBRARY = Paths.get("/usr/lib/softhsm/libsofthsm2.so");
  private static final String MISSING = "softhsm2 not installed: apt-get install softhsm2 (or run .ci/run)";
  private static final char[] PIN = "1234".toCharArray();
  private static final String ALIAS = "strongroom-root";
  private static Provider provider;

  @BeforeAll
  static void token() throws Exception {
    if (!Files.exists(LIBRARY)) {
      if ("true".equals(System.getenv("CI"))) {
        fail(MISSING);
      }
      Assumptions.abort(MISSING);
    }
    Path dir = Paths.get(System.getProperty("strongroom.softhsm.dir", "target/softhsm")).toAbsolutePath();
    String conf = System.getenv("SOFTHSM2_CONF");
    assertThat(conf).as("surefire sets SOFTHSM2_CONF (unseal/pom.xml)").isEqualTo(dir.resolve("softhsm2.conf").toString());
    if (Files.exists(dir)) {
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(dir.resolve("tokens"));
    Files.writeString(Paths.get(conf), "directories.tokendir = " + dir.resolve("tokens") + "\n"
        + "objectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n", StandardCharsets.UTF_8);
    ProcessBuilder pb = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label", "strongroom",
        "--pin", new String(PIN), "--so-pin", "5678").redirectErrorStream(true);
    pb.environment().put("SOFTHSM2_CONF", conf);
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("softhsm2-util: %s", output).isZero();
    Path cfg = dir.resolve("pkcs11.cfg");
    Files.writeString(cfg, "name = SoftHSM\nlibrary = " + LIBRARY + "\nslotListIndex = 0\n", StandardCharsets.UTF_8);
    provider = Pkcs11KeyWrapper.configureSunPkcs11(cfg);
  }

  @Test
  void nodeUnsealsItselfAndRecoverySharesAuthorizeButCannotDecrypt() throws IOException, DecryptionFailedException {
    SecureRandom random = new SecureRandom();
    List<CeremonyEvent> events = new ArrayList<>();
    SealStore store = new EngineSealStore(new InMemoryEngine());
    Pkcs11KeyWrapper hsm = Pkcs11KeyWrapper.open(provider, PIN, ALIAS, true);

    SealLifecycle first = SealLifecycle.start(store, events::add, random, Optional.of(hsm));
    InitResult init = first.init(5, 3, List.of());
    assertThat(init.type()).isEqualTo(SealType.PKCS11);
    assertThat(first.state()).isEqualTo(SealState.UNSEALED);
    Bytes ct = first.encrypt("secret/app", "hello".getBytes(StandardCharsets.UTF_8));
    first.close();

    // A new node over the same store, with the key looked up (not generated) in the token.
    SealLifecycle node = SealLifecycle.start(store, events::add, random,
        Optional.of(Pkcs11KeyWrapper.open(provider, PIN, ALIAS, false)));
    assertThat(node.state()).isEqualTo(SealState.UNSEALED);
    try (SecretBytes v = node.decrypt("secret/app", ct)) {
      String value = v.withBytes(b -> new String(b, StandardCharsets.UTF_8));
      assertThat(value).isEqualTo("hello");
    }

    // Recovery shares are a split of a separate recovery key: combining them gives no root key.
    SealRecord record = store.load().orElseThrow();
    try (SecretBytes recovery = ShareCombiner.combineTexts(record.keySet(), init.shares().subList(0, 3));
        SecretBytes root = hsm.unwrap(record.hsmWrappedRootKey())) {
      assertThat(recovery).isNotEqualTo(root);
      assertThatThrownBy(() -> Barrier.unseal(recovery, record.wrappedKeyring(), BarrierPolicy.DEFAULT, b -> { }))
          .isInstanceOf(DecryptionFailedException.class);
      Barrier.unseal(root, record.wrappedKeyring(), BarrierPolicy.DEFAULT, b -> { }).close();
    }

    // ... and cannot unseal.
    node.seal();
    assertThatThrownBy(() -> node.unseal(init.shares().get(0)))
        .isInstanceOfSatisfying(CeremonyException.class,
            e -> assertThat(e.reason()).isEqualTo(CeremonyException.Reason.NOT_SUPPORTED));
    assertThat(node.autoUnseal().keySet()).isEqualTo(record.keySet().id());

    // They authorize generate-root ...
    String otp = RootTokens.newOtp(random);
    String nonce = node.generateRootStart(new TokenProtection.Otp(otp)).nonce();
    node.generateRootSubmit(nonce, init.shares().get(4));
    node.generateRootSubmit(nonce, init.shares().get(1));
    GenerateRootResult.Generated g =
        (GenerateRootResult.Generated) node.generateRootSubmit(nonce, init.shares().get(2));
    assertThat(node.isRootToken(RootTokens.decodeOtp(g.encodedToken(), otp))).isTrue();

    // ... and rekey (of the recovery key; the root key and keyring stay).
    String rekeyNonce = node.rekeyStart(3, 2, List.of(), false).nonce();
    node.rekeySubmit(rekeyNonce, init.shares().get(0));
    node.rekeySubmit(rekeyNonce, init.shares().get(3));
    RekeyResult.Rekeyed rekeyed = (RekeyResult.Rekeyed) node.rekeySubmit(rekeyNonce, init.shares().get(4));
    assertThat(store.load().orElseThrow().hsmWrappedRootKey()).isEqualTo(record.hsmWrappedRootKey());
    assertThat(store.load().orElseThrow().keySet().id()).isEqualTo(rekeyed.keySet());
    node.close();

    SealLifecycle restarted = SealLifecycle.start(store, events::add, random, Optional.of(hsm));
    assertThat(restarted.state()).isEqualTo(SealState.UNSEALED);
    String n2 = restarted.generateRootStart(new TokenProtection.Otp(otp)).nonce();
    assertThatThrownBy(() -> restarted.generateRootSubmit(n2, init.shares().get(0)))
        .hasMessageContaining("share belongs to a previous key set");
    restarted.generateRootSubmit(n2, rekeyed.shares().get(0));
    assertThat(restarted.generateRootSubmit(n2, rekeyed.shares().get(2)))
        .isInstanceOf(GenerateRootResult.Generated.class);
    restarted.close();
  }

  @Test
  void missingKeyIsAnHsmError() {
    assertThatThrownBy(() -> Pkcs11KeyWrapper.open(provider, PIN, "no-such-key", false))
        .isInstanceOf(HsmException.class)
        .hasMessage("HSM key 'no-such-key' not found");
  }
}
