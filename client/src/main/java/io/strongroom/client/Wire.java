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
            .map(n -> new NodeStatus(n.getId(), n.getAddress(), n.getRegion(), n.getRole(), n.getZone()))
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

  static RekeyProgress rekeyProgress(io.strongroom.protocol.v1.RekeyProgress p) {
    return new RekeyProgress(p.getInProgress(), p.getNonce(), p.getPhase(), p.getThreshold(), p.getShares(),
        p.getProgress(), p.getNewShares(), p.getNewThreshold(), p.getVerificationRequired());
  }

  /** A rekey step's answer: progress, or the new key set. */
  static RekeyResult rekey(Response r, String op) {
    if (r.getResultCase() == Response.ResultCase.REKEY_SHARES) {
      io.strongroom.protocol.v1.RekeyShares s = r.getRekeyShares();
      return new RekeyShares(s.getSharesList(), s.getKeySetId(), s.getVerificationPending(), s.getVerificationNonce());
    }
    return rekeyProgress(expect(r, Response.ResultCase.REKEY_PROGRESS, op).getRekeyProgress());
  }

  static GenerateRootProgress generateRootProgress(io.strongroom.protocol.v1.GenerateRootProgress p) {
    return new GenerateRootProgress(p.getInProgress(), p.getNonce(), p.getThreshold(), p.getShares(), p.getProgress());
  }

  /** A generate-root step's answer: progress, or the encoded token. */
  static GenerateRootResult generateRoot(Response r, String op) {
    if (r.getResultCase() == Response.ResultCase.GENERATE_ROOT_TOKEN) {
      return new EncodedRootToken(r.getGenerateRootToken().getEncodedToken(), r.getGenerateRootToken().getProtection());
    }
    return generateRootProgress(expect(r, Response.ResultCase.GENERATE_ROOT_PROGRESS, op).getGenerateRootProgress());
  }

  static RaftMembership raftPeers(io.strongroom.protocol.v1.RaftPeers p) {
    return new RaftMembership(
        p.getPeersList().stream()
            .map(x -> new RaftPeer(x.getId(), x.getRaftAddress(), x.getClientAddress(), x.getRegion(), x.getRole(), x.getVoter(),
                x.getZone(), x.getPriority()))
            .toList(),
        p.getLeader().isEmpty() ? Optional.empty() : Optional.of(p.getLeader()));
  }
}
