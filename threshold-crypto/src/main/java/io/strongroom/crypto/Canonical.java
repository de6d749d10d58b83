package io.strongroom.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/**
 * The building blocks of this module's binary formats: big-endian integers, byte strings and UTF-8
 * strings with a 2-byte length prefix. Readers are strict (exact lengths, valid UTF-8, no trailing
 * bytes), so every byte string has at most one reading.
 */
final class Canonical {
  private Canonical() {}

  static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Writer u8(int v) {
      out.write(v);
      return this;
    }

    Writer u16(int v) {
      out.write(v >>> 8);
      out.write(v);
      return this;
    }

    Writer i64(long v) {
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) (v >>> shift));
      }
      return this;
    }

    Writer raw(byte[] b) {
      out.write(b, 0, b.length);
      return this;
    }

    /** A byte string with a 2-byte length prefix. */
    Writer bytes(byte[] b) {
      if (b.length > 0xffff) {
        throw new IllegalArgumentException("field longer than 65535 bytes: " + b.length);
      }
      return u16(b.length).raw(b);
    }

    /** A UTF-8 string with a 2-byte length prefix. */
    Writer utf8(String s) {
      return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    byte[] toByteArray() {
      return out.toByteArray();
    }
  }

  static final class Reader {
    private final byte[] in;
    private final String what;
    private int pos;

    /** {@code what} names the format in error messages, e.g. "approval message". */
    Reader(byte[] in, String what) {
      this.in = in;
      this.what = what;
    }

    private void need(int n) {
      if (in.length - pos < n) {
        throw new MalformedDataException(what + " is truncated: " + in.length + " bytes");
      }
    }

    int u8() {
      need(1);
      return in[pos++] & 0xff;
    }

    int u16() {
      need(2);
      int v = ((in[pos] & 0xff) << 8) | (in[pos + 1] & 0xff);
      pos += 2;
      return v;
    }

    long i64() {
      need(8);
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (in[pos++] & 0xff);
      }
      return v;
    }

    byte[] raw(int n) {
      need(n);
      byte[] b = java.util.Arrays.copyOfRange(in, pos, pos + n);
      pos += n;
      return b;
    }

    byte[] bytes() {
      return raw(u16());
    }

    String utf8(String field) {
      byte[] b = bytes();
      try {
        return StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(b))
            .toString();
      } catch (CharacterCodingException e) {
        throw new MalformedDataException(what + ": " + field + " is not valid UTF-8");
      }
    }

    void expectMagic(byte[] magic, String expectedName) {
      need(magic.length);
      for (int i = 0; i < magic.length; i++) {
        if (in[pos + i] != magic[i]) {
          throw new MalformedDataException("not a " + expectedName + ": wrong magic bytes");
        }
      }
      pos += magic.length;
    }

    void expectVersion(int supported) {
      int v = u8();
      if (v != supported) {
        throw new MalformedDataException("unsupported " + what + " version " + v + ", this build reads " + supported);
      }
    }

    void end() {
      if (pos != in.length) {
        throw new MalformedDataException(what + " has " + (in.length - pos) + " trailing bytes");
      }
    }
  }
}
