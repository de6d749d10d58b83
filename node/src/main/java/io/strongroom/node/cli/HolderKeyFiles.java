package io.strongroom.node.cli;

import io.strongroom.crypto.Bytes;
import io.strongroom.crypto.DecryptionFailedException;
import io.strongroom.crypto.HolderKeys;
import io.strongroom.crypto.HolderPrivateKeys;
import io.strongroom.crypto.HolderPublicKeys;
import io.strongroom.crypto.MalformedDataException;
import io.strongroom.crypto.SecretBytes;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * The files of a key holder: {@code NAME.key}, the passphrase-protected private keys in the
 * {@link HolderKeys} key file format, and {@code NAME.pub}, the public keys as one line of text.
 *
 * <p><b>IMPORTANT: compatibility contract.</b> A public key text is {@code "srpk1-"} followed by
 * base64url without padding (86 characters) of 64 bytes: the X25519 encryption public key (32)
 * then the Ed25519 signing public key (32). A {@code .pub} file holds that text on its first
 * non-blank line, optionally followed by whitespace and a comment (keygen writes the key's name);
 * lines starting with {@code #} are ignored. The same 64 bytes are what {@code operator init
 * --holder-keys} sends as each {@code holder_public_keys} entry.
 */
final class HolderKeyFiles {
  /** The prefix of every public key text this build writes and reads. */
  static final String PUBLIC_PREFIX = "srpk1-";
  static final int PUBLIC_BYTES = 64;
  private static final int HALF = 32;

  private HolderKeyFiles() {}

  /** The public key text of {@code keys}: {@code srpk1-} + base64url(X25519 | Ed25519). */
  static String encodePublic(HolderPublicKeys keys) {
    return PUBLIC_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(wire(keys));
  }

  /** The 64 bytes X25519 public key | Ed25519 public key. */
  static byte[] wire(HolderPublicKeys keys) {
    byte[] out = new byte[PUBLIC_BYTES];
    System.arraycopy(keys.encryptionKey().toByteArray(), 0, out, 0, HALF);
    System.arraycopy(keys.signingKey().toByteArray(), 0, out, HALF, HALF);
    return out;
  }

  /**
   * Parses a {@code .pub} file's text.
   *
   * @param source names the text in error messages, e.g. the file name
   * @throws CliException naming {@code source} and what is wrong
   */
  static HolderPublicKeys decodePublic(String text, String source) {
    Objects.requireNonNull(text, "text");
    String line = null;
    for (String l : text.split("\\R")) {
      String t = l.strip();
      if (!t.isEmpty() && !t.startsWith("#")) {
        line = t;
        break;
      }
    }
    if (line == null) {
      throw CliException.invalid(source + ": no public key in it (expected a line starting with '" + PUBLIC_PREFIX + "')");
    }
    String token = line.split("\\s+", 2)[0];
    if (!token.startsWith(PUBLIC_PREFIX)) {
      throw CliException.invalid(source + ": not a Strongroom public key (expected a line starting with '" + PUBLIC_PREFIX
          + "'; a .key file is the private half: give the .pub file)");
    }
    byte[] b;
    try {
      b = Base64.getUrlDecoder().decode(token.substring(PUBLIC_PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw CliException.invalid(source + ": public key is not base64url after '" + PUBLIC_PREFIX + "'");
    }
    if (b.length != PUBLIC_BYTES) {
      throw CliException.invalid(source + ": public key is " + b.length + " bytes, expected " + PUBLIC_BYTES);
    }
    return new HolderPublicKeys(Bytes.of(b, 0, HALF), Bytes.of(b, HALF, HALF));
  }

  /** Reads and parses a {@code .pub} file. */
  static HolderPublicKeys readPublic(Path file) {
    return decodePublic(Input.fileText(file, "public key file"), file.toString());
  }

  /**
   * Opens a key file, with the passphrase from {@code passphraseFile} or, without one, from a
   * prompt. The caller destroys the returned keys.
   */
  static HolderPrivateKeys open(CliContext ctx, Path keyFile, Path passphraseFile) {
    byte[] file = Input.readFile(keyFile, "key file");
    char[] passphrase = passphraseFile != null
        ? Input.passphraseFile(passphraseFile)
        : Input.prompt(ctx, "Passphrase for " + keyFile + ": ", "pass --passphrase-file FILE");
    try {
      return HolderKeys.open(Bytes.of(file), passphrase);
    } catch (MalformedDataException e) {
      throw CliException.invalid(keyFile + " is not a Strongroom key file: " + e.getMessage());
    } catch (DecryptionFailedException e) {
      throw CliException.invalid("cannot open " + keyFile + ": wrong passphrase or corrupted key file");
    } finally {
      Arrays.fill(passphrase, '\0');
      SecretBytes.zero(file);
    }
  }
}
