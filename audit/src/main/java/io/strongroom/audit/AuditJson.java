package io.strongroom.audit;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The JSON forms of the audit log: the JSON-lines export (one entry or checkpoint object per line),
 * a single checkpoint (what {@code --trusted-checkpoint} takes), and inclusion and consistency
 * proofs. Written and read with Jackson's streaming API.
 *
 * <p><b>IMPORTANT: compatibility contract.</b> The objects, in the order written (readers accept
 * any order, but reject unknown, repeated, missing and mistyped fields):
 *
 * <pre>
 * {"type":"entry","version":1,"seq":17,"raft_index":412,"leader_time":1764331200000,
 *  "request_id":"9f0c...","node_id":"n1","op":"kv.put","outcome":"ok",
 *  "path_hmac":"hmac-sha256:&lt;64 hex&gt;","accessor_hmac":null,"prev_hash":"&lt;64 hex&gt;","hash":"&lt;64 hex&gt;"}
 * {"type":"checkpoint","version":1,"seq":100,"head_hash":"&lt;64 hex&gt;","tree_root":"&lt;64 hex&gt;",
 *  "key_id":"&lt;16 hex&gt;","signature":"&lt;base64, 88 characters&gt;"}
 * {"type":"inclusion","version":1,"seq":17,"tree_size":100,"leaf_hash":"&lt;64 hex&gt;","path":["&lt;64 hex&gt;",...],
 *  "checkpoint":{checkpoint object},"entry":{entry object, optional}}
 * {"type":"consistency","version":1,"first":{checkpoint object},"second":{checkpoint object},"path":[...]}
 * </pre>
 *
 * Integers are JSON integers (no decimal point or exponent), 0..2^63-1. Hex is lower case. An
 * absent HMAC is {@code null}, never omitted and never {@code ""}. {@code version} is the version
 * of the canonical encoding the entry hash (or the checkpoint signature) is computed over. In an
 * export a checkpoint follows the entry with its {@code seq}, before the next entry.
 *
 * <p>Thread-safety: the static methods are; a {@link Writer} or {@link Reader} has one owner.
 */
public final class AuditJson {
  private AuditJson() {}

  /** A JSON-lines writer over {@code out} (UTF-8); closing it closes {@code out}. */
  public static Writer writer(OutputStream out) throws IOException {
    Objects.requireNonNull(out, "out");
    return new Writer(ExportParser.FACTORY.createGenerator(out, JsonEncoding.UTF8));
  }

  /** A JSON-lines reader over {@code in} (UTF-8); closing it closes {@code in}. */
  public static Reader reader(InputStream in) throws IOException {
    Objects.requireNonNull(in, "in");
    return new Reader(ExportParser.of(in, true));
  }

