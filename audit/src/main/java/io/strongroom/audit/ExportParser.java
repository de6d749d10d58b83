package io.strongroom.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads this module's JSON objects with Jackson's streaming parser into a reusable {@link Fields}
 * scratch: no databind, no String per value on the entry path, field names matched against
 * Jackson's canonical (interned) names. Strict: unknown, repeated, missing or mistyped fields,
 * upper-case or mis-sized hex, non-canonical base64 and unknown versions are rejected with the line
 * of the object at fault. Not thread-safe.
 */
final class ExportParser implements Closeable {
  static final JsonFactory FACTORY = JsonFactory.builder().build();

  static final int TYPE_ENTRY = 1;
  static final int TYPE_CHECKPOINT = 2;
  static final int TYPE_INCLUSION = 3;
  static final int TYPE_CONSISTENCY = 4;
  private static final String[] TYPE_NAMES = {"?", "entry", "checkpoint", "inclusion", "consistency"};
  static final int VERSION = 1;

  static final int F_TYPE = 1;
  static final int F_VERSION = 1 << 1;
  static final int F_SEQ = 1 << 2;
  static final int F_RAFT_INDEX = 1 << 3;
  static final int F_LEADER_TIME = 1 << 4;
  static final int F_REQUEST_ID = 1 << 5;
  static final int F_NODE_ID = 1 << 6;
  static final int F_OP = 1 << 7;
  static final int F_OUTCOME = 1 << 8;
  static final int F_PATH_HMAC = 1 << 9;
  static final int F_ACCESSOR_HMAC = 1 << 10;
  static final int F_PREV_HASH = 1 << 11;
  static final int F_HASH = 1 << 12;
  static final int F_HEAD_HASH = 1 << 13;
  static final int F_TREE_ROOT = 1 << 14;
  static final int F_KEY_ID = 1 << 15;
  static final int F_SIGNATURE = 1 << 16;
  static final int F_TREE_SIZE = 1 << 17;
  static final int F_LEAF_HASH = 1 << 18;
  static final int F_PATH = 1 << 19;
  static final int F_CHECKPOINT = 1 << 20;
  static final int F_ENTRY = 1 << 21;
  static final int F_FIRST = 1 << 22;
  static final int F_SECOND = 1 << 23;
  private static final String[] FIELD_NAMES = {
    "type", "version", "seq", "raft_index", "leader_time", "request_id", "node_id", "op", "outcome",
    "path_hmac", "accessor_hmac", "prev_hash", "hash", "head_hash", "tree_root", "key_id", "signature",
    "tree_size", "leaf_hash", "path", "checkpoint", "entry", "first", "second"
  };

  private static final SerializedString[] SERIALIZED_NAMES = new SerializedString[FIELD_NAMES.length];
  /** Field index written after field index i, in the writer's order; -1 for the last. */
  private static final int[] NEXT_IN_ENTRY = new int[FIELD_NAMES.length];
  private static final int[] NEXT_IN_CHECKPOINT = new int[FIELD_NAMES.length];

  static {
    for (int i = 0; i < FIELD_NAMES.length; i++) {
      SERIALIZED_NAMES[i] = new SerializedString(FIELD_NAMES[i]);
    }
    order(NEXT_IN_ENTRY, "type", "version", "seq", "raft_index", "leader_time", "request_id", "node_id", "op",
        "outcome", "path_hmac", "accessor_hmac", "prev_hash", "hash");
    order(NEXT_IN_CHECKPOINT, "type", "version", "seq", "head_hash", "tree_root", "key_id", "signature");
  }

  private static void order(int[] next, String... names) {
    Arrays.fill(next, -1);
    for (int i = 0; i + 1 < names.length; i++) {
      next[Arrays.asList(FIELD_NAMES).indexOf(names[i])] = Arrays.asList(FIELD_NAMES).indexOf(names[i + 1]);
    }
  }

