package io.strongroom.crypto;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven bad input: every case names the input, the exception type and the exact message
 * (which must name the value or holder at fault and nothing secret).
 */
class BadInputTest {
  private static final SecureRandom RANDOM = TestSupport.seeded(31337);
  private static final SecretBytes KEY = TestSupport.rootKey(RANDOM);
  private static final RootKeySplit SPLIT = ShamirSplitter.split(KEY, 5, 3, RANDOM);
  private static final KeySet KEY_SET = SPLIT.keySet();
  private static final KeySetId ID = KEY_SET.id();
  private static final RootKeySplit OTHER = ShamirSplitter.split(KEY, 5, 3, RANDOM);
  private static final String TEXT_3 = ShareCodec.encode(SPLIT.share(3));
  private static final HolderPrivateKeys ALICE = HolderKeys.generate(RANDOM);
  private static final HolderPrivateKeys BOB = HolderKeys.generate(RANDOM);
  private static final Bytes KEY_FILE = HolderKeys.seal(ALICE, "right".toCharArray(), TestSupport.FAST_KDF, RANDOM);
  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
  private static final ApprovalMessage REQUEST =
      new ApprovalMessage("break-glass", "req-7", Bytes.of(new byte[32]), NOW.plusSeconds(300));
  private static final ApprovalVerifier VERIFIER =
      new ApprovalVerifier(Map.of("alice", ALICE.publicKeys(), "bob", BOB.publicKeys()));

  private static Arguments bad(String name, Runnable action, Class<? extends Throwable> type, String message) {
    return Arguments.of(name, action, type, message);
  }

  private static Runnable split(int n, int k) {
    return () -> ShamirSplitter.split(KEY, n, k, RANDOM);
  }

  private static Runnable decode(String text) {
    return () -> ShareCodec.decode(text);
  }

  private static Runnable combine(Supplier<List<Share>> shares) {
    return () -> ShareCombiner.combine(KEY_SET, shares.get());
  }

  private static Share forged(int index) {
    return new Share(ID, index, SecretBytes.random(RANDOM, 32));
  }

  private static String replaceSymbol(String text, int position, char c) {
    return text.substring(0, position) + c + text.substring(position + 1);
  }

  private static Bytes withByte(Bytes b, int position, int value) {
    byte[] a = b.toByteArray();
    a[position] = (byte) value;
    return Bytes.of(a);
  }

