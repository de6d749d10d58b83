package io.strongroom.client;

import io.strongroom.protocol.v1.KvMetadata;
import io.strongroom.protocol.v1.KvSecret;
import io.strongroom.protocol.v1.KvWritten;
import io.strongroom.protocol.v1.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Translates wire results into the client's records. No I/O. */
final class Wire {

  private Wire() {}

  /** Checks that {@code response} carries {@code expected}, else reports a protocol violation. */
  static Response expect(Response response, Response.ResultCase expected, String op) {
    if (response.getResultCase() != expected) {
      throw new InternalException(op + ": node answered with " + response.getResultCase()
          + ", expected " + expected, null);
    }
    return response;
  }

  static VersionInfo versionInfo(io.strongroom.protocol.v1.VersionInfo v) {
    return new VersionInfo(
        v.getVersion(),
        Instant.ofEpochMilli(v.getCreatedTimeMs()),
        v.getDeletionTimeMs() == 0
            ? Optional.empty()
            : Optional.of(Instant.ofEpochMilli(v.getDeletionTimeMs())),
        v.getDestroyed());
  }

  static VersionInfo written(KvWritten w) {
    return new VersionInfo(
        w.getVersion(), Instant.ofEpochMilli(w.getCreatedTimeMs()), Optional.empty(), false);
  }

  static Secret secret(KvSecret s) {
    return new Secret(s.getDataMap(), versionInfo(s.getVersion()));
  }

  static SecretMetadata metadata(KvMetadata m) {
    return new SecretMetadata(
        m.getPath(),
        m.getCurrentVersion(),
        m.getOldestVersion(),
        m.getMaxVersions(),
        m.getCasRequired(),
        Duration.ofMillis(m.getDeleteVersionAfterMs()),
        Instant.ofEpochMilli(m.getCreatedTimeMs()),
        Instant.ofEpochMilli(m.getUpdatedTimeMs()),
        m.getCustomMetadataMap(),
        m.getVersionsList().stream().map(Wire::versionInfo).toList());
  }

  static Status status(io.strongroom.protocol.v1.Status s) {
    return new Status(
        s.getInitialized(),
        s.getSealed(),
        s.getNodeId(),
        s.getLeader().isEmpty() ? Optional.empty() : Optional.of(s.getLeader()),
        s.getNodesList().stream()
            .map(n -> new NodeStatus(n.getId(), n.getAddress(), n.getRegion(), n.getRole()))
            .toList(),
        s.getCommitIndex(),
        s.getAppliedIndex(),
        s.getThreshold(),
        s.getShares(),
        s.getUnsealProgress(),
        s.getVersion());
  }

  static UnsealProgress unseal(io.strongroom.protocol.v1.UnsealProgress u) {
    return new UnsealProgress(
        u.getSealed(), u.getThreshold(), u.getShares(), u.getProgress(), u.getNonce());
  }

  static InitResult init(io.strongroom.protocol.v1.InitResult r) {
    return new InitResult(r.getSharesList(), r.getRootToken());
  }
}