  private static final int ENTRY_FIELDS = F_TYPE | F_VERSION | F_SEQ | F_RAFT_INDEX | F_LEADER_TIME | F_REQUEST_ID
      | F_NODE_ID | F_OP | F_OUTCOME | F_PATH_HMAC | F_ACCESSOR_HMAC | F_PREV_HASH | F_HASH;
  private static final int CHECKPOINT_FIELDS = F_TYPE | F_VERSION | F_SEQ | F_HEAD_HASH | F_TREE_ROOT | F_KEY_ID
      | F_SIGNATURE;
  private static final int INCLUSION_FIELDS = F_TYPE | F_VERSION | F_SEQ | F_TREE_SIZE | F_LEAF_HASH | F_PATH
      | F_CHECKPOINT;
  private static final int INCLUSION_OPTIONAL = F_ENTRY;
  private static final int CONSISTENCY_FIELDS = F_TYPE | F_VERSION | F_FIRST | F_SECOND | F_PATH;

  /** Longest string value read at all; the field rules are much tighter. */
  private static final int MAX_STRING = 1024;
  /** Longest proof path read: a proof in a tree of 2^63 leaves needs at most 126 hashes. */
  private static final int MAX_PATH = 128;

  private final JsonParser parser;
  private final boolean eagerLines;

  private ExportParser(JsonParser parser, boolean eagerLines) {
    this.parser = parser;
    this.eagerLines = eagerLines;
  }

  /**
   * A parser over {@code in}. With {@code eagerLines}, every object records the line it starts on
   * ({@link Fields#line}); without, an error reports the line of the token at fault instead (the
   * same line in a JSON-lines file), which spares the verifier's hot path an allocation per object.
   */
  static ExportParser of(InputStream in, boolean eagerLines) throws IOException {
    return new ExportParser(FACTORY.createParser(in), eagerLines);
  }

  static ExportParser of(String text) {
    try {
      return new ExportParser(FACTORY.createParser(text), true);
    } catch (IOException e) {
      throw new IllegalStateException("reading a String cannot fail", e);
    }
  }

  static String typeName(int type) {
    return TYPE_NAMES[type];
  }

  /** The scratch one object is read into. */
  static final class Fields {
    int present;
    int type;
    long line;
    long version;
    long seq;
    long raftIndex;
    long leaderTime;
    long treeSize;
    final CharField requestId = new CharField();
    final CharField nodeId = new CharField();
    final CharField op = new CharField();
    final CharField outcome = new CharField();
    final CharField keyId = new CharField();
    boolean hasPathHmac;
    boolean hasAccessorHmac;
    final byte[] pathHmac = new byte[Hash.LENGTH];
    final byte[] accessorHmac = new byte[Hash.LENGTH];
    final byte[] prevHash = new byte[Hash.LENGTH];
    final byte[] hash = new byte[Hash.LENGTH];
    final byte[] headHash = new byte[Hash.LENGTH];
    final byte[] treeRoot = new byte[Hash.LENGTH];
    final byte[] leafHash = new byte[Hash.LENGTH];
    final byte[] signature = new byte[Ed25519Signature.LENGTH];
    List<Hash> path;
    Fields checkpoint;
    Fields entry;
    Fields first;
    Fields second;

    String typeName() {
      return TYPE_NAMES[type];
    }

    /** "entry 17", "checkpoint at 100", or the type alone when the seq is not known. */
    String subject() {
      boolean hasSeq = (present & F_SEQ) != 0;
      switch (type) {
        case TYPE_ENTRY:
          return hasSeq ? "entry " + seq : "entry";
        case TYPE_CHECKPOINT:
          return hasSeq ? "checkpoint at " + seq : "checkpoint";
        case TYPE_INCLUSION:
          return "inclusion proof";
        case TYPE_CONSISTENCY:
          return "consistency proof";
        default:
          return "object";
      }
    }
  }

  /** Reads the next top-level object into {@code f}; false at the end of the input. */
  boolean next(Fields f) throws IOException {
    try {
      JsonToken t = parser.nextToken();
      if (t == null) {
        return false;
      }
      if (t != JsonToken.START_OBJECT) {
        throw new AuditFormatException(line(), "expected a JSON object, found " + describe(t), null);
      }
      readObject(f, 0);
      return true;
    } catch (JsonProcessingException e) {
      throw syntax(e);
    }
  }

