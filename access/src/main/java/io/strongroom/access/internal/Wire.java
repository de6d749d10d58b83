package io.strongroom.access.internal;

import io.strongroom.access.MalformedRecordException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Internal: the building blocks of this module's binary records. Big-endian integers, byte strings
 * and UTF-8 strings with a 2-byte (or, for nested records, 4-byte) length prefix. Readers are
 * strict (exact lengths, valid UTF-8, booleans 0 or 1, no trailing bytes), so every byte string has
 * at most one reading. Not part of the public API.
 */
public final class Wire {
  private Wire() {}

  /** Appends fields; {@link #toByteArray()} gives the result. Not thread-safe. */
  public static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public Writer u8(int v) {
      if (v < 0 || v > 0xff) {
        throw new IllegalArgumentException("u8 out of range: " + v);
      }
      out.write(v);
      return this;
    }

    public Writer bool(boolean v) {
      return u8(v ? 1 : 0);
    }

    public Writer u16(int v) {
      if (v < 0 || v > 0xffff) {
        throw new IllegalArgumentException("u16 out of range: " + v);
      }
      out.write(v >>> 8);
      out.write(v);
      return this;
    }

    public Writer i32(int v) {
      for (int shift = 24; shift >= 0; shift -= 8) {
        out.write(v >>> shift);
      }
      return this;
    }

    public Writer i64(long v) {
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) (v >>> shift));
      }
      return this;
    }

    public Writer raw(byte[] b) {
      out.write(b, 0, b.length);
      return this;
    }

    /** A byte string with a 2-byte length prefix. */
    public Writer bytes(byte[] b) {
      return u16(b.length).raw(b);
    }

    /** A byte string with a 4-byte length prefix, for nested records. */
    public Writer longBytes(byte[] b) {
      return i32(b.length).raw(b);
    }

    /** A UTF-8 string with a 2-byte length prefix. */
    public Writer utf8(String s) {
      return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] toByteArray() {
      return out.toByteArray();
    }
  }

  /** Reads fields in order; every failure is a {@link MalformedRecordException} naming the format. */
  public static final class Reader {
    private final byte[] in;
    private final String what;
    private int pos;

    /** @param what names the format in messages, e.g. "token record"; {@code in} is not copied */
    public Reader(byte[] in, String what) {
      this.in = in;
      this.what = what;
    }

    private void need(int n) {
      if (n < 0 || in.length - pos < n) {
        throw new MalformedRecordException(what + " is truncated: " + in.length + " bytes");
      }
    }

    public int u8() {
      need(1);
      return in[pos++] & 0xff;
    }

    public boolean bool(String field) {
      int v = u8();
      if (v > 1) {
        throw new MalformedRecordException(what + ": " + field + " must be 0 or 1, was " + v);
      }
      return v == 1;
    }

    public int u16() {
      need(2);
      int v = ((in[pos] & 0xff) << 8) | (in[pos + 1] & 0xff);
      pos += 2;
      return v;
    }

    public int i32() {
      need(4);
      int v = 0;
      for (int i = 0; i < 4; i++) {
        v = (v << 8) | (in[pos++] & 0xff);
      }
      return v;
    }

    public long i64() {
      need(8);
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (in[pos++] & 0xff);
      }
      return v;
    }

    public byte[] raw(int n) {
      need(n);
      byte[] b = Arrays.copyOfRange(in, pos, pos + n);
      pos += n;
      return b;
    }

    public byte[] bytes() {
      return raw(u16());
    }

    public byte[] longBytes() {
      return raw(i32());
    }

    public String utf8(String field) {
      byte[] b = bytes();
      try {
        return StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(b))
            .toString();
      } catch (CharacterCodingException e) {
        throw new MalformedRecordException(what + ": " + field + " is not valid UTF-8");
      }
    }

    public void expectMagic(byte[] magic) {
      need(magic.length);
      if (!Arrays.equals(in, pos, pos + magic.length, magic, 0, magic.length)) {
        throw new MalformedRecordException("not a " + what + ": wrong magic bytes");
      }
      pos += magic.length;
    }

    public void expectVersion(int supported) {
      int v = u8();
      if (v != supported) {
        throw new MalformedRecordException(
            "unsupported " + what + " version " + v + ", this build reads " + supported);
      }
    }

    public void end() {
      if (pos != in.length) {
        throw new MalformedRecordException(what + " has " + (in.length - pos) + " trailing bytes");
      }
    }

    /** A failure of this format with {@code detail}. */
    public MalformedRecordException malformed(String detail) {
      return new MalformedRecordException(what + ": " + detail);
    }
  }
}
