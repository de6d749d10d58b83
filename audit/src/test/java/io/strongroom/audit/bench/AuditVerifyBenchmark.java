package io.strongroom.audit.bench;

import io.strongroom.audit.AuditChain;
import io.strongroom.audit.AuditHmac;
import io.strongroom.audit.AuditJson;
import io.strongroom.audit.AuditRecord;
import io.strongroom.audit.AuditVerifier;
import io.strongroom.audit.CheckpointSigner;
import io.strongroom.audit.VerificationResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Single-thread throughput of {@code audit verify}: one operation is one entry, so the score is
 * entries verified per second (target: >= 500,000). Each invocation verifies an in-memory JSON-lines
 * export of {@value #ENTRIES} realistic entries (32-hex request ids, both HMACs on most entries) with
 * a signed checkpoint every {@code checkpointEvery} entries (0: none), from entry 1, so every hash,
 * link, tree root and signature is checked. The fixed cost per checkpoint is one Ed25519
 * verification (BouncyCastle's RFC 8032 code, well under 0.1 ms; the JDK 17 provider took about
 * 1 ms here), so the checkpoint interval moves the score only a little. {@code append} is the
 * replica's side: one {@link AuditChain#append} (encode, entry hash, frontier update), in
 * operations per second. Run with the {@code jmh} profile (see audit/pom.xml).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AuditVerifyBenchmark {
  static final int ENTRIES = 200_000;
  private static final String[] OPS = {"kv.put", "kv.get", "kv.get", "kv.list", "kv.delete", "sys.unseal"};

  @State(Scope.Benchmark)
  public static class Export {
    @Param({"1000", "10000", "0"})
    int checkpointEvery;

    byte[] json;
    AuditVerifier verifier;

    @Setup
    public void build() throws IOException {
      CheckpointSigner signer = CheckpointSigner.fromSeed(new byte[32]);
      AuditHmac hmac = AuditHmac.withKey(new byte[32]);
      AuditChain chain = AuditChain.empty();
      ByteArrayOutputStream out = new ByteArrayOutputStream(ENTRIES * 600);
      try (AuditJson.Writer writer = AuditJson.writer(out)) {
        for (int i = 1; i <= ENTRIES; i++) {
          String op = OPS[i % OPS.length];
          boolean ceremony = op.startsWith("sys.");
          AuditRecord record = new AuditRecord(String.format("%016x%016x", i * 0x9E3779B97F4A7C15L, i),
              "n" + (1 + i % 3), op, i % 50 == 0 ? "PERMISSION_DENIED" : AuditRecord.OK,
              ceremony ? null : hmac.hmac("app/service-" + (i % 1000) + "/db"),
              ceremony ? null : hmac.hmac("token-" + (i % 200)));
          writer.writeEntry(chain.append(record, 1_000 + i / 4, 1_764_331_200_000L + i));
          if (checkpointEvery > 0 && i % checkpointEvery == 0) {
            writer.writeCheckpoint(signer.sign(chain));
          }
        }
      }
      json = out.toByteArray();
      verifier = AuditVerifier.forKeys(signer.publicKey());
      VerificationResult result = verifier.verify(new ByteArrayInputStream(json));
      if (!(result instanceof VerificationResult.Valid)) {
        throw new IllegalStateException("benchmark export does not verify: " + result);
      }
      System.out.printf("%nexport: %d entries, %d bytes (%d bytes/entry)%n", ENTRIES, json.length,
          json.length / ENTRIES);
    }
  }

  @State(Scope.Thread)
  public static class Chain {
    AuditChain chain;
    AuditRecord record;
    long raftIndex;

    @Setup
    public void start() {
      chain = AuditChain.empty();
      AuditHmac hmac = AuditHmac.withKey(new byte[32]);
      record = new AuditRecord("0123456789abcdef0123456789abcdef", "n1", "kv.put", AuditRecord.OK,
          hmac.hmac("app/db"), hmac.hmac("token"));
    }
  }

  @Benchmark
  public long append(Chain c) {
    return c.chain.append(c.record, c.raftIndex++, 1_764_331_200_000L).seq();
  }

  @Benchmark
  @OperationsPerInvocation(ENTRIES)
  public VerificationResult verify(Export export) throws IOException {
    return export.verifier.verify(new ByteArrayInputStream(export.json));
  }
}