  /** Reads exactly one object, with nothing but white space after it. */
  void single(Fields f) {
    try {
      if (!next(f)) {
        throw new AuditFormatException("expected a JSON object, the input is empty");
      }
      JsonToken t = parser.nextToken();
      if (t != null) {
        throw new AuditFormatException(line(), "the JSON object is followed by " + describe(t), null);
      }
    } catch (JsonProcessingException e) {
      throw syntax(e);
    } catch (IOException e) {
      throw new IllegalStateException("reading a String cannot fail", e);
    }
  }

  private static AuditFormatException syntax(JsonProcessingException e) {
    long line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
    return new AuditFormatException(line, "not valid JSON: " + e.getOriginalMessage(), e);
  }

  private long line() {
    return Math.max(0, parser.currentTokenLocation().getLineNr());
  }

  /** The line of object {@code f} if recorded, else of the current token. */
  long lineOf(Fields f) {
    return f.line > 0 ? f.line : line();
  }

  private static String describe(JsonToken t) {
    switch (t) {
      case START_ARRAY:
        return "an array";
      case START_OBJECT:
        return "an object";
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
        return "an integer";
      case VALUE_NUMBER_FLOAT:
        return "a decimal number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      case VALUE_NULL:
        return "null";
      default:
        return t.asString() == null ? t.name() : "'" + t.asString() + "'";
    }
  }

  private void readObject(Fields f, int depth) throws IOException {
    f.present = 0;
    f.type = 0;
    f.line = eagerLines ? line() : 0;
    // Fast path: expect the fields in the order the writer puts them, and let Jackson compare the
    // raw bytes of the expected name; anything else takes the general path.
    int predicted = 0;
    JsonToken t;
    while (true) {
      String name;
      int bit;
      if (predicted >= 0 && parser.nextFieldName(SERIALIZED_NAMES[predicted])) {
        name = FIELD_NAMES[predicted];
        bit = 1 << predicted;
      } else {
        t = predicted >= 0 ? parser.currentToken() : parser.nextToken();
        if (t != JsonToken.FIELD_NAME) {
          break;
        }
        name = parser.currentName();
        bit = fieldBit(name);
        if (bit == 0) {
          throw fail(f, "unknown field '" + Text.excerpt(name) + "'");
        }
      }
      if ((f.present & bit) != 0) {
        throw fail(f, "field '" + name + "' appears twice");
      }
      JsonToken v = parser.nextToken();
      switch (bit) {
        case F_TYPE:
          f.type = readType(f, v);
          break;
        case F_VERSION:
          f.version = readLong(f, v, name);
          break;
        case F_SEQ:
          f.seq = readLong(f, v, name);
          break;
        case F_RAFT_INDEX:
          f.raftIndex = readLong(f, v, name);
          break;
        case F_LEADER_TIME:
          f.leaderTime = readLong(f, v, name);
          break;
        case F_TREE_SIZE:
          f.treeSize = readLong(f, v, name);
          break;
        case F_REQUEST_ID:
          readString(f, v, name, f.requestId);
          break;
        case F_NODE_ID:
          readString(f, v, name, f.nodeId);
          break;
        case F_OP:
          readString(f, v, name, f.op);
          break;
        case F_OUTCOME:
          readString(f, v, name, f.outcome);
          break;
        case F_KEY_ID:
          readString(f, v, name, f.keyId);
          break;
        case F_PATH_HMAC:
          f.hasPathHmac = readHmac(f, v, name, f.pathHmac);
          break;
        case F_ACCESSOR_HMAC:
          f.hasAccessorHmac = readHmac(f, v, name, f.accessorHmac);
          break;
        case F_PREV_HASH:
          readHash(f, v, name, f.prevHash);
          break;
        case F_HASH:
          readHash(f, v, name, f.hash);
          break;
        case F_HEAD_HASH:
          readHash(f, v, name, f.headHash);
          break;
        case F_TREE_ROOT:
          readHash(f, v, name, f.treeRoot);
          break;
        case F_LEAF_HASH:
          readHash(f, v, name, f.leafHash);
          break;
        case F_SIGNATURE:
          readSignature(f, v, name);
          break;
        case F_PATH:
          f.path = readPath(f, v, name);
          break;
        case F_CHECKPOINT:
          f.checkpoint = readNested(f, v, name, depth, TYPE_CHECKPOINT);
          break;
        case F_ENTRY:
          f.entry = readNested(f, v, name, depth, TYPE_ENTRY);
          break;
        case F_FIRST:
          f.first = readNested(f, v, name, depth, TYPE_CHECKPOINT);
          break;
        case F_SECOND:
          f.second = readNested(f, v, name, depth, TYPE_CHECKPOINT);
          break;
        default:
          throw new IllegalStateException("field " + name);
      }
      f.present |= bit;
      int index = Integer.numberOfTrailingZeros(bit);
      predicted = f.type == TYPE_ENTRY ? NEXT_IN_ENTRY[index]
          : f.type == TYPE_CHECKPOINT ? NEXT_IN_CHECKPOINT[index] : -1;
    }
    if (t != JsonToken.END_OBJECT) {
      throw fail(f, "unexpected " + describe(t));
    }
    checkShape(f);
  }

