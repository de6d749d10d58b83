package io.strongroom.node.server;

import io.strongroom.access.AccessException;
import io.strongroom.access.StoreKeys;
import io.strongroom.access.breakglass.ApprovalResult;
import io.strongroom.access.breakglass.BreakGlass;
import io.strongroom.access.breakglass.BreakGlassRequest;
import io.strongroom.access.breakglass.BreakGlassState;
import io.strongroom.access.breakglass.IssueResult;
import io.strongroom.access.breakglass.Quorum;
import io.strongroom.access.breakglass.SealedToken;
import io.strongroom.access.breakglass.TokenSeal;
import io.strongroom.access.policy.Acl;
import io.strongroom.access.policy.BuiltinPolicies;
import io.strongroom.access.policy.Capability;
import io.strongroom.access.policy.Policy;
import io.strongroom.access.policy.PolicyParser;
import io.strongroom.access.token.AuthBackoff;
import io.strongroom.access.token.CreateResult;
import io.strongroom.access.token.RenewResult;
import io.strongroom.access.token.RevocationPlan;
import io.strongroom.access.token.Token;
import io.strongroom.access.token.TokenHash;
import io.strongroom.access.token.TokenLimits;
import io.strongroom.access.token.TokenRecord;
import io.strongroom.access.token.TokenRequest;
import io.strongroom.access.token.TokenRules;
import io.strongroom.access.token.Tokens;
import io.strongroom.access.token.UseResult;
import io.strongroom.access.token.Validity;
import io.strongroom.crypto.Bytes;
import io.strongroom.storage.barrier.DecryptionFailedException;
import io.strongroom.crypto.SecretBytes;
import io.strongroom.raft.AppliedEntry;
import io.strongroom.raft.Command;
import io.strongroom.raft.CommandResult;
import io.strongroom.raft.LogEntry;
import io.strongroom.raft.ReplicatedState;
import io.strongroom.raft.RequestId;
import io.strongroom.raft.ratis.RaftNode;
import io.strongroom.unseal.SealLifecycle;
import io.strongroom.unseal.SealRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is asking and what they may do: tokens (stored only as hashes, sealed through the barrier
 * under {@code token/<sha256>}), policies ({@code policy/<name>}), and the authorization of every
 * request against them. Records change only through Raft with compare-and-set preconditions, so
 * two nodes changing one token at once cannot lose either change.
 *
 * <p>Expiry is judged by the leader's clock as the log carries it: a node takes the newest leader
 * time it has applied and advances it by its own monotonic clock since then, never by its wall
 * clock, so every replica reaches the same verdict.
 */
final class AccessControl {
  private static final Logger LOG = LoggerFactory.getLogger(AccessControl.class);
  private static final int MAX_TOKENS_REVOKED = 100_000;
  /** How long holders have to approve a break-glass request. */
  static final long BREAK_GLASS_WINDOW_MILLIS = 3_600_000;

  /** The caller of a request: the init root token (no record), or a stored token. */
  record Principal(String accessor, TokenRecord record, TokenHash hash, Acl acl) {
    boolean isRootToken() {
      return hash == null;
    }

    /** The record {@link TokenRules} sees as the parent: the stored one, or root's stand-in. */
    TokenRecord asParent(long now) {
      return record != null ? record : TokenRules.root(accessor, now, "root");
    }

    @Override
    public String toString() {
      return "Principal[" + accessor + ", policies=" + acl.policyNames() + "]";
    }
  }

  /** A refusal: unknown, expired, revoked or used-up token, or a policy that does not allow it. */
  static final class Denied extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** How long the node holds the answer back: failed authentication is slowed per address. */
    final long delayMillis;

    Denied(String message) {
      this(message, 0);
    }

