package io.strongroom.storage.kv;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A deliberately simple model of KV v2 semantics: plain maps, no encryption, no encoding, no
 * engine. The property test checks the real store against it.
 */
final class ReferenceKv {

  static final class Version {
    final long createdMillis;
    long deletionMillis;
    boolean destroyed;
    Map<String, String> data;

    Version(long createdMillis, long deletionMillis, Map<String, String> data) {
      this.createdMillis = createdMillis;
      this.deletionMillis = deletionMillis;
      this.data = data;
    }
  }

  static final class Secret {
    long created;
    long updated;
    long current;
    int maxVersions;
    boolean casRequired;
    long deleteAfter;
    Map<String, String> custom = Map.of();
    final TreeMap<Long, Version> versions = new TreeMap<>();
  }

  private final KvLimits limits;
  private final TreeMap<String, Secret> secrets = new TreeMap<>();

  ReferenceKv(KvLimits limits) {
    this.limits = limits;
  }

  private static boolean validPath(String p) {
    if (p.isEmpty() || p.startsWith("/") || p.endsWith("/") || p.contains("//")) {
      return false;
    }
    for (String seg : p.split("/")) {
      if (seg.equals(".") || seg.equals("..")) {
        return false;
      }
    }
    return p.chars().noneMatch(c -> c < 0x20 || c == 0x7F);
  }

  private KvResult.Violation pathViolation(String p) {
    if (p.getBytes(StandardCharsets.UTF_8).length > limits.maxPathBytes() && !p.isEmpty()) {
      return KvResult.Violation.PATH_TOO_LONG;
    }
    return validPath(p) ? null : KvResult.Violation.INVALID_PATH;
  }

  private KvResult.Violation dataViolation(Map<String, String> data) {
    if (data.size() > limits.maxKeys()) {
      return KvResult.Violation.TOO_MANY_KEYS;
    }
    long size = 5;
    for (Map.Entry<String, String> e : data.entrySet()) {
      if (e.getKey().isEmpty()) {
        return KvResult.Violation.INVALID_KEY;
      }
      size += 8 + e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().getBytes(StandardCharsets.UTF_8).length;
    }
    return size > limits.maxSecretBytes() ? KvResult.Violation.VALUE_TOO_LARGE : null;
  }

  private static KvResult rejected(KvResult.Violation v) {
    return new KvResult.Rejected(v, "");
  }

  KvResult put(String path, Map<String, String> data, OptionalLong cas, long now) {
    KvResult.Violation v = pathViolation(path);
    if (v == null) {
      v = dataViolation(data);
    }
    if (v != null) {
      return rejected(v);
    }
    Secret s = secrets.get(path);
    long current = s == null ? 0 : s.current;
    if (cas.isPresent() && cas.getAsLong() != current) {
      return new KvResult.CasMismatch(cas.getAsLong(), current);
    }
    if (cas.isEmpty() && s != null && s.casRequired) {
      return new KvResult.CasRequired();
    }
    if (s == null) {
      s = new Secret();
      s.created = now;
      secrets.put(path, s);
    }
    s.current++;
    s.updated = now;
    s.versions.put(s.current, new Version(now, s.deleteAfter > 0 ? now + s.deleteAfter : 0, Map.copyOf(data)));
    prune(s);
    return new KvResult.Written(s.current);
  }

  private void prune(Secret s) {
    int keep = s.maxVersions > 0 ? s.maxVersions : limits.defaultMaxVersions();
    while (s.versions.size() > keep) {
      s.versions.pollFirstEntry();
    }
  }

  private static boolean deleted(Version v, long now) {
    return v.deletionMillis != 0 && v.deletionMillis <= now;
  }

  ReadResult get(String path, OptionalLong version, long now) {
    KvResult.Violation v = pathViolation(path);
    if (v != null) {
      return new ReadResult.Rejected(v, "");
    }
    Secret s = secrets.get(path);
    if (s == null) {
      return new ReadResult.NotFound();
    }
    long n = version.orElse(s.current);
    Version ver = s.versions.get(n);
    if (ver == null) {
      return new ReadResult.NotFound();
    }
    VersionInfo info = new VersionInfo(n, ver.createdMillis, ver.deletionMillis, ver.destroyed);
    if (ver.destroyed) {
      return new ReadResult.Destroyed(info);
    }
    if (deleted(ver, now)) {
      return new ReadResult.Deleted(info);
    }
    return new ReadResult.Found(ver.data, info);
  }