  private static int fieldBit(String name) {
    switch (name) {
      case "type":
        return F_TYPE;
      case "version":
        return F_VERSION;
      case "seq":
        return F_SEQ;
      case "raft_index":
        return F_RAFT_INDEX;
      case "leader_time":
        return F_LEADER_TIME;
      case "request_id":
        return F_REQUEST_ID;
      case "node_id":
        return F_NODE_ID;
      case "op":
        return F_OP;
      case "outcome":
        return F_OUTCOME;
      case "path_hmac":
        return F_PATH_HMAC;
      case "accessor_hmac":
        return F_ACCESSOR_HMAC;
      case "prev_hash":
        return F_PREV_HASH;
      case "hash":
        return F_HASH;
      case "head_hash":
        return F_HEAD_HASH;
      case "tree_root":
        return F_TREE_ROOT;
      case "key_id":
        return F_KEY_ID;
      case "signature":
        return F_SIGNATURE;
      case "tree_size":
        return F_TREE_SIZE;
      case "leaf_hash":
        return F_LEAF_HASH;
      case "path":
        return F_PATH;
      case "checkpoint":
        return F_CHECKPOINT;
      case "entry":
        return F_ENTRY;
      case "first":
        return F_FIRST;
      case "second":
        return F_SECOND;
      default:
        return 0;
    }
  }

  private void checkShape(Fields f) {
    if ((f.present & F_TYPE) == 0) {
      throw fail(f, "object has no 'type' field");
    }
    int required;
    int optional = 0;
    switch (f.type) {
      case TYPE_ENTRY:
        required = ENTRY_FIELDS;
        break;
      case TYPE_CHECKPOINT:
        required = CHECKPOINT_FIELDS;
        break;
      case TYPE_INCLUSION:
        required = INCLUSION_FIELDS;
        optional = INCLUSION_OPTIONAL;
        break;
      case TYPE_CONSISTENCY:
        required = CONSISTENCY_FIELDS;
        break;
      default:
        throw new IllegalStateException("type " + f.type);
    }
    int extra = f.present & ~(required | optional);
    if (extra != 0) {
      throw fail(f, "field '" + FIELD_NAMES[Integer.numberOfTrailingZeros(extra)] + "' is not part of "
          + article(f.typeName()));
    }
    int missing = required & ~f.present;
    if (missing != 0) {
      throw fail(f, "missing field '" + FIELD_NAMES[Integer.numberOfTrailingZeros(missing)] + "'");
    }
    if (f.version != VERSION) {
      throw fail(f, "unsupported " + f.typeName() + " version " + f.version + ", this build reads " + VERSION);
    }
    try {
      switch (f.type) {
        case TYPE_ENTRY:
          FieldRules.positive("seq", f.seq);
          FieldRules.requestId(f.requestId);
          FieldRules.nodeId(f.nodeId);
          FieldRules.operation(f.op);
          FieldRules.outcome(f.outcome);
          break;
        case TYPE_CHECKPOINT:
          FieldRules.positive("seq", f.seq);
          Checkpoint.checkKeyId(f.keyId.toString());
          break;
        case TYPE_INCLUSION:
          FieldRules.positive("seq", f.seq);
          FieldRules.positive("tree_size", f.treeSize);
          break;
        default:
          break;
      }
    } catch (InvalidFieldException e) {
      throw new AuditFormatException(lineOf(f), f.subject() + ": " + e.getMessage(), e);
    }
  }

