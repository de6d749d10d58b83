package io.strongroom.unseal;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.crypto.HolderKeys;
import io.strongroom.crypto.HolderPrivateKeys;
import io.strongroom.crypto.HolderPublicKeys;
import io.strongroom.crypto.KeySet;
import io.strongroom.crypto.SecretBytes;
import io.strongroom.crypto.Share;
import io.strongroom.crypto.ShareCodec;
import io.strongroom.crypto.ShareCombiner;
import io.strongroom.storage.barrier.BarrierPolicy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Nothing observable carries a secret: every exception (message, toString, stack trace), every
 * result's and status' toString, every audit event and the stored record are collected during a
 * run of every ceremony, then scanned for each share text, the root keys (hex, base64), the tokens
 * and one-time pads. (This module logs nothing; the audit events are its only log.)
 */
class NoSecretLeakTest {
  private final List<String> observed = new ArrayList<>();
  private final List<String> secrets = new ArrayList<>();
  private final List<CeremonyEvent> events = new ArrayList<>();

  @Test
  void noObservableOutputContainsSecretMaterial() throws Exception {
    var random = TranscriptTest.seeded(7);
    SealStore store = SealStore.inMemory();
    SealLifecycle node = SealLifecycle.start(store, events::add, random, Optional.empty(), new BarrierPolicy(1L << 20, 1));
    observe(node::toString);

    InitResult init = node.init(5, 3, List.of());
    observe(init::toString);
    init.shares().forEach(this::secretShare);
    secretToken(init.rootToken());
    rootKey(store.load().orElseThrow().keySet(), init.shares());

    // Unseal with every kind of refusal.
    fail(() -> node.unseal(typo(init.shares().get(0))));
    fail(() -> node.unseal(forged(init.shares().get(1), random)));
    fail(() -> node.unseal("srs1-garbage"));
    observe(() -> node.unseal(init.shares().get(0)).toString());
    observe(() -> node.unseal(init.shares().get(0)).toString()); // submitted again: counted once
    observe(() -> node.status().toString());
    observe(() -> node.unsealReset().toString());
    for (int i = 2; i < 5; i++) {
      int j = i;
      observe(() -> node.unseal(init.shares().get(j)).toString());
    }
    observe(() -> node.encrypt("secret/a", new byte[] {1, 2, 3}).toString());
    try (SystemKeys keys = node.systemKeys()) {
      observe(keys::toString);
      secretBytes(keys.auditHmacKey());
      secretBytes(keys.auditSigningKey());
    }

    // Generate-root, OTP and HPKE.
    String otp = RootTokens.newOtp(random);
    secrets.add(otp);
    String nonce = node.generateRootStart(new TokenProtection.Otp(otp)).nonce();
    observe(() -> new TokenProtection.Otp(otp).toString());
    fail(() -> node.generateRootSubmit(nonce, typo(init.shares().get(2))));
    for (int i = 0; i < 3; i++) {
      int j = i;
      GenerateRootResult r = node.generateRootSubmit(nonce, init.shares().get(j));
      observe(r::toString);
      if (r instanceof GenerateRootResult.Generated g) {
        secretToken(RootTokens.decodeOtp(g.encodedToken(), otp));
      }
    }
    HolderPrivateKeys requester = HolderKeys.generate(random);
    String n2 = node.generateRootStart(new TokenProtection.RecipientKey(requester.publicKeys().encryptionKey())).nonce();
    GenerateRootResult g2 = null;
    for (int i = 2; i < 5; i++) {
      g2 = node.generateRootSubmit(n2, init.shares().get(i));
      observe(g2::toString);
    }
    secretToken(RootTokens.openSealed(((GenerateRootResult.Generated) g2).encodedToken(), requester));

    // Rekey with verification to holders, cancel, then rekey in the clear.
    List<HolderPrivateKeys> holders = new ArrayList<>();
    List<HolderPublicKeys> pub = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      holders.add(HolderKeys.generate(random));
      pub.add(holders.get(i).publicKeys());
    }
    String r1 = node.rekeyStart(3, 2, pub, true).nonce();
    fail(() -> node.rekeySubmit(r1, forged(init.shares().get(0), random)));
    node.rekeySubmit(r1, init.shares().get(0));
    node.rekeySubmit(r1, init.shares().get(1));
    RekeyResult.PendingVerification pending = (RekeyResult.PendingVerification) node.rekeySubmit(r1, init.shares().get(2));
    observe(pending::toString);
    List<String> opened = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      opened.add(ShareEnvelopes.open(pending.shares().get(i), holders.get(i)));
    }
    opened.forEach(this::secretShare);
    observe(() -> node.rekeyVerify(pending.verificationNonce(), opened.get(0)).toString());
    observe(() -> node.rekeyVerify(pending.verificationNonce(), opened.get(0)).toString()); // again: counted once
    fail(() -> node.rekeyVerify(pending.verificationNonce(), typo(opened.get(1))));
    node.rekeyCancel();
    String r2 = node.rekeyStart(3, 2, List.of(), false).nonce();
    node.rekeySubmit(r2, init.shares().get(3));
    node.rekeySubmit(r2, init.shares().get(4));
    RekeyResult.Rekeyed rekeyed = (RekeyResult.Rekeyed) node.rekeySubmit(r2, init.shares().get(0));
    observe(rekeyed::toString);
    rekeyed.shares().forEach(this::secretShare);
    rootKey(store.load().orElseThrow().keySet(), rekeyed.shares());

    observe(() -> "term " + node.rotate());
    node.seal();
    fail(() -> node.unseal(init.shares().get(0)));
    fail(() -> node.encrypt("secret/a", new byte[1]));
    fail(node::systemKeys);
    fail(() -> node.seal());
    observe(() -> node.unseal(rekeyed.shares().get(1)).toString());
    observe(() -> node.status().toString());
    node.close();
    fail(() -> node.unseal(rekeyed.shares().get(1)));
    observe(node::toString);
    observe(store::toString);
    observe(() -> store.load().orElseThrow().toString());
    events.forEach(e -> observed.add(e.toString()));

    assertThat(secrets).hasSizeGreaterThan(20);
    assertThat(events).hasSizeGreaterThan(30);
    assertThat(observed).hasSizeGreaterThan(40);
    List<String> leaks = new ArrayList<>();
    for (String o : observed) {
      for (String s : secrets) {
        if (o.contains(s)) {
          leaks.add("'" + o + "' contains a secret");
        }
      }
    }
    assertThat(leaks).isEmpty();

    // The stored record holds none of them as raw bytes either (the token hash is sealed too).
    byte[] stored = store.load().orElseThrow().toBytes().toByteArray();
    String storedHex = HexFormat.of().formatHex(stored);
    for (String s : secrets) {
      assertThat(storedHex).doesNotContain(s.toLowerCase(Locale.ROOT));
    }
    String tokenHash = HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(init.rootToken().getBytes(StandardCharsets.UTF_8)));
    assertThat(storedHex).doesNotContain(tokenHash);
  }

  private void observe(Supplier<String> s) {
    observed.add(s.get());
  }

  private void fail(Runnable r) {
    try {
      r.run();
      throw new AssertionError("expected a refusal");
    } catch (RuntimeException e) {
      observed.add(e.getMessage());
      observed.add(e.toString());
      StringWriter w = new StringWriter();
      e.printStackTrace(new PrintWriter(w));
      observed.add(w.toString());
    }
  }

  private void secretShare(String text) {
    secrets.add(text);
    String compact = text.substring(ShareCodec.PREFIX.length()).replace("-", "");
    secrets.add(compact);
    secrets.add(compact.substring(10, 62)); // the share symbols alone
    Share s = ShareCodec.decode(text);
    secretBytes(s.value());
    s.destroy();
  }

  private void secretToken(String token) {
    assertThat(token).startsWith(RootTokens.PREFIX);
    secrets.add(token);
    secrets.add(token.substring(RootTokens.PREFIX.length()));
  }

  private void rootKey(KeySet keySet, List<String> shares) {
    try (SecretBytes key = ShareCombiner.combineTexts(keySet, shares.subList(0, keySet.threshold()))) {
      secretBytes(key);
    }
  }

  private void secretBytes(SecretBytes b) {
    byte[] raw = b.toByteArray();
    secrets.add(HexFormat.of().formatHex(raw));
    secrets.add(HexFormat.of().withUpperCase().formatHex(raw));
    secrets.add(Base64.getEncoder().withoutPadding().encodeToString(raw));
    secrets.add(Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
    SecretBytes.zero(raw);
  }

  private static String typo(String text) {
    char c = text.charAt(20);
    return text.substring(0, 20) + (c == 'Q' ? 'R' : 'Q') + text.substring(21);
  }

  private static String forged(String text, java.security.SecureRandom random) {
    Share real = ShareCodec.decode(text);
    Share fake = new Share(real.keySet(), real.index(), SecretBytes.random(random, 32));
    real.destroy();
    return ShareCodec.encode(fake);
  }

}