    Denied(String message, long delayMillis) {
      super(message, null, false, false);
      this.delayMillis = delayMillis;
    }
  }

  private final SealLifecycle seal;
  private final RaftNode raft;
  private final WriteBatcher writes;
  private final SecureRandom random;
  private final Duration timeout;
  private final AuthBackoff backoff;
  private final TokenLimits limits = TokenLimits.DEFAULTS;
  private final Map<String, CachedPolicy> policies = new ConcurrentHashMap<>();
  private volatile long seenLeaderTime;
  private volatile long seenAtNanos = System.nanoTime();

  private record CachedPolicy(Bytes sealed, Policy policy) {}

  AccessControl(SealLifecycle seal, RaftNode raft, WriteBatcher writes, SecureRandom random, Duration timeout) {
    this.seal = seal;
    this.raft = raft;
    this.writes = writes;
    this.random = random;
    this.timeout = timeout;
    this.backoff = new AuthBackoff(AuthBackoff.Config.DEFAULTS, () -> System.nanoTime() / 1_000_000);
  }

  /** Leader time now, as this replica knows it: see the class comment. */
  long now() {
    long applied = raft.state().lastLeaderTime();
    long nanos = System.nanoTime();
    if (applied != seenLeaderTime) {
      seenLeaderTime = applied;
      seenAtNanos = nanos;
    }
    return Math.max(1, applied + (nanos - seenAtNanos) / 1_000_000);
  }

  // ------------------------------------------------------------------------------ authentication

  /**
   * Resolves {@code tokenText} to its principal, consuming one use of a use-limited token.
   *
   * @throws Denied for a missing, unknown, expired, revoked or used-up token, or when {@code from}
   *     failed too often lately (it is slowed down; nothing is checked meanwhile)
   */
  Principal authenticate(String tokenText, String from) {
    if (tokenText.isEmpty()) {
      throw new Denied("this operation needs a token (STRONGROOM_TOKEN)");
    }
    if (seal.isRootToken(tokenText)) {
      backoff.recordSuccess(from);
      return new Principal(rootAccessor(tokenText), null, null, Acl.of(List.of(BuiltinPolicies.ROOT)));
    }
    Optional<Token> parsed = Tokens.parse(tokenText);
    if (parsed.isEmpty()) {
      throw fail(from, "the token is malformed");
    }
    TokenHash hash;
    try {
      hash = parsed.get().hash();
    } finally {
      parsed.get().destroy();
    }
    Optional<Stored> stored = load(hash);
    if (stored.isEmpty()) {
      throw fail(from, "the token is unknown or revoked");
    }
    TokenRecord rec = stored.get().record();
    long now = now();
    Validity v = TokenRules.validity(rec, now);
    if (v != Validity.VALID) {
      throw fail(from, "the token is " + v.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
    }
    if (rec.numUses() > 0) {
      rec = consumeUse(hash, stored.get(), now, from);
    }
    backoff.recordSuccess(from);
    return new Principal(rec.accessor(), rec, hash, acl(rec.policies()));
  }

  private TokenRecord consumeUse(TokenHash hash, Stored stored, long now, String from) {
    Stored current = stored;
    for (int attempt = 0; attempt < 5; attempt++) {
      UseResult r = TokenRules.consumeUse(current.record(), now);
      if (r instanceof UseResult.Denied d) {
        throw fail(from, "the token is " + d.validity().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
      }
      TokenRecord next = ((UseResult.Allowed) r).record();
      if (putRecord(StoreKeys.token(hash.hex()), next.toBytes().toByteArray(), Optional.of(current.sealed()))) {
        return next;
      }
      current = load(hash).orElseThrow(() -> fail(from, "the token is unknown or revoked"));
    }
    throw new ClusterUnavailableException("the token's use count kept changing under concurrent requests; retry", null);
  }

  /**
   * A failed authentication: logged without the token, and answered only after the backoff that
   * {@code from} has earned, so guessing tokens is slow while valid tokens from the same address
   * (applications behind one NAT) are never held up.
   */
  private Denied fail(String from, String why) {
    long delay = backoff.recordFailure(from);
    LOG.info("authentication failed from {}: {}{}", from, why, delay > 0 ? " (answer held back " + delay + " ms)" : "");
    return new Denied(why, delay);
  }

  /** Root tokens have no record: a stable stand-in accessor from the token's hash. */
  static String rootAccessor(String token) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(("strongroom/root-accessor:" + token).getBytes(StandardCharsets.UTF_8));
      return Tokens.ACCESSOR_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(d, 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  // ------------------------------------------------------------------------------ authorization

  /** @throws Denied unless {@code p}'s policies grant one of {@code anyOf} on {@code path} */
  void authorize(Principal p, String path, Capability... anyOf) {
    for (Capability c : anyOf) {
      if (p.acl().allows(path, c)) {
        return;
      }
    }
    throw new Denied("permission denied: " + path + " needs " + describe(anyOf) + " (policies " + p.acl().policyNames() + ")");
  }

  private static String describe(Capability[] caps) {
    List<String> names = new ArrayList<>();
    for (Capability c : caps) {
      names.add(c.token());
    }
    return String.join(" or ", names);
  }

  private Acl acl(java.util.Collection<String> names) {
    List<Policy> out = new ArrayList<>();
    for (String name : names) {
      if (name.equals(Policy.ROOT)) {
        out.add(BuiltinPolicies.ROOT);
        continue;
      }
      policy(name).ifPresent(out::add);
      if (name.equals(Policy.DEFAULT) && policy(name).isEmpty()) {
        out.add(BuiltinPolicies.DEFAULT);
      }
    }
    return Acl.of(out);
  }

  /** The stored policy {@code name}, cached while its sealed record is unchanged. */
  Optional<Policy> policy(String name) {
    Optional<Bytes> sealed = raft.state().systemRecord(StoreKeys.policy(name));
    if (sealed.isEmpty()) {
      policies.remove(name);
      return Optional.empty();
    }
    CachedPolicy cached = policies.get(name);
    if (cached != null && cached.sealed().equals(sealed.get())) {
      return Optional.of(cached.policy());
    }
    String json = open(StoreKeys.policy(name), sealed.get());
    Policy p = PolicyParser.parse(name, json);
    policies.put(name, new CachedPolicy(sealed.get(), p));
    return Optional.of(p);
  }

  // ------------------------------------------------------------------------------ tokens

  /** The new token's text (shown once) and its record. */
  record Created(String token, TokenRecord record) {
    @Override
    public String toString() {
      return "Created[" + record.accessor() + "]";
    }
  }

  Created create(Principal parent, TokenRequest request) {
    long now = now();
    String accessor = Tokens.newAccessor(random);
    CreateResult result = TokenRules.create(parent.asParent(now), parent.acl(), request, now, accessor, limits);
    if (result instanceof CreateResult.Refused refused) {
      throw new Denied(refused.message());
    }
    TokenRecord rec = ((CreateResult.Created) result).record();
    Token token = Tokens.mint(random);
    try {
      String hashHex = token.hash().hex();
      List<Command> commands = new ArrayList<>();
      commands.add(new Command.SystemPut(RequestId.random(random), StoreKeys.token(hashHex), seal(StoreKeys.token(hashHex), rec.toBytes().toByteArray()), new Command.Precondition.Absent()));
      commands.add(new Command.SystemPut(RequestId.random(random), StoreKeys.tokenAccessor(accessor),
          seal(StoreKeys.tokenAccessor(accessor), hashHex.getBytes(StandardCharsets.US_ASCII)), new Command.Precondition.Absent()));
      if (rec.parentAccessor() != null) {
        commands.add(new Command.SystemPut(RequestId.random(random), StoreKeys.tokenChild(rec.parentAccessor(), accessor), Bytes.of(new byte[0]),
            new Command.Precondition.None()));
      }
      AppliedEntry applied = submit(commands);
      for (CommandResult r : applied.results()) {
        if (r instanceof CommandResult.SystemPutDone done && !done.written()) {
          throw new ClusterUnavailableException("a token with this hash or accessor already exists (a 1 in 2^128 event); retry", null);
        }
      }
      return new Created(token.text(), rec);
    } finally {
      token.destroy();
    }
  }

  /** The record of {@code accessor}, or of the caller when it is empty. */
  TokenRecord lookup(Principal caller, String accessor) {
    if (accessor.isEmpty()) {
      return caller.asParent(now());
    }
    return byAccessor(accessor).orElseThrow(() -> new IllegalArgumentException("no token with accessor " + accessor)).record();
  }

  TokenRecord renew(Principal caller, String accessor, long incrementMillis) {
    if (accessor.isEmpty() && caller.isRootToken()) {
      throw new IllegalArgumentException("the init root token never expires; there is nothing to renew");
    }
    for (int attempt = 0; attempt < 5; attempt++) {
      ByAccessor target = accessor.isEmpty() ? self(caller) : byAccessor(accessor)
          .orElseThrow(() -> new IllegalArgumentException("no token with accessor " + accessor));
      RenewResult r = TokenRules.renew(target.record(), incrementMillis, now(), limits);
      if (r instanceof RenewResult.Refused refused) {
        throw new IllegalArgumentException("cannot renew: " + refused.reason().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
            + " (token is " + refused.validity().name().toLowerCase(java.util.Locale.ROOT) + ")");
      }
      TokenRecord next = ((RenewResult.Renewed) r).record();
      if (putRecord(StoreKeys.token(target.hashHex()), next.toBytes().toByteArray(), Optional.of(target.stored().sealed()))) {
        return next;
      }
    }
    throw new ClusterUnavailableException("the token kept changing under concurrent requests; retry", null);
  }

  /** Revokes the token and every descendant, children first, in one log entry; returns how many. */
  int revoke(Principal caller, String accessor) {
    if (accessor.isEmpty() && caller.isRootToken()) {
      throw new IllegalArgumentException("the init root token is revoked by generating another and ... it cannot revoke itself here");
    }
    String root = accessor.isEmpty() ? caller.accessor() : accessor;
    if (byAccessor(root).isEmpty()) {
      throw new IllegalArgumentException("no token with accessor " + root);
    }
    RevocationPlan plan = RevocationPlan.of(root, this::children, MAX_TOKENS_REVOKED);
    List<Command> commands = new ArrayList<>();
    for (String a : plan.accessors()) {
      Optional<ByAccessor> t = byAccessor(a);
      if (t.isPresent()) {
        commands.add(new Command.SystemDelete(RequestId.random(random), StoreKeys.token(t.get().hashHex()), new Command.Precondition.None()));
        if (t.get().record().parentAccessor() != null) {
          commands.add(new Command.SystemDelete(RequestId.random(random), StoreKeys.tokenChild(t.get().record().parentAccessor(), a), new Command.Precondition.None()));
        }
      }
      commands.add(new Command.SystemDelete(RequestId.random(random), StoreKeys.tokenAccessor(a), new Command.Precondition.None()));
    }
    submit(commands);
    return plan.accessors().size();
  }

  private List<String> children(String parent) {
    String prefix = StoreKeys.tokenChildPrefix(parent);
    List<String> out = new ArrayList<>();
    for (String key : raft.state().systemKeys(prefix, MAX_TOKENS_REVOKED)) {
      StoreKeys.childOf(key).ifPresent(out::add);
    }
    return out;
  }

  private record Stored(Bytes sealed, TokenRecord record) {}

  private record ByAccessor(String hashHex, Stored stored) {
    TokenRecord record() {
      return stored.record();
    }
  }

  private ByAccessor self(Principal caller) {
    return new ByAccessor(caller.hash().hex(), load(caller.hash()).orElseThrow(() -> new Denied("the token was revoked")));
  }

  private Optional<ByAccessor> byAccessor(String accessor) {
    if (!Tokens.isAccessor(accessor)) {
      throw new IllegalArgumentException("'" + accessor + "' is not an accessor (ac. followed by 22 characters)");
    }
    String key = StoreKeys.tokenAccessor(accessor);
    Optional<Bytes> sealed = raft.state().systemRecord(key);
    if (sealed.isEmpty()) {
      return Optional.empty();
    }
    String hashHex = open(key, sealed.get());
    return load(TokenHash.fromHex(hashHex)).map(s -> new ByAccessor(hashHex, s));
  }

  private Optional<Stored> load(TokenHash hash) {
    String key = StoreKeys.token(hash.hex());
    return raft.state().systemRecord(key).map(sealed -> new Stored(sealed, TokenRecord.fromBytes(Bytes.of(openBytes(key, sealed)))));
  }

  // ------------------------------------------------------------------------------ policies

  void writePolicy(String name, String json) {
    if (name.equals(Policy.ROOT)) {
      throw new IllegalArgumentException("the root policy is built in and cannot be written");
    }
    Policy p = PolicyParser.parse(name, json);
    String canonical = PolicyParser.toJson(p);
    putRecord(StoreKeys.policy(name), canonical.getBytes(StandardCharsets.UTF_8), Optional.empty());
  }

  Optional<String> readPolicy(String name) {
    if (name.equals(Policy.ROOT)) {
      return Optional.of(PolicyParser.toJson(BuiltinPolicies.ROOT));
    }
    Optional<Policy> p = policy(name);
    if (p.isEmpty() && name.equals(Policy.DEFAULT)) {
      return Optional.of(PolicyParser.toJson(BuiltinPolicies.DEFAULT));
    }
    return p.map(PolicyParser::toJson);
  }

  List<String> listPolicies() {
    java.util.TreeSet<String> names = new java.util.TreeSet<>(List.of(Policy.ROOT, Policy.DEFAULT));
    for (String key : raft.state().systemKeys(StoreKeys.POLICY, 10_000)) {
      names.add(key.substring(StoreKeys.POLICY.length()));
    }
    return List.copyOf(names);
  }

  boolean deletePolicy(String name) {
    if (name.equals(Policy.ROOT) || name.equals(Policy.DEFAULT)) {
      throw new IllegalArgumentException("the " + name + " policy is built in and cannot be deleted");
    }
    Policy.checkName(name);
    AppliedEntry applied = submit(List.of(new Command.SystemDelete(RequestId.random(random), StoreKeys.policy(name), new Command.Precondition.None())));
    policies.remove(name);
    return ((CommandResult.SystemDeleteDone) applied.results().get(0)).deleted();
  }

  // ------------------------------------------------------------------------------ break-glass

  /**
   * Opens an emergency access request. Its approvals are signed by the key holders registered at
   * init; the window for them is one hour.
   */
  BreakGlassState breakGlassOpen(java.util.Collection<String> policyNames, long ttlMillis, String reason, Bytes requesterKey) {
    SealRecord record = raft.state().systemRecord(ReplicatedSealStore.KEY).map(SealRecord::fromBytes)
        .orElseThrow(() -> new IllegalStateException("the cluster is not initialized"));
    if (record.holders().isEmpty()) {
      throw new IllegalArgumentException("break-glass needs key holders registered at init (operator init --holder-key ...);"
          + " this cluster's shares were handed out in the clear");
    }
    java.util.TreeMap<String, io.strongroom.crypto.HolderPublicKeys> holders = new java.util.TreeMap<>();
    for (int i = 0; i < record.holders().size(); i++) {
      holders.put("holder-" + (i + 1), record.holders().get(i));
    }
    long now = now();
    byte[] nonce = new byte[BreakGlassRequest.NONCE_BYTES];
    random.nextBytes(nonce);
    BreakGlassRequest request = BreakGlassRequest.create(Bytes.of(nonce), policyNames, ttlMillis, reason,
        requesterKey, now, now + BREAK_GLASS_WINDOW_MILLIS);
    TokenSeal.checkRecipient(request, random);
    BreakGlassState state = BreakGlassState.open(request, Quorum.of(holders, record.keySet().threshold()));
    String key = StoreKeys.breakGlass(request.id());
    AppliedEntry applied = submit(List.of(new Command.SystemPut(RequestId.random(random), key, seal(key, state.toBytes().toByteArray()),
        new Command.Precondition.Absent())));
    if (!((CommandResult.SystemPutDone) applied.results().get(0)).written()) {
      throw new ClusterUnavailableException("a break-glass request with this id exists already; retry", null);
    }
    return state;
  }

  /** The stored state of request {@code id}. */
  BreakGlassState breakGlassStatus(String id) {
    return loadBreakGlass(id).state();
  }

  /**
   * Records one holder's signed approval; the k-th valid one issues the token, sealed to the
   * requester's key, in the same log entry.
   *
   * @throws IllegalArgumentException naming the holder for a forged, replayed, expired or unknown approval
   */
  BreakGlassState breakGlassApprove(String id, io.strongroom.crypto.Approval approval) {
    for (int attempt = 0; attempt < 5; attempt++) {
      StoredBreakGlass stored = loadBreakGlass(id);
      long now = now();
      ApprovalResult result = BreakGlass.approve(stored.state(), approval, now);
      if (result instanceof ApprovalResult.Rejected rejected) {
        throw new IllegalArgumentException("approval refused (" + rejected.reason().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
            + ", holder " + rejected.holder() + "): " + rejected.message());
      }
      BreakGlassState next = ((ApprovalResult.Accepted) result).state();
      List<Command> commands = new ArrayList<>();
      String key = StoreKeys.breakGlass(id);
      if (next.isApproved() && !next.isIssued()) {
        String accessor = Tokens.newAccessor(random);
        Token token = Tokens.mint(random);
        try {
          SealedToken sealed = TokenSeal.seal(token, next.request(), random);
          IssueResult issued = BreakGlass.issue(next, now, accessor, sealed);
          if (issued instanceof IssueResult.Refused refused) {
            throw new IllegalArgumentException(refused.message());
          }
          IssueResult.Issued ok = (IssueResult.Issued) issued;
          next = ok.state();
          String hashHex = token.hash().hex();
          commands.add(new Command.SystemPut(RequestId.random(random), StoreKeys.token(hashHex),
              seal(StoreKeys.token(hashHex), ok.record().toBytes().toByteArray()), new Command.Precondition.Absent()));
          commands.add(new Command.SystemPut(RequestId.random(random), StoreKeys.tokenAccessor(accessor),
              seal(StoreKeys.tokenAccessor(accessor), hashHex.getBytes(StandardCharsets.US_ASCII)), new Command.Precondition.Absent()));
        } finally {
          token.destroy();
        }
      }
      commands.add(0, new Command.SystemPut(RequestId.random(random), key, seal(key, next.toBytes().toByteArray()),
          new Command.Precondition.Matches(ReplicatedState.sha256(stored.sealed().toByteArray()))));
      AppliedEntry applied = submit(commands);
      if (((CommandResult.SystemPutDone) applied.results().get(0)).written()) {
        if (next.isIssued()) {
          LOG.warn("break-glass request {} approved by {} holders: emergency token issued", id, next.approvals().size());
        }
        return next;
      }
    }
    throw new ClusterUnavailableException("the break-glass request kept changing under concurrent approvals; retry", null);
  }

  private record StoredBreakGlass(Bytes sealed, BreakGlassState state) {}

  private StoredBreakGlass loadBreakGlass(String id) {
    String key;
    try {
      key = StoreKeys.breakGlass(id);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("'" + id + "' is not a break-glass request id");
    }
    Bytes sealed = raft.state().systemRecord(key).orElseThrow(() -> new IllegalArgumentException("no break-glass request " + id));
    return new StoredBreakGlass(sealed, BreakGlassState.fromBytes(Bytes.of(openBytes(key, sealed))));
  }

  // ------------------------------------------------------------------------------ storage

  /** Writes a sealed record; with {@code expected}, only if the stored one is still that. */
  private boolean putRecord(String key, byte[] plaintext, Optional<Bytes> expected) {
    Command.Precondition pre = expected
        .<Command.Precondition>map(b -> new Command.Precondition.Matches(ReplicatedState.sha256(b.toByteArray())))
        .orElseGet(Command.Precondition.None::new);
    AppliedEntry applied = submit(List.of(new Command.SystemPut(RequestId.random(random), key, seal(key, plaintext), pre)));
    return ((CommandResult.SystemPutDone) applied.results().get(0)).written();
  }

  private AppliedEntry submit(List<Command> commands) {
    try {
      return raft.submit(new LogEntry(0, commands)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterUnavailableException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new ClusterUnavailableException("could not commit the change; retry", e);
    }
  }

  private Bytes seal(String key, byte[] plaintext) {
    return seal.encrypt("sys/" + key, plaintext);
  }

  private String open(String key, Bytes sealed) {
    return new String(openBytes(key, sealed), StandardCharsets.UTF_8);
  }

  private byte[] openBytes(String key, Bytes sealed) {
    try (SecretBytes plain = seal.decrypt("sys/" + key, sealed)) {
      return plain.toByteArray();
    } catch (DecryptionFailedException e) {
      throw new IllegalStateException("the record " + key + " does not decrypt: " + e.getMessage(), e);
    }
  }

  /** Maps the module's typed refusals onto the node's: bad input is INVALID_ARGUMENT. */
  static RuntimeException invalid(AccessException e) {
    return new IllegalArgumentException(e.getMessage(), e);
  }
}