  private static String article(String noun) {
    return ("aeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
  }

  private AuditFormatException fail(Fields f, String message) {
    return new AuditFormatException(lineOf(f), f.subject() + ": " + message, null);
  }

  private int readType(Fields f, JsonToken v) throws IOException {
    expect(f, v, JsonToken.VALUE_STRING, "type", "a string");
    char[] c = parser.getTextCharacters();
    int off = parser.getTextOffset();
    int len = parser.getTextLength();
    for (int type = TYPE_ENTRY; type <= TYPE_CONSISTENCY; type++) {
      String name = TYPE_NAMES[type];
      if (regionEquals(name, c, off, len)) {
        return type;
      }
    }
    throw fail(f, "unknown type '" + Text.excerpt(new String(c, off, len)) + "'");
  }

  private static boolean regionEquals(String s, char[] c, int off, int len) {
    if (s.length() != len) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (s.charAt(i) != c[off + i]) {
        return false;
      }
    }
    return true;
  }

  private void expect(Fields f, JsonToken actual, JsonToken expected, String name, String what) {
    if (actual != expected) {
      throw fail(f, name + " must be " + what + ", found " + describe(actual));
    }
  }

  private long readLong(Fields f, JsonToken v, String name) throws IOException {
    expect(f, v, JsonToken.VALUE_NUMBER_INT, name, "a non-negative integer");
    long value;
    try {
      value = parser.getLongValue();
    } catch (InputCoercionException e) {
      throw fail(f, name + " is out of range: " + Text.excerpt(parser.getText()));
    }
    if (value < 0) {
      throw fail(f, name + " must be >= 0, was " + value);
    }
    return value;
  }

  private void readString(Fields f, JsonToken v, String name, CharField out) throws IOException {
    expect(f, v, JsonToken.VALUE_STRING, name, "a string");
    int len = parser.getTextLength();
    if (len > MAX_STRING) {
      throw fail(f, name + " is too long: " + len + " characters");
    }
    out.set(parser.getTextCharacters(), parser.getTextOffset(), len);
  }

  private boolean readHmac(Fields f, JsonToken v, String name, byte[] out) throws IOException {
    if (v == JsonToken.VALUE_NULL) {
      return false;
    }
    expect(f, v, JsonToken.VALUE_STRING, name, "null or a string");
    char[] c = parser.getTextCharacters();
    int off = parser.getTextOffset();
    int len = parser.getTextLength();
    boolean ok = len == FieldRules.HMAC_TEXT_LENGTH;
    for (int i = 0; ok && i < FieldRules.HMAC_PREFIX.length(); i++) {
      ok = c[off + i] == FieldRules.HMAC_PREFIX.charAt(i);
    }
    if (!ok || !Hex.decode(c, off + FieldRules.HMAC_PREFIX.length(), out)) {
      throw fail(f, name + " must be null or '" + FieldRules.HMAC_PREFIX
          + "' followed by 64 lower-case hex characters, was '" + Text.excerpt(new String(c, off, len)) + "'");
    }
    return true;
  }

