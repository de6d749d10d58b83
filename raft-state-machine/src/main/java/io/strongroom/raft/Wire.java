package io.strongroom.raft;

import io.strongroom.crypto.Bytes;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Big-endian, length-prefixed primitives shared by the log and result codecs; strict on read. */
final class Wire {
  private Wire() {}

  static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

    Writer u8(int v) {
      out.write(v);
      return this;
    }

    Writer u32(long v) {
      for (int s = 24; s >= 0; s -= 8) {
        out.write((int) (v >>> s));
      }
      return this;
    }

    Writer i64(long v) {
      for (int s = 56; s >= 0; s -= 8) {
        out.write((int) (v >>> s));
      }
      return this;
    }

    Writer bytes(byte[] b) {
      u32(b.length);
      out.write(b, 0, b.length);
      return this;
    }

    Writer bytes(Bytes b) {
      return bytes(b.toByteArray());
    }

    Writer raw(Bytes b) {
      byte[] a = b.toByteArray();
      out.write(a, 0, a.length);
      return this;
    }

    Writer str(String s) {
      return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    byte[] toByteArray() {
      return out.toByteArray();
    }
  }

  static final class Reader {
    private final ByteBuffer in;
    private final String what;

    Reader(byte[] bytes, String what) {
      this.in = ByteBuffer.wrap(bytes);
      this.what = what;
    }

    private void need(long n, String field) {
      if (n < 0 || n > in.remaining()) {
        throw new MalformedEntryException(what + " truncated at byte " + in.position() + " reading " + field);
      }
    }

    int u8(String field) {
      need(1, field);
      return in.get() & 0xff;
    }

    long u32(String field) {
      need(4, field);
      return in.getInt() & 0xffffffffL;
    }

    long i64(String field) {
      need(8, field);
      return in.getLong();
    }

    Bytes bytes(String field) {
      long n = u32(field);
      return raw((int) Math.min(n, Integer.MAX_VALUE), field);
    }

    Bytes raw(int n, String field) {
      need(n, field);
      byte[] b = new byte[n];
      in.get(b);
      return Bytes.of(b);
    }

    String str(String field) {
      long n = u32(field);
      need(n, field);
      ByteBuffer slice = in.slice();
      slice.limit((int) n);
      in.position(in.position() + (int) n);
      try {
        return StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(slice)
            .toString();
      } catch (CharacterCodingException e) {
        throw new MalformedEntryException(what + ": " + field + " is not valid UTF-8");
      }
    }

    boolean bool(String field) {
      int b = u8(field);
      if (b > 1) {
        throw new MalformedEntryException(what + ": " + field + " must be 0 or 1, was " + b);
      }
      return b == 1;
    }

    void end() {
      if (in.hasRemaining()) {
        throw new MalformedEntryException(what + " has " + in.remaining() + " trailing bytes");
      }
    }
  }
}
