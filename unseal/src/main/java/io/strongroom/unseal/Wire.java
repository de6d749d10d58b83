package io.strongroom.unseal;

import io.strongroom.crypto.Bytes;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;

/** Big-endian, length-prefixed binary helpers for the formats of this package. */
final class Wire {
  private Wire() {}

  static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Writer u8(int v) {
      if (v < 0 || v > 0xFF) {
        throw new IllegalArgumentException("u8 out of range: " + v);
      }
      out.write(v);
      return this;
    }

    Writer u16(int v) {
      if (v < 0 || v > 0xFFFF) {
        throw new IllegalArgumentException("u16 out of range: " + v);
      }
      out.write(v >>> 8);
      out.write(v);
      return this;
    }

    Writer u32(long v) {
      if (v < 0 || v > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException("u32 out of range: " + v);
      }
      out.write((int) (v >>> 24));
      out.write((int) (v >>> 16));
      out.write((int) (v >>> 8));
      out.write((int) v);
      return this;
    }

    Writer raw(byte[] b) {
      out.write(b, 0, b.length);
      return this;
    }

    Writer raw(Bytes b) {
      return raw(b.toByteArray());
    }

    /** u32 length, then the bytes. */
    Writer blob(Bytes b) {
      u32(b.length());
      return raw(b);
    }

    byte[] toByteArray() {
      return out.toByteArray();
    }
  }

  static final class Reader {
    private final ByteBuffer buf;
    private final String what;

    Reader(byte[] bytes, String what) {
      this.buf = ByteBuffer.wrap(bytes);
      this.what = what;
    }

    int u8() {
      try {
        return buf.get() & 0xFF;
      } catch (BufferUnderflowException e) {
        throw truncated();
      }
    }

    int u16() {
      try {
        return buf.getShort() & 0xFFFF;
      } catch (BufferUnderflowException e) {
        throw truncated();
      }
    }

    long u32() {
      try {
        return buf.getInt() & 0xFFFF_FFFFL;
      } catch (BufferUnderflowException e) {
        throw truncated();
      }
    }

    byte[] raw(long n) {
      if (n < 0 || n > buf.remaining()) {
        throw truncated();
      }
      byte[] b = new byte[(int) n];
      buf.get(b);
      return b;
    }

    Bytes rawBytes(long n) {
      return Bytes.of(raw(n));
    }

    Bytes blob() {
      return rawBytes(u32());
    }

    void expect(byte[] magic) {
      byte[] actual = raw(magic.length);
      if (!java.util.Arrays.equals(actual, magic)) {
        throw malformed("bad magic");
      }
    }

    void end() {
      if (buf.hasRemaining()) {
        throw malformed(buf.remaining() + " trailing bytes");
      }
    }

    IllegalArgumentException malformed(String detail) {
      return new IllegalArgumentException(what + " is malformed: " + detail);
    }

    private IllegalArgumentException truncated() {
      return malformed("truncated");
    }
  }
}
