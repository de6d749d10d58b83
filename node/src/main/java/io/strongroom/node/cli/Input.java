package io.strongroom.node.cli;

import io.strongroom.crypto.SecretBytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads secret input the ways the CLI offers so that secrets stay out of shell history and
 * {@code ps}: a file, standard input, or a prompt without echo. Messages name the source, never
 * the content.
 */
final class Input {
  private Input() {}

  /** All of standard input as UTF-8, minus one trailing line break ({@code echo s | ...}). */
  static String stdinText(CliContext ctx, String what) {
    byte[] bytes = readAll(ctx.stdin(), what + " from standard input");
    try {
      return stripOneNewline(utf8(bytes, what + " from standard input"));
    } finally {
      SecretBytes.zero(bytes);
    }
  }

  /** One line of standard input, without its line break. */
  static String stdinLine(CliContext ctx, String what) {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    InputStream in = ctx.stdin();
    try {
      int b;
      boolean any = false;
      while ((b = in.read()) != -1) {
        any = true;
        if (b == '\n') {
          break;
        }
        line.write(b);
      }
      if (!any) {
        throw CliException.invalid("standard input is empty: expected the " + what);
      }
    } catch (IOException e) {
      throw new CliException(io.strongroom.protocol.v1.ErrorCode.INVALID_ARGUMENT,
          "cannot read the " + what + " from standard input: " + e.getClass().getSimpleName(), e);
    }
    byte[] bytes = line.toByteArray();
    try {
      String s = utf8(bytes, what + " from standard input");
      return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    } finally {
      SecretBytes.zero(bytes);
    }
  }

  /** The exact contents of {@code file} as UTF-8 text. */
  static String fileText(Path file, String what) {
    byte[] bytes = readFile(file, what);
    try {
      return utf8(bytes, what + " in " + file);
    } finally {
      SecretBytes.zero(bytes);
    }
  }

  /** The bytes of {@code file}; failures name the file and what it was meant to hold. */
  static byte[] readFile(Path file, String what) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw CliException.invalid("cannot read the " + what + ": no such file " + file);
    } catch (IOException e) {
      throw CliException.invalid("cannot read the " + what + " from " + file + ": " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()));
    }
  }

  /**
   * A passphrase from the first line of {@code file}, as characters the caller wipes.
   *
   * @throws CliException if the file cannot be read or the passphrase is empty
   */
  static char[] passphraseFile(Path file) {
    return firstLine(file, "passphrase file");
  }

  /**
   * The first line of {@code file} (a passphrase, a token), as characters the caller wipes.
   *
   * @param what names the file in messages, e.g. "token file"
   * @throws CliException if the file cannot be read, is not UTF-8, or its first line is empty
   */
  static char[] firstLine(Path file, String what) {
    byte[] bytes = readFile(file, what);
    int end = bytes.length;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        end = i;
        break;
      }
    }
    if (end > 0 && bytes[end - 1] == '\r') {
      end--;
    }
    byte[] line = Arrays.copyOf(bytes, end);
    try {
      char[] chars = utf8Chars(line, what + " " + file);
      if (chars.length == 0) {
        throw CliException.invalid("the " + what + " " + file + " is empty");
      }
      return chars;
    } finally {
      SecretBytes.zero(bytes);
      SecretBytes.zero(line);
    }
  }

  /**
   * Prompts on the console without echo.
   *
   * @param noConsoleHint what to do instead when there is no console; ends the error message
   * @throws CliException if there is no console or input ended
   */
  static char[] prompt(CliContext ctx, String prompt, String noConsoleHint) {
    CliContext.SecretPrompt console = ctx.console().get()
        .orElseThrow(() -> CliException.invalid("no console to prompt on: " + noConsoleHint));
    char[] typed = console.readSecret(prompt);
    if (typed == null) {
      throw CliException.invalid("input ended before anything was entered at the prompt");
    }
    return typed;
  }

  /**
   * A share for a ceremony step: {@code arg} itself, one line of standard input for {@code -}, or
   * (no {@code arg}) a prompt without echo. Refuses an empty text and a sealed share envelope.
   *
   * @param what names the share in prompts and messages, e.g. "unseal share"
   */
  static String share(CliContext ctx, String arg, String what) {
    String text;
    if (arg == null) {
      char[] typed = prompt(ctx, Character.toUpperCase(what.charAt(0)) + what.substring(1) + " (input hidden): ",
          "pass SHARE, or - to read it from standard input");
      text = new String(typed).strip();
      Arrays.fill(typed, '\0');
    } else if (arg.equals("-")) {
      text = stdinLine(ctx, what).strip();
    } else {
      text = arg.strip();
    }
    if (text.isEmpty()) {
      throw CliException.invalid("the " + what + " is empty");
    }
    if (text.startsWith(io.strongroom.unseal.ShareEnvelopes.PREFIX)) {
      throw CliException.invalid("this is a sealed share envelope, not a share: open it first with"
          + " strongroom operator open-share ENVELOPE --key KEYFILE");
    }
    return text;
  }

  /** {@code text} without one trailing {@code \n} or {@code \r\n}. */
  static String stripOneNewline(String text) {
    if (text.endsWith("\r\n")) {
      return text.substring(0, text.length() - 2);
    }
    return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
  }

  private static byte[] readAll(InputStream in, String what) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      throw CliException.invalid("cannot read the " + what + ": " + e.getClass().getSimpleName());
    }
  }

  private static String utf8(byte[] bytes, String what) {
    char[] chars = utf8Chars(bytes, what);
    try {
      return new String(chars);
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  private static char[] utf8Chars(byte[] bytes, String what) {
    try {
      CharBuffer cb = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      char[] out = Arrays.copyOfRange(cb.array(), cb.position(), cb.limit());
      Arrays.fill(cb.array(), '\0');
      return out;
    } catch (CharacterCodingException e) {
      throw CliException.invalid("the " + what + " is not UTF-8 text");
    }
  }
}
