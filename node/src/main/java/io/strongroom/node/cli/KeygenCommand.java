package io.strongroom.node.cli;

import io.strongroom.crypto.Bytes;
import io.strongroom.crypto.HolderKeys;
import io.strongroom.crypto.HolderPrivateKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code strongroom operator keygen}: a key holder's key pair, made offline. */
@Command(
    name = "keygen",
    sortOptions = false,
    description = {
      "Make a key holder's keys, offline: NAME.key holds the private keys encrypted under a passphrase"
          + " (scrypt, AES-256-GCM; created with mode 0600), NAME.pub the public keys as one line of text.",
      "Give NAME.pub to the operator who runs init --holder-keys; keep NAME.key and its passphrase to"
          + " yourself. Existing files are never overwritten. Without --passphrase-file the passphrase is"
          + " asked for twice at a prompt without echo."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  strongroom operator keygen --out alice",
      "  strongroom operator keygen --out /media/usb/alice --passphrase-file /dev/stdin"
    })
final class KeygenCommand implements Callable<Integer> {
  static final int MIN_PASSPHRASE_LENGTH = 8;

  @Spec CommandSpec spec;
  @Mixin HelpOption help;

  @Option(names = "--out", required = true, paramLabel = "NAME", description = "Write NAME.key and NAME.pub (NAME may include a directory).")
  String out;

  @Option(names = "--passphrase-file", paramLabel = "FILE",
      description = "Read the new passphrase from the first line of FILE instead of prompting.")
  Path passphraseFile;

  @Mixin Output.FormatOption format;

  @Override
  public Integer call() {
    Path key = Path.of(out + ".key");
    Path pub = Path.of(out + ".pub");
    for (Path p : new Path[] {key, pub}) {
      if (Files.exists(p)) {
        throw CliException.invalid(p + " already exists; refusing to overwrite it (choose another --out)");
      }
    }
    char[] passphrase = passphraseFile != null ? Input.passphraseFile(passphraseFile) : promptTwice(Cli.context(spec), key);
    Bytes keyFile;
    String publicText;
    SecureRandom random = new SecureRandom();
    HolderPrivateKeys keys = HolderKeys.generate(random);
    try {
      if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
        throw CliException.invalid("the passphrase must be at least " + MIN_PASSPHRASE_LENGTH + " characters");
      }
      keyFile = HolderKeys.seal(keys, passphrase, random);
      publicText = HolderKeyFiles.encodePublic(keys.publicKeys());
    } finally {
      Arrays.fill(passphrase, '\0');
      keys.destroy();
    }
    writePrivate(key, keyFile);
    try {
      Files.writeString(pub, publicText + " " + pub.getFileName().toString().replaceFirst("\\.pub$", "") + "\n",
          StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (IOException e) {
      deleteQuietly(key);
      throw cannotWrite(pub, e);
    }
    if (format.json()) {
      Map<String, Object> o = Output.object();
      o.put("key_file", key.toString());
      o.put("public_key_file", pub.toString());
      o.put("public_key", publicText);
      Output.json(Cli.out(spec), o);
    } else {
      var w = Cli.out(spec);
      w.println("Wrote " + key + " (private keys, passphrase-protected, mode 0600): keep it offline, with a backup.");
      w.println("Wrote " + pub + " (public keys): give it to the operator who runs init --holder-keys.");
      w.println(publicText);
      w.flush();
    }
    return 0;
  }

  private static char[] promptTwice(CliContext ctx, Path key) {
    String hint = "pass --passphrase-file FILE";
    char[] first = Input.prompt(ctx, "New passphrase for " + key + ": ", hint);
    char[] second = Input.prompt(ctx, "Repeat the passphrase: ", hint);
    try {
      if (!Arrays.equals(first, second)) {
        Arrays.fill(first, '\0');
        throw CliException.invalid("the passphrases do not match; nothing was written");
      }
      return first;
    } finally {
      Arrays.fill(second, '\0');
    }
  }

  /** Creates {@code file} with mode 0600 (where the file system has POSIX modes) and writes it. */
  private static void writePrivate(Path file, Bytes content) {
    byte[] bytes = content.toByteArray();
    try {
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file); // not a POSIX file system: its own access control applies
      }
      try (OutputStream os = Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        os.write(bytes);
      } catch (IOException e) {
        deleteQuietly(file);
        throw e;
      }
    } catch (FileAlreadyExistsException e) {
      throw CliException.invalid(file + " already exists; refusing to overwrite it (choose another --out)");
    } catch (IOException e) {
      throw cannotWrite(file, e);
    }
  }

  private static CliException cannotWrite(Path file, IOException e) {
    return CliException.invalid("cannot write " + file + ": " + e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : " " + e.getMessage()));
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // best effort: the error reported is the write failure
    }
  }
}
