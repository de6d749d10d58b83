package io.strongroom.storage.barrier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.crypto.Bytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Wycheproof AES-GCM vectors (C2SP/wycheproof testvectors_v1/aes_gcm_test.json) against the
 * primitive the barrier uses: every case with a 256-bit key, 96-bit IV and 128-bit tag. Valid cases
 * must encrypt to the expected ciphertext and tag and decrypt back; invalid cases must fail to
 * decrypt. Failures are collected by tcId and asserted once.
 */
class WycheproofAesGcmTest {

  /** Relative to the module directory (surefire's working directory); CI checks shared/ out beside the repo. */
  static final Path VECTORS = Path.of("../../shared/testdata/wycheproof/aes_gcm_test.json");

  @Test
  void aes256GcmVectors() throws Exception {
    assertThat(VECTORS)
        .withFailMessage("Wycheproof vectors not found at %s (resolved: %s); check out shared/ beside the repository",
            VECTORS, VECTORS.toAbsolutePath().normalize())
        .isRegularFile();
    JsonNode root = new ObjectMapper().readTree(Files.readAllBytes(VECTORS));
    List<String> failures = new ArrayList<>();
    int valid = 0;
    int invalid = 0;
    for (JsonNode group : root.get("testGroups")) {
      if (group.get("keySize").asInt() != 256 || group.get("ivSize").asInt() != 96 || group.get("tagSize").asInt() != 128) {
        continue;
      }
      for (JsonNode test : group.get("tests")) {
        int id = test.get("tcId").asInt();
        byte[] key = hex(test, "key");
        byte[] iv = hex(test, "iv");
        byte[] aad = hex(test, "aad");
        byte[] msg = hex(test, "msg");
        byte[] ct = hex(test, "ct");
        byte[] tag = hex(test, "tag");
        byte[] sealed = new byte[ct.length + tag.length];
        System.arraycopy(ct, 0, sealed, 0, ct.length);
        System.arraycopy(tag, 0, sealed, ct.length, tag.length);
        SecretKeySpec spec = new SecretKeySpec(key, "AES");
        boolean expectValid = test.get("result").asText().equals("valid");
        if (expectValid) {
          valid++;
          byte[] out = new byte[msg.length + AesGcm.TAG_BYTES];
          try {
            AesGcm.encrypt(spec, iv, msg, out, 0, aad);
            if (!Arrays.equals(out, sealed)) {
              failures.add(id + ": encryption mismatch");
            }
          } catch (RuntimeException e) {
            failures.add(id + ": encryption threw " + e);
          }
        }
        try {
          byte[] plain = AesGcm.decrypt(spec, iv, sealed, 0, sealed.length, aad);
          if (!expectValid) {
            failures.add(id + ": invalid case decrypted");
          } else if (!Arrays.equals(plain, msg)) {
            failures.add(id + ": decryption mismatch");
          }
        } catch (DecryptionFailedException e) {
          if (expectValid) {
            failures.add(id + ": valid case failed to decrypt");
          }
        }
        if (!expectValid) {
          invalid++;
        }
      }
    }
    assertThat(valid).as("valid 256-bit/96-bit cases").isEqualTo(39);
    assertThat(invalid).as("invalid 256-bit/96-bit cases").isEqualTo(27);
    assertThat(failures).as("failing tcIds").isEmpty();
  }

  private static byte[] hex(JsonNode test, String field) {
    return Bytes.fromHex(test.get(field).asText()).toByteArray();
  }
}