  static Stream<Arguments> cases() {
    String otherText = ShareCodec.encode(OTHER.share(2));
    char last = TEXT_3.charAt(TEXT_3.length() - 1);
    String wrongChecksum = replaceSymbol(TEXT_3, TEXT_3.length() - 1, last == '0' ? '1' : '0');
    Approval signed = Approval.sign("alice", REQUEST, ALICE);
    return Stream.of(
        // split parameters
        bad("no shares", split(0, 1), InvalidThresholdException.class, "shares must be between 1 and 255, was 0"),
        bad("n > 255", split(256, 3), InvalidThresholdException.class, "shares must be between 1 and 255, was 256"),
        bad("k > n", split(5, 6), InvalidThresholdException.class, "threshold must be <= shares (5), was 6"),
        bad("k = 1, n > 1", split(5, 1), InvalidThresholdException.class,
            "threshold must be >= 2 when shares > 1, was 1"),
        bad("k = 0", split(5, 0), InvalidThresholdException.class, "threshold must be >= 1, was 0"),
        bad("short root key", () -> ShamirSplitter.split(SecretBytes.random(RANDOM, 16), 3, 2, RANDOM),
            IllegalArgumentException.class, "root key must be 32 bytes, was 16"),

        // share text
        bad("empty text", decode("   "), ShareFormatException.class, "share text is empty"),
        bad("not a share", decode("hello world"), ShareFormatException.class, "share text must start with 'srs1-'"),
        bad("future version", decode("srs2" + TEXT_3.substring(4)), ShareFormatException.class,
            "unsupported share text version 'srs2', this build reads 'srs1'"),
        bad("truncated", decode(TEXT_3.substring(0, TEXT_3.length() - 5)), ShareFormatException.class,
            "typo in share text: it has 64 symbols, expected 68 (a character is missing or extra)"),
        bad("one symbol extra", decode(TEXT_3 + "Q"), ShareFormatException.class,
            "typo in share text: it has 69 symbols, expected 68 (a character is missing or extra)"),
        bad("prefix only", decode("srs1-"), ShareFormatException.class,
            "typo in share text: it has 0 symbols, expected 68 (a character is missing or extra)"),
        bad("letter U", decode(replaceSymbol(TEXT_3, 20, 'U')), ShareFormatException.class,
            "typo in share text at character 21: 'U' is not a share character"),
        bad("wrong checksum", decode(wrongChecksum), ShareFormatException.class,
            "typo in share 3 (index as typed): checksum does not match, re-check every character"),
        bad("share of another key set", () -> ShareCodec.decode(otherText, ID), WrongKeySetException.class,
            "share 2 belongs to key set " + OTHER.keySet().id() + ", expected " + ID),
        bad("typo in list", () -> ShareCombiner.combineTexts(KEY_SET, List.of(TEXT_3, wrongChecksum)),
            ShareFormatException.class,
            "share text #2: typo in share 3 (index as typed): checksum does not match, re-check every character"),

        // combine
        bad("duplicate index", combine(() -> List.of(SPLIT.share(1), SPLIT.share(3), SPLIT.share(1))),
            DuplicateShareException.class, "share 1 was given more than once"),
        bad("share from another key set", combine(() -> List.of(SPLIT.share(1), OTHER.share(2), SPLIT.share(3))),
            WrongKeySetException.class, "share 2 belongs to key set " + OTHER.keySet().id() + ", expected " + ID),
        bad("too few shares", combine(() -> List.of(SPLIT.share(1), SPLIT.share(4))),
            InsufficientSharesException.class, "key set " + ID + " needs 3 shares, got 2"),
        bad("wrong share", combine(() -> List.of(SPLIT.share(1), forged(2), SPLIT.share(3))),
            ShareMismatchException.class, "share 2 does not match its commitment in key set " + ID),
        bad("two wrong shares", combine(() -> List.of(forged(4), SPLIT.share(1), forged(2))),
            ShareMismatchException.class, "shares 2, 4 do not match their commitments in key set " + ID),
        bad("index beyond n", combine(() -> List.of(SPLIT.share(1), SPLIT.share(2), forged(9))),
            ShareMismatchException.class, "share 9 does not match its commitment in key set " + ID),
        bad("damaged key set record",
            () -> ShareCombiner.combine(
                new KeySet(ID, 3, KEY_SET.commitments(), TestSupport.flip(KEY_SET.keyCheckValue(), 0)),
                SPLIT.shares()),
            KeyCheckFailedException.class, "reconstructed key does not match the key check value of key set " + ID),
        bad("truncated key set record",
            () -> KeySet.fromBytes(Bytes.of(KEY_SET.toBytes().toByteArray(), 0, 40)),
            MalformedDataException.class, "key set record is truncated: 40 bytes"),

        // key file
        bad("wrong passphrase", () -> HolderKeys.open(KEY_FILE, "wrong".toCharArray()),
            DecryptionFailedException.class, "wrong passphrase or corrupted key file"),
        bad("tampered ciphertext", () -> HolderKeys.open(TestSupport.flip(KEY_FILE, 150), "right".toCharArray()),
            DecryptionFailedException.class, "wrong passphrase or corrupted key file"),
        bad("tampered public key", () -> HolderKeys.open(TestSupport.flip(KEY_FILE, 40), "right".toCharArray()),
            DecryptionFailedException.class, "wrong passphrase or corrupted key file"),
        bad("tampered KDF cost", () -> HolderKeys.open(withByte(KEY_FILE, 6, 11), "right".toCharArray()),
            DecryptionFailedException.class, "wrong passphrase or corrupted key file"),
        bad("absurd KDF cost", () -> HolderKeys.open(withByte(KEY_FILE, 6, 40), "right".toCharArray()),
            MalformedDataException.class, "key file KDF parameters out of range: log2N=40, r=1, p=1"),
        bad("truncated key file", () -> HolderKeys.open(Bytes.of(KEY_FILE.toByteArray(), 0, 180), "right".toCharArray()),
            MalformedDataException.class, "key file is 180 bytes, expected 181"),
        bad("not a key file", () -> HolderKeys.open(withByte(KEY_FILE, 0, 'X'), "right".toCharArray()),
            MalformedDataException.class, "not a Strongroom key file: wrong magic bytes"),
        bad("future key file", () -> HolderKeys.open(withByte(KEY_FILE, 4, 2), "right".toCharArray()),
            MalformedDataException.class, "unsupported key file version 2, this build reads 1"),
        bad("empty passphrase", () -> HolderKeys.seal(ALICE, new char[0], TestSupport.FAST_KDF, RANDOM),
            IllegalArgumentException.class, "passphrase must not be empty"),

        // sealed shares
        bad("sealed to someone else", () -> ShareSealer.open(
                ShareSealer.seal(SPLIT.share(2), BOB.publicKeys().encryptionKey(), RANDOM), ALICE),
            DecryptionFailedException.class, "decryption failed for share 2"),
        bad("sealed share truncated", () -> SealedShare.fromBytes(Bytes.of(new byte[] {'S', 'R', 'S', 'S', 1})),
            MalformedDataException.class, "sealed share is truncated: 5 bytes"),
        bad("low-order recipient key", () -> ShareSealer.seal(SPLIT.share(2), Bytes.of(new byte[32]), RANDOM),
            MalformedDataException.class, "recipient key is not a usable X25519 public key"),

        // approvals
        bad("tampered signature", () -> VERIFIER.verify(
                new Approval("alice", REQUEST, TestSupport.flip(signed.signature(), 5)), NOW),
            InvalidSignatureException.class, "signature of holder 'alice' is not valid"),
        bad("signed by another holder", () -> VERIFIER.verify(
                new Approval("alice", REQUEST, Approval.sign("bob", REQUEST, BOB).signature()), NOW),
            InvalidSignatureException.class, "signature of holder 'alice' is not valid"),
        bad("tampered message", () -> VERIFIER.verify(new Approval("alice",
                new ApprovalMessage("break-glass", "req-8", Bytes.of(new byte[32]), NOW.plusSeconds(300)),
                signed.signature()), NOW),
            InvalidSignatureException.class, "signature of holder 'alice' is not valid"),
        bad("unknown holder", () -> VERIFIER.verify(Approval.sign("mallory", REQUEST, BOB), NOW),
            UnknownHolderException.class, "unknown holder 'mallory'"),
        bad("expired", () -> VERIFIER.verify(signed, NOW.plusSeconds(301)), ApprovalExpiredException.class,
            "approval of holder 'alice' expired at 2026-11-28T12:05:00Z, now is 2026-11-28T12:05:01Z"),
        bad("approval for another request", () -> VERIFIER.verify(signed,
                new ApprovalMessage("break-glass", "req-9", Bytes.of(new byte[32]), NOW.plusSeconds(300)), NOW),
            ApprovalMismatchException.class,
            "approval of holder 'alice' is for a different request: request id differs"),
        bad("bad operation name", () -> new ApprovalMessage("Break Glass", "r", Bytes.of(new byte[32]), NOW),
            MalformedDataException.class, "operation must be 1..64 characters of [a-z0-9._-], was 'Break Glass'"),
        bad("short digest", () -> new ApprovalMessage("op", "r", Bytes.of(new byte[31]), NOW),
            MalformedDataException.class, "request digest must be 32 bytes, was 31"),
        bad("bad holder name", () -> Approval.sign("al ice", REQUEST, ALICE),
            MalformedDataException.class, "holder name must be 1..64 characters of [A-Za-z0-9._@-], was 'al ice'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badInputGetsATypedErrorNamingTheFault(
      String name, Runnable action, Class<? extends Throwable> type, String message) {
    assertThatThrownBy(action::run).isExactlyInstanceOf(type).hasMessage(message);
  }
}
