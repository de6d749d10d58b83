package io.strongroom.raft;

import io.strongroom.audit.AuditRecord;
import io.strongroom.crypto.Bytes;
import io.strongroom.storage.kv.KvCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;

/** Test commands. Sealed values are opaque here: the state never decrypts, so random bytes do. */
final class Commands {
  private Commands() {}

  static RequestId id(int n) {
    byte[] b = new byte[RequestId.LENGTH];
    b[0] = (byte) (n >>> 24);
    b[1] = (byte) (n >>> 16);
    b[2] = (byte) (n >>> 8);
    b[3] = (byte) n;
    return RequestId.of(b);
  }

  static Bytes sealed(int seed) {
    byte[] b = new byte[48];
    new Random(seed).nextBytes(b);
    return Bytes.of(b);
  }

  static Command put(int id, String path, OptionalLong cas) {
    return new Command.KvWrite(id(id), new KvCommand.Put(path, sealed(id), cas));
  }

  static Command put(int id, String path) {
    return put(id, path, OptionalLong.empty());
  }

  /** An audited read of {@code path} (latest version when {@code version} is 0). */
  static Command read(int id, String path, long version) {
    String hmac = "hmac-sha256:" + "ab".repeat(32);
    return new Command.Audited(new Command.KvRead(id(id), path, version), new AuditRecord("r" + id, "n1", "kv.get", AuditRecord.OK, hmac, hmac));
  }

  /** A random command over a few paths, every kind represented, audited reads included. */
  static Command random(Random r, int id) {
    String path = "app/" + (char) ('a' + r.nextInt(3));
    if (r.nextInt(6) == 0) {
      return read(id, path, r.nextInt(4));
    }
    List<Long> versions = new ArrayList<>();
    for (int i = r.nextInt(3); i > 0; i--) {
      versions.add(1L + r.nextInt(4));
    }
    KvCommand kv =
        switch (r.nextInt(7)) {
          case 0, 1 -> new KvCommand.Put(path, sealed(r.nextInt()), r.nextBoolean() ? OptionalLong.of(r.nextInt(4)) : OptionalLong.empty());
          case 2 -> new KvCommand.Delete(path, versions);
          case 3 -> new KvCommand.Undelete(path, versions.isEmpty() ? List.of(1L) : versions);
          case 4 -> new KvCommand.Destroy(path, versions.isEmpty() ? List.of(1L) : versions);
          case 5 ->
              new KvCommand.WriteMetadata(
                  path,
                  r.nextBoolean() ? OptionalInt.of(1 + r.nextInt(5)) : OptionalInt.empty(),
                  r.nextBoolean() ? Optional.of(r.nextBoolean()) : Optional.empty(),
                  r.nextBoolean() ? OptionalLong.of(r.nextInt(100_000)) : OptionalLong.empty(),
                  r.nextBoolean() ? Optional.of(sealed(r.nextInt())) : Optional.empty());
          default -> new KvCommand.DeleteMetadata(path);
        };
    if (r.nextInt(10) == 0) {
      Command.Precondition p =
          switch (r.nextInt(3)) {
            case 0 -> new Command.Precondition.None();
            case 1 -> new Command.Precondition.Absent();
            default -> new Command.Precondition.Matches(ReplicatedState.sha256(sealed(r.nextInt(4)).toByteArray()));
          };
      return new Command.SystemPut(id(id), "k" + r.nextInt(3), sealed(r.nextInt(4)), p);
    }
    return new Command.KvWrite(id(id), kv);
  }
}
