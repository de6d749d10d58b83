package io.strongroom.unseal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import io.strongroom.crypto.Bytes;
import io.strongroom.crypto.HolderKeys;
import io.strongroom.crypto.HolderPublicKeys;
import io.strongroom.crypto.KeySetId;
import io.strongroom.crypto.RootKeySplit;
import io.strongroom.crypto.SecretBytes;
import io.strongroom.crypto.ShamirSplitter;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SealRecord binary format (the IMPORTANT contract in its Javadoc): round trip and hostile input. */
class SealRecordTest {
  private static final SecureRandom RANDOM = TranscriptTest.seeded(3);

  static SealRecord sample(SealType type, boolean withHolders) {
    RootKeySplit split = ShamirSplitter.split(SecretBytes.random(RANDOM, 32), 3, 2, RANDOM);
    split.destroy();
    List<HolderPublicKeys> holders = withHolders
        ? List.of(HolderKeys.generate(RANDOM).publicKeys(), HolderKeys.generate(RANDOM).publicKeys(),
            HolderKeys.generate(RANDOM).publicKeys())
        : List.of();
    return new SealRecord(type, split.keySet(), holders, List.of(KeySetId.random(RANDOM)), bytes(90),
        type == SealType.PKCS11 ? bytes(61) : Bytes.EMPTY, bytes(65), bytes(65), bytes(67));
  }

  private static Bytes bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return Bytes.of(b);
  }

  @Test
  void roundTripsEveryShape() {
    for (SealType type : SealType.values()) {
      for (boolean holders : new boolean[] {false, true}) {
        SealRecord r = sample(type, holders);
        assertThat(SealRecord.fromBytes(r.toBytes())).isEqualTo(r);
      }
    }
  }

  @Test
  void layoutStartsWithMagicVersionAndType() {
    SealRecord r = sample(SealType.PKCS11, false);
    assertThat(r.toBytes().hex()).startsWith(HexFormat.of().formatHex("SRSL".getBytes()) + "01" + "02");
  }

  @Test
  void everyTruncationIsRefusedAsMalformed() {
    byte[] full = sample(SealType.SHAMIR, true).toBytes().toByteArray();
    qt().withExamples(200).forAll(integers().between(0, full.length - 1)).checkAssert(n ->
        assertThatThrownBy(() -> SealRecord.fromBytes(Bytes.of(full, 0, n)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("seal record is malformed"));
  }

  @Test
  void anyCorruptionParsesOrIsRefusedAsMalformedNeverAnythingElse() {
    byte[] full = sample(SealType.PKCS11, true).toBytes().toByteArray();
    qt().withExamples(500).forAll(integers().between(0, full.length - 1), integers().between(1, 255))
        .checkAssert((at, xor) -> {
          byte[] b = full.clone();
          b[at] ^= xor.byteValue();
          try {
            SealRecord.fromBytes(Bytes.of(b));
          } catch (IllegalArgumentException e) {
            assertThat(e).hasMessageStartingWith("seal record is malformed");
          }
        });
  }

  @Test
  void refusesTrailingBytesAndUnknownVersions() {
    byte[] full = sample(SealType.SHAMIR, false).toBytes().toByteArray();
    byte[] longer = java.util.Arrays.copyOf(full, full.length + 1);
    assertThatThrownBy(() -> SealRecord.fromBytes(Bytes.of(longer))).hasMessage("seal record is malformed: 1 trailing bytes");
    byte[] v2 = full.clone();
    v2[4] = 2;
    assertThatThrownBy(() -> SealRecord.fromBytes(Bytes.of(v2)))
        .hasMessage("seal record is malformed: unsupported version 2, this build reads 1");
  }

  @Test
  void validatesItsInvariants() {
    SealRecord r = sample(SealType.SHAMIR, false);
    assertThatThrownBy(() -> new SealRecord(SealType.SHAMIR, r.keySet(), List.of(HolderKeys.generate(RANDOM).publicKeys()),
        List.of(), r.wrappedKeyring(), Bytes.EMPTY, r.sealedAuditHmacKey(), r.sealedAuditSigningKey(),
        r.sealedRootTokenHashes())).hasMessage("holder count must be 0 or 3 (the share count), was 1");
    assertThatThrownBy(() -> new SealRecord(SealType.PKCS11, r.keySet(), List.of(), List.of(), r.wrappedKeyring(),
        Bytes.EMPTY, r.sealedAuditHmacKey(), r.sealedAuditSigningKey(), r.sealedRootTokenHashes()))
        .hasMessageContaining("HSM-wrapped root key is required for pkcs11");
  }
}
