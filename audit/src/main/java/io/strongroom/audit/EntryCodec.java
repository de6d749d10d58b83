package io.strongroom.audit;

import java.util.Arrays;

/**
 * Writes and reads the canonical entry encoding (version 1, laid out in {@code package-info}).
 * One instance owns one reusable buffer whose byte 0 is the RFC 6962 leaf prefix {@code 0x00}, so
 * the entry hash is a single SHA-256 over {@code buffer[0, 1 + length)}. Not thread-safe.
 */
final class EntryCodec {
  static final int VERSION = 1;
  static final int HMAC_ABSENT = 0;
  static final int HMAC_SHA256 = 1;
  static final int MAX_LENGTH = 1 + 3 * 8
      + 4 * 2 + FieldRules.MAX_REQUEST_ID + FieldRules.MAX_NODE_ID + FieldRules.MAX_OPERATION + FieldRules.MAX_OUTCOME
      + 2 * (1 + Hash.LENGTH) + Hash.LENGTH;

  private final byte[] buf = new byte[1 + MAX_LENGTH];
  private int pos;

  EntryCodec() {
    buf[0] = Sha256.LEAF_PREFIX;
  }

  /** The buffer: byte 0 is the leaf prefix, the encoding follows. Valid until the next encode. */
  byte[] buffer() {
    return buf;
  }

  /** Encodes {@code entry}; returns the encoding's length (it sits at {@code buffer()[1..]}). */
  int encode(AuditEntry entry) {
    AuditRecord r = entry.record();
    start(entry.seq(), entry.raftIndex(), entry.leaderTimeMillis(), r.requestId(), r.nodeId(), r.operation(),
        r.outcome());
    hmacText(r.pathHmac());
    hmacText(r.accessorHmac());
    return finish(entry.prevHash().bytes());
  }

  /**
   * Encodes already-validated fields; {@code pathHmac} and {@code accessorHmac} are 32 bytes or
   * null. Returns the encoding's length.
   */
  int encode(long seq, long raftIndex, long leaderTime, CharSequence requestId, CharSequence nodeId,
      CharSequence operation, CharSequence outcome, byte[] pathHmac, byte[] accessorHmac, byte[] prevHash) {
    start(seq, raftIndex, leaderTime, requestId, nodeId, operation, outcome);
    hmacBytes(pathHmac);
    hmacBytes(accessorHmac);
    return finish(prevHash);
  }

  private void start(long seq, long raftIndex, long leaderTime, CharSequence requestId, CharSequence nodeId,
      CharSequence operation, CharSequence outcome) {
    pos = 1;
    buf[pos++] = VERSION;
    i64(seq);
    i64(raftIndex);
    i64(leaderTime);
    ascii(requestId);
    ascii(nodeId);
    ascii(operation);
    ascii(outcome);
  }

  private int finish(byte[] prevHash) {
    System.arraycopy(prevHash, 0, buf, pos, Hash.LENGTH);
    pos += Hash.LENGTH;
    return pos - 1;
  }

  private void i64(long v) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      buf[pos++] = (byte) (v >>> shift);
    }
  }

  /** Fields are validated ASCII, so UTF-8 is one byte per character. */
  private void ascii(CharSequence s) {
    int n = s.length();
    buf[pos++] = (byte) (n >>> 8);
    buf[pos++] = (byte) n;
    if (s instanceof CharField) {
      char[] a = ((CharField) s).array();
      for (int i = 0; i < n; i++) {
        buf[pos + i] = (byte) a[i];
      }
    } else {
      for (int i = 0; i < n; i++) {
        buf[pos + i] = (byte) s.charAt(i);
      }
    }
    pos += n;
  }

  private void hmacText(String text) {
    if (text == null) {
      buf[pos++] = HMAC_ABSENT;
      return;
    }
    buf[pos++] = HMAC_SHA256;
    Hex.decode(text, FieldRules.HMAC_PREFIX.length(), buf, pos, Hash.LENGTH);
    pos += Hash.LENGTH;
  }

  private void hmacBytes(byte[] hmac) {
    if (hmac == null) {
      buf[pos++] = HMAC_ABSENT;
      return;
    }
    buf[pos++] = HMAC_SHA256;
    System.arraycopy(hmac, 0, buf, pos, Hash.LENGTH);
    pos += Hash.LENGTH;
  }

  /**
   * Reads one canonical encoding, strictly: known version, exact lengths, fields in their allowed
   * form, no trailing bytes. So every entry has exactly one encoding and every encoding at most one
   * entry.
   */
  static AuditEntry decode(byte[] in) {
    Reader r = new Reader(in);
    int version = r.u8();
    if (version != VERSION) {
      throw new AuditFormatException("unsupported audit entry version " + version + ", this build reads " + VERSION);
    }
    long seq = r.i64();
    long raftIndex = r.i64();
    long leaderTime = r.i64();
    String requestId = r.ascii("request_id", FieldRules.MAX_REQUEST_ID);
    String nodeId = r.ascii("node_id", FieldRules.MAX_NODE_ID);
    String operation = r.ascii("op", FieldRules.MAX_OPERATION);
    String outcome = r.ascii("outcome", FieldRules.MAX_OUTCOME);
    String pathHmac = r.hmac("path_hmac");
    String accessorHmac = r.hmac("accessor_hmac");
    Hash prevHash = Hash.wrap(r.raw(Hash.LENGTH));
    r.end();
    try {
      return new AuditEntry(seq, raftIndex, leaderTime,
          new AuditRecord(requestId, nodeId, operation, outcome, pathHmac, accessorHmac), prevHash);
    } catch (InvalidFieldException e) {
      throw new AuditFormatException(0, "audit entry encoding: " + e.getMessage(), e);
    }
  }

  private static final class Reader {
    private final byte[] in;
    private int pos;

    Reader(byte[] in) {
      this.in = in;
    }

    private void need(int n) {
      if (in.length - pos < n) {
        throw new AuditFormatException("audit entry encoding is truncated: " + in.length + " bytes");
      }
    }

    int u8() {
      need(1);
      return in[pos++] & 0xff;
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
      byte[] b = Arrays.copyOfRange(in, pos, pos + n);
      pos += n;
      return b;
    }

    String ascii(String field, int max) {
      need(2);
      int n = ((in[pos] & 0xff) << 8) | (in[pos + 1] & 0xff);
      pos += 2;
      if (n > max) {
        throw new AuditFormatException("audit entry encoding: " + field + " is " + n + " bytes, at most " + max);
      }
      need(n);
      char[] chars = new char[n];
      for (int i = 0; i < n; i++) {
        int b = in[pos + i];
        if (b < 0) {
          throw new AuditFormatException("audit entry encoding: " + field + " is not ASCII");
        }
        chars[i] = (char) b;
      }
      pos += n;
      return new String(chars);
    }

    String hmac(String field) {
      int tag = u8();
      if (tag == HMAC_ABSENT) {
        return null;
      }
      if (tag != HMAC_SHA256) {
        throw new AuditFormatException("audit entry encoding: " + field + " has unknown kind " + tag);
      }
      return FieldRules.HMAC_PREFIX + Hex.encode(raw(Hash.LENGTH));
    }

    void end() {
      if (pos != in.length) {
        throw new AuditFormatException("audit entry encoding has " + (in.length - pos) + " trailing bytes");
      }
    }
  }
}
