package io.strongroom.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Ed25519} (BouncyCastle's RFC 8032 code) against the JDK's own Ed25519 provider: for the
 * same raw seed both make the same signature bytes, a signature made by the JDK verifies here and
 * one made here verifies under the JDK, and both reject the same tampered signatures. Also: a
 * public key that is not a curve point makes verification fail and never throws.
 */
class Ed25519CrossCheckTest {
  /** DER: SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (33 bytes: 0 unused bits + key) }. */
  private static final byte[] SPKI_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  @Test
  void signaturesMatchAndVerifyBothWaysWithTheJdkProvider() throws GeneralSecurityException {
    Random random = new Random(8032);
    List<byte[]> seeds = new ArrayList<>();
    seeds.add(TestLogs.SEED);
    seeds.add(new byte[32]);
    for (int i = 0; i < 10; i++) {
      byte[] seed = new byte[32];
      random.nextBytes(seed);
      seeds.add(seed);
    }
    List<byte[]> messages = new ArrayList<>();
    messages.add(new byte[0]);
    messages.add(Checkpoint.signedMessage(1, Hash.ZERO, Hash.ZERO));
    for (int length : new int[] {1, 2, 63, 64, 65, 1000}) {
      byte[] message = new byte[length];
      random.nextBytes(message);
      messages.add(message);
    }

    for (byte[] seed : seeds) {
      byte[] raw = Ed25519.publicKey(seed);
      PrivateKey jdkPrivate = KeyFactory.getInstance("Ed25519")
          .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
      PublicKey jdkPublic = jdkPublicKey(raw);
      for (byte[] message : messages) {
        byte[] ours = Ed25519.sign(seed, message);
        byte[] jdks = jdkSign(jdkPrivate, message);
        // Deterministic signing: a wrong key derivation or hash would show here.
        assertThat(ours).isEqualTo(jdks);
        // JDK-made verifies here (with the key derived here), ours verifies under the JDK.
        assertThat(Ed25519.verify(raw, message, jdks)).isTrue();
        assertThat(jdkVerify(jdkPublic, message, ours)).isTrue();

        byte[] tampered = ours.clone();
        tampered[random.nextInt(tampered.length)] ^= (byte) (1 << random.nextInt(8));
        assertThat(Ed25519.verify(raw, message, tampered)).isFalse();
        assertThat(jdkVerify(jdkPublic, message, tampered)).isFalse();

        byte[] otherMessage = Arrays.copyOf(message, message.length + 1);
        assertThat(Ed25519.verify(raw, otherMessage, ours)).isFalse();
        assertThat(jdkVerify(jdkPublic, otherMessage, ours)).isFalse();
      }
    }
  }

  @Test
  void keysThatAreNotCurvePointsFailVerificationWithoutThrowing() {
    byte[] message = Checkpoint.signedMessage(1, Hash.ZERO, Hash.ZERO);
    byte[] signature = Ed25519.sign(TestLogs.SEED, message);
    byte[] notOnCurve = new byte[32];
    notOnCurve[0] = 2; // y = 2: (y^2 - 1) / (d y^2 + 1) has no square root mod p
    byte[] allOnes = new byte[32];
    Arrays.fill(allOnes, (byte) 0xff); // y = 2^255 - 1 >= p: not a canonical encoding
    byte[] yIsP = TestLogs.HEX.parseHex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
    for (byte[] raw : List.of(notOnCurve, allOnes, yIsP)) {
      assertThat(Ed25519.verify(raw, message, signature)).isFalse();
      AuditPublicKey key = AuditPublicKey.fromRaw(raw);
      Checkpoint cp = new Checkpoint(1, Hash.ZERO, Hash.ZERO, key.keyId(), Ed25519Signature.of(signature));
      assertThat(key.verifies(cp)).isFalse();
      assertThat(AuditPublicKey.parse(key.toString())).isEqualTo(key);
    }
    // Any 32 bytes: a result, never an exception.
    Random random = new Random(25519);
    for (int i = 0; i < 500; i++) {
      byte[] raw = new byte[32];
      random.nextBytes(raw);
      byte[] sig = new byte[64];
      random.nextBytes(sig);
      assertThat(Ed25519.verify(raw, message, sig)).isFalse();
      assertThat(Ed25519.verify(raw, message, signature)).isFalse();
    }
  }

  @Test
  void wrongLengthsFailVerification() {
    byte[] message = new byte[0];
    byte[] signature = Ed25519.sign(TestLogs.SEED, message);
    byte[] raw = TestLogs.KEY.raw();
    assertThat(Ed25519.verify(raw, message, signature)).isTrue();
    assertThat(Ed25519.verify(Arrays.copyOf(raw, 31), message, signature)).isFalse();
    assertThat(Ed25519.verify(raw, message, Arrays.copyOf(signature, 63))).isFalse();
    assertThat(Ed25519.verify(raw, message, Arrays.copyOf(signature, 65))).isFalse();
    assertThat(Ed25519.verify(null, message, signature)).isFalse();
    assertThat(Ed25519.verify(raw, message, null)).isFalse();
  }

  private static PublicKey jdkPublicKey(byte[] raw) throws GeneralSecurityException {
    byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + raw.length);
    System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, raw.length);
    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
  }

  private static byte[] jdkSign(PrivateKey key, byte[] message) throws GeneralSecurityException {
    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(key);
    signer.update(message);
    return signer.sign();
  }

  private static boolean jdkVerify(PublicKey key, byte[] message, byte[] signature) throws GeneralSecurityException {
    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(key);
    verifier.update(message);
    try {
      return verifier.verify(signature);
    } catch (SignatureException e) {
      return false;
    }
  }
}