  /** The checkpoint object, on one line, without a line break. */
  public static String toJson(Checkpoint checkpoint) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    return write(g -> writeCheckpoint(g, checkpoint));
  }

  /** The inclusion proof object, on one line. */
  public static String toJson(InclusionProof proof) {
    Objects.requireNonNull(proof, "proof");
    return write(g -> {
      g.writeStartObject();
      g.writeStringField("type", "inclusion");
      g.writeNumberField("version", ExportParser.VERSION);
      g.writeNumberField("seq", proof.seq());
      g.writeNumberField("tree_size", proof.treeSize());
      g.writeStringField("leaf_hash", proof.leafHash().hex());
      writePath(g, proof.path());
      g.writeFieldName("checkpoint");
      writeCheckpoint(g, proof.checkpoint());
      if (proof.entry() != null) {
        g.writeFieldName("entry");
        writeEntry(g, proof.entry(), proof.entry().hash());
      }
      g.writeEndObject();
    });
  }

  /** The consistency proof object, on one line. */
  public static String toJson(ConsistencyProof proof) {
    Objects.requireNonNull(proof, "proof");
    return write(g -> {
      g.writeStartObject();
      g.writeStringField("type", "consistency");
      g.writeNumberField("version", ExportParser.VERSION);
      g.writeFieldName("first");
      writeCheckpoint(g, proof.first());
      g.writeFieldName("second");
      writeCheckpoint(g, proof.second());
      writePath(g, proof.path());
      g.writeEndObject();
    });
  }

  /**
   * Reads one checkpoint object (surrounding white space allowed). Does not check the signature.
   *
   * @throws AuditFormatException if {@code json} is not exactly one well-formed checkpoint object
   */
  public static Checkpoint parseCheckpoint(String json) {
    return ExportParser.toCheckpoint(single(json, ExportParser.TYPE_CHECKPOINT));
  }

  /**
   * Reads one inclusion proof object. Checks nothing but its form.
   *
   * @throws AuditFormatException if {@code json} is not exactly one well-formed inclusion proof
   */
  public static InclusionProof parseInclusionProof(String json) {
    return ExportParser.toInclusion(single(json, ExportParser.TYPE_INCLUSION));
  }

  /**
   * Reads one consistency proof object. Checks nothing but its form.
   *
   * @throws AuditFormatException if {@code json} is not exactly one well-formed consistency proof
   */
  public static ConsistencyProof parseConsistencyProof(String json) {
    return ExportParser.toConsistency(single(json, ExportParser.TYPE_CONSISTENCY));
  }

  private static ExportParser.Fields single(String json, int type) {
    Objects.requireNonNull(json, "json");
    ExportParser.Fields f = new ExportParser.Fields();
    ExportParser.of(json).single(f);
    if (f.type != type) {
      throw new AuditFormatException(f.line, "expected an object of type '" + ExportParser.typeName(type) + "', found '"
          + f.typeName() + "'", null);
    }
    return f;
  }

  /** Writes export lines: entries and, after the entry with their seq, checkpoints. */
  public static final class Writer implements Closeable, Flushable {
    private final JsonGenerator generator;

    private Writer(JsonGenerator generator) {
      this.generator = generator;
      generator.setRootValueSeparator(null);
    }

    /** Writes {@code entry} with its hash (computed here) as one line. */
    public void writeEntry(AuditEntry entry) throws IOException {
      Objects.requireNonNull(entry, "entry");
      AuditJson.writeEntry(generator, entry, entry.hash());
      generator.writeRaw('\n');
    }

    /** Writes {@code checkpoint} as one line. */
    public void writeCheckpoint(Checkpoint checkpoint) throws IOException {
      Objects.requireNonNull(checkpoint, "checkpoint");
      AuditJson.writeCheckpoint(generator, checkpoint);
      generator.writeRaw('\n');
    }

    @Override
    public void flush() throws IOException {
      generator.flush();
    }

    @Override
    public void close() throws IOException {
      generator.close();
    }
  }

  /** Reads export lines one at a time, checking their form but not the chain. */
  public static final class Reader implements Closeable {
    private final ExportParser parser;
    private final ExportParser.Fields fields = new ExportParser.Fields();

    private Reader(ExportParser parser) {
      this.parser = parser;
    }

    /**
     * The next entry or checkpoint line, or null at the end of the input.
     *
     * @throws AuditFormatException if the next object is not a well-formed entry or checkpoint
     */
    public ExportItem next() throws IOException {
      if (!parser.next(fields)) {
        return null;
      }
      switch (fields.type) {
        case ExportParser.TYPE_ENTRY:
          return new ExportItem.EntryLine(ExportParser.toEntry(fields), Hash.of(fields.hash), fields.line);
        case ExportParser.TYPE_CHECKPOINT:
          return new ExportItem.CheckpointLine(ExportParser.toCheckpoint(fields), fields.line);
        default:
          throw new AuditFormatException(fields.line, "an export holds entries and checkpoints, not "
              + fields.typeName() + " objects", null);
      }
    }

    @Override
    public void close() throws IOException {
      parser.close();
    }
  }

  // ---- writing ----

  @FunctionalInterface
  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static String write(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = ExportParser.FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  static void writeEntry(JsonGenerator g, AuditEntry e, Hash hash) throws IOException {
    AuditRecord r = e.record();
    g.writeStartObject();
    g.writeStringField("type", "entry");
    g.writeNumberField("version", EntryCodec.VERSION);
    g.writeNumberField("seq", e.seq());
    g.writeNumberField("raft_index", e.raftIndex());
    g.writeNumberField("leader_time", e.leaderTimeMillis());
    g.writeStringField("request_id", r.requestId());
    g.writeStringField("node_id", r.nodeId());
    g.writeStringField("op", r.operation());
    g.writeStringField("outcome", r.outcome());
    g.writeStringField("path_hmac", r.pathHmac());
    g.writeStringField("accessor_hmac", r.accessorHmac());
    g.writeStringField("prev_hash", e.prevHash().hex());
    g.writeStringField("hash", hash.hex());
    g.writeEndObject();
  }

  static void writeCheckpoint(JsonGenerator g, Checkpoint c) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", "checkpoint");
    g.writeNumberField("version", Checkpoint.VERSION);
    g.writeNumberField("seq", c.seq());
    g.writeStringField("head_hash", c.headHash().hex());
    g.writeStringField("tree_root", c.treeRoot().hex());
    g.writeStringField("key_id", c.keyId());
    g.writeStringField("signature", c.signature().base64());
    g.writeEndObject();
  }

  private static void writePath(JsonGenerator g, List<Hash> path) throws IOException {
    g.writeArrayFieldStart("path");
    for (Hash h : path) {
      g.writeString(h.hex());
    }
    g.writeEndArray();
  }
}
