package io.strongroom.audit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Deterministic logs, exports and line surgery for the tests. */
final class TestLogs {
  static final HexFormat HEX = HexFormat.of();
  /** RFC 8032 section 7.1 TEST 1 secret key. */
  static final byte[] SEED = HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  static final CheckpointSigner SIGNER = CheckpointSigner.fromSeed(SEED);
  static final AuditPublicKey KEY = SIGNER.publicKey();
  static final CheckpointSigner OTHER_SIGNER = CheckpointSigner.fromSeed(
      HEX.parseHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"));
  static final AuditHmac HMAC = AuditHmac.withKey(new byte[32]);
  private static final String[] OPS = {"kv.put", "kv.get", "kv.delete", "sys.unseal", "sys.seal", "kv.list"};
  private static final String[] OUTCOMES = {"ok", "ok", "ok", "PERMISSION_DENIED", "NOT_FOUND"};

  private TestLogs() {}

  /** A varied, deterministic record: every field shape (with and without HMACs) shows up. */
  static AuditRecord record(long i) {
    String op = OPS[(int) (i % OPS.length)];
    boolean ceremony = op.startsWith("sys.");
    return new AuditRecord(
        String.format("%032x", i * 0x9E3779B97F4A7C15L & Long.MAX_VALUE),
        "n" + (1 + i % 3),
        op,
        OUTCOMES[(int) (i % OUTCOMES.length)],
        ceremony ? null : HMAC.hmac("app/path/" + (i % 97)),
        ceremony && i % 2 == 0 ? null : HMAC.hmac("token-" + (i % 13)));
  }

  /** Raft index of entry {@code seq}: several entries share one Raft entry. */
  static long raftIndex(long seq) {
    return 10 + seq / 3;
  }

  static long leaderTime(long seq) {
    return 1_764_331_200_000L + seq * 7;
  }

  /** A log: its entries, the checkpoints every {@code checkpointEvery} entries, and the export lines. */
  record Log(List<AuditEntry> entries, List<Checkpoint> checkpoints, List<String> lines, AuditChain chain) {
    List<Hash> hashes() {
      List<Hash> out = new ArrayList<>();
      for (AuditEntry e : entries) {
        out.add(e.hash());
      }
      return out;
    }

    Checkpoint checkpointAt(long seq) {
      return checkpoints.stream().filter(c -> c.seq() == seq).findFirst().orElseThrow();
    }

    /** Index in {@link #lines()} of the line of entry {@code seq}. */
    int lineOfEntry(long seq) {
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).startsWith("{\"type\":\"entry\"") && field(lines.get(i), "seq").equals(String.valueOf(seq))) {
          return i;
        }
      }
      throw new IllegalArgumentException("no entry " + seq);
    }

    int lineOfCheckpoint(long seq) {
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).startsWith("{\"type\":\"checkpoint\"")
            && field(lines.get(i), "seq").equals(String.valueOf(seq))) {
          return i;
        }
      }
      throw new IllegalArgumentException("no checkpoint " + seq);
    }
  }

  static Log log(int entries, int checkpointEvery) {
    return log(entries, checkpointEvery, TestLogs::record, SIGNER);
  }

  static Log log(int entries, int checkpointEvery, IntFunction<AuditRecord> records, CheckpointSigner signer) {
    AuditChain chain = AuditChain.empty();
    List<AuditEntry> all = new ArrayList<>();
    List<Checkpoint> checkpoints = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= entries; i++) {
      AuditEntry e = chain.append(records.apply(i), raftIndex(i), leaderTime(i));
      all.add(e);
      lines.add(entryLine(e));
      if (checkpointEvery > 0 && i % checkpointEvery == 0) {
        Checkpoint c = signer.sign(chain);
        checkpoints.add(c);
        lines.add(AuditJson.toJson(c));
      }
    }
    return new Log(List.copyOf(all), List.copyOf(checkpoints), List.copyOf(lines), chain);
  }

  static String entryLine(AuditEntry e) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (AuditJson.Writer w = AuditJson.writer(out)) {
      w.writeEntry(e);
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
    String s = out.toString(StandardCharsets.UTF_8);
    return s.substring(0, s.length() - 1);
  }

  static byte[] export(List<String> lines) {
    StringBuilder sb = new StringBuilder();
    for (String line : lines) {
      sb.append(line).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  static VerificationResult verify(AuditVerifier verifier, List<String> lines) {
    try {
      return verifier.verify(new ByteArrayInputStream(export(lines)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static VerificationResult verify(List<String> lines) {
    return verify(AuditVerifier.forKeys(KEY), lines);
  }

  private static Pattern fieldPattern(String field) {
    return Pattern.compile("\"" + Pattern.quote(field) + "\":(\"[^\"]*\"|-?[0-9]+|null)");
  }

  /** The raw JSON value text of {@code field} in a one-line object, quotes stripped. */
  static String field(String line, String field) {
    Matcher m = fieldPattern(field).matcher(line);
    if (!m.find()) {
      throw new IllegalArgumentException("no field " + field + " in " + line);
    }
    String v = m.group(1);
    return v.startsWith("\"") ? v.substring(1, v.length() - 1) : v;
  }

  /** {@code line} with the value of {@code field} replaced by the raw JSON {@code json}. */
  static String withField(String line, String field, String json) {
    Matcher m = fieldPattern(field).matcher(line);
    if (!m.find()) {
      throw new IllegalArgumentException("no field " + field + " in " + line);
    }
    return line.substring(0, m.start(1)) + json + line.substring(m.end(1));
  }

  static List<String> replaced(List<String> lines, int index, String line) {
    List<String> out = new ArrayList<>(lines);
    out.set(index, line);
    return out;
  }

  static String quoted(String s) {
    return "\"" + s + "\"";
  }

  /** {@code hex} with its first character changed. */
  static String flipHex(String hex) {
    return (hex.charAt(0) == '0' ? '1' : '0') + hex.substring(1);
  }
}