  KvResult patch(String path, SecretPatch patch, long now) {
    ReadResult current = get(path, OptionalLong.empty(), now);
    if (current instanceof ReadResult.Rejected r) {
      return rejected(r.violation());
    }
    if (!(current instanceof ReadResult.Found found)) {
      return new KvResult.NotFound();
    }
    Map<String, String> merged = new TreeMap<>(found.data());
    patch.remove().forEach(merged::remove);
    merged.putAll(patch.set());
    return put(path, merged, OptionalLong.of(found.info().version()), now);
  }

  KvResult delete(String path, List<Long> versions, long now) {
    return change(path, versions, now, 0);
  }

  KvResult undelete(String path, List<Long> versions, long now) {
    return change(path, versions, now, 1);
  }

  KvResult destroy(String path, List<Long> versions, long now) {
    return change(path, versions, now, 2);
  }

  private KvResult change(String path, List<Long> versions, long now, int kind) {
    KvResult.Violation v = pathViolation(path);
    if (v != null) {
      return rejected(v);
    }
    if (versions.isEmpty() && kind != 0 || versions.stream().anyMatch(x -> x < 1)) {
      return rejected(KvResult.Violation.INVALID_ARGUMENT);
    }
    Secret s = secrets.get(path);
    if (s == null) {
      return new KvResult.NotFound();
    }
    for (long n : versions.isEmpty() ? List.of(s.current) : versions) {
      Version ver = s.versions.get(n);
      if (ver == null || ver.destroyed) {
        continue;
      }
      if (kind == 0 && !deleted(ver, now)) {
        ver.deletionMillis = now;
      } else if (kind == 1) {
        ver.deletionMillis = 0;
      } else if (kind == 2) {
        ver.destroyed = true;
        ver.data = null;
      }
    }
    return new KvResult.Done();
  }

  KvResult writeMetadata(String path, MetadataChange change, long now) {
    KvResult.Violation v = pathViolation(path);
    if (v != null) {
      return rejected(v);
    }
    if (change.maxVersions().isPresent() && change.maxVersions().getAsInt() < 0
        || change.deleteVersionAfterMillis().isPresent() && change.deleteVersionAfterMillis().getAsLong() < 0) {
      return rejected(KvResult.Violation.INVALID_ARGUMENT);
    }
    Secret s = secrets.computeIfAbsent(path, p -> {
      Secret fresh = new Secret();
      fresh.created = now;
      return fresh;
    });
    change.maxVersions().ifPresent(x -> s.maxVersions = x);
    change.casRequired().ifPresent(x -> s.casRequired = x);
    change.deleteVersionAfterMillis().ifPresent(x -> s.deleteAfter = x);
    change.customMetadata().ifPresent(x -> s.custom = Map.copyOf(x));
    s.updated = now;
    prune(s);
    return new KvResult.Done();
  }

  KvResult deleteMetadata(String path) {
    KvResult.Violation v = pathViolation(path);
    if (v != null) {
      return rejected(v);
    }
    return secrets.remove(path) == null ? new KvResult.NotFound() : new KvResult.Done();
  }

  java.util.Optional<SecretMetadata> metadata(String path) {
    Secret s = pathViolation(path) == null ? secrets.get(path) : null;
    if (s == null) {
      return java.util.Optional.empty();
    }
    List<VersionInfo> infos = new ArrayList<>();
    s.versions.forEach((n, ver) -> infos.add(new VersionInfo(n, ver.createdMillis, ver.deletionMillis, ver.destroyed)));
    return java.util.Optional.of(new SecretMetadata(path, s.created, s.updated, s.current,
        s.versions.isEmpty() ? 0 : s.versions.firstKey(), s.maxVersions, s.casRequired, s.deleteAfter, s.custom, infos));
  }

  List<String> list(String prefix) {
    Set<String> names = new TreeSet<>((a, b) -> java.util.Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
    for (String path : secrets.keySet()) {
      if (path.startsWith(prefix)) {
        String rest = path.substring(prefix.length());
        int slash = rest.indexOf('/');
        names.add(slash < 0 ? rest : rest.substring(0, slash + 1));
      }
    }
    return new ArrayList<>(names);
  }
}