  private void readHash(Fields f, JsonToken v, String name, byte[] out) throws IOException {
    expect(f, v, JsonToken.VALUE_STRING, name, "a string");
    char[] c = parser.getTextCharacters();
    int off = parser.getTextOffset();
    int len = parser.getTextLength();
    if (len != 2 * Hash.LENGTH || !Hex.decode(c, off, out)) {
      throw fail(f, name + " must be 64 lower-case hex characters, was '" + Text.excerpt(new String(c, off, len))
          + "'");
    }
  }

  private void readSignature(Fields f, JsonToken v, String name) throws IOException {
    expect(f, v, JsonToken.VALUE_STRING, name, "a string");
    String text = parser.getText();
    byte[] decoded = text.length() > MAX_STRING ? null : Ed25519Signature.decodeCanonical(text);
    if (decoded == null || decoded.length != Ed25519Signature.LENGTH) {
      throw fail(f, name + " must be the base64 of 64 bytes (88 characters), was '" + Text.excerpt(text) + "'");
    }
    System.arraycopy(decoded, 0, f.signature, 0, decoded.length);
  }

  private List<Hash> readPath(Fields f, JsonToken v, String name) throws IOException {
    expect(f, v, JsonToken.START_ARRAY, name, "an array of hashes");
    List<Hash> path = new ArrayList<>();
    JsonToken t;
    while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
      if (path.size() == MAX_PATH) {
        throw fail(f, name + " has more than " + MAX_PATH + " hashes");
      }
      byte[] h = new byte[Hash.LENGTH];
      readHash(f, t, name + "[" + path.size() + "]", h);
      path.add(Hash.wrap(h));
    }
    return path;
  }

  private Fields readNested(Fields f, JsonToken v, String name, int depth, int type) throws IOException {
    expect(f, v, JsonToken.START_OBJECT, name, "an object");
    if (depth > 0) {
      throw fail(f, name + " is nested too deep");
    }
    Fields nested = new Fields();
    readObject(nested, depth + 1);
    if (nested.type != type) {
      throw fail(f, name + " must be of type '" + TYPE_NAMES[type] + "', was '" + nested.typeName() + "'");
    }
    return nested;
  }

  // ---- conversions to values (the allocation-free path reads Fields directly) ----

  static AuditEntry toEntry(Fields f) {
    try {
      AuditRecord record = new AuditRecord(f.requestId.toString(), f.nodeId.toString(), f.op.toString(),
          f.outcome.toString(), hmacText(f.hasPathHmac, f.pathHmac), hmacText(f.hasAccessorHmac, f.accessorHmac));
      return new AuditEntry(f.seq, f.raftIndex, f.leaderTime, record, Hash.of(f.prevHash));
    } catch (InvalidFieldException e) {
      throw new AuditFormatException(f.line, f.subject() + ": " + e.getMessage(), e);
    }
  }

  private static String hmacText(boolean present, byte[] hmac) {
    return present ? FieldRules.HMAC_PREFIX + Hex.encode(hmac) : null;
  }

  static Checkpoint toCheckpoint(Fields f) {
    try {
      return new Checkpoint(f.seq, Hash.of(f.headHash), Hash.of(f.treeRoot), f.keyId.toString(),
          Ed25519Signature.of(f.signature));
    } catch (InvalidFieldException e) {
      throw new AuditFormatException(f.line, f.subject() + ": " + e.getMessage(), e);
    }
  }

  static InclusionProof toInclusion(Fields f) {
    AuditEntry entry = null;
    if (f.entry != null) {
      if (!Arrays.equals(f.entry.hash, f.leafHash)) {
        throw new AuditFormatException(f.line, "inclusion proof: the entry's hash is not the leaf_hash", null);
      }
      entry = toEntry(f.entry);
    }
    return new InclusionProof(f.seq, f.treeSize, Hash.of(f.leafHash), f.path, toCheckpoint(f.checkpoint), entry);
  }

  static ConsistencyProof toConsistency(Fields f) {
    return new ConsistencyProof(toCheckpoint(f.first), toCheckpoint(f.second), f.path);
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }
}
