package io.strongroom.unseal;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.crypto.Bytes;
import io.strongroom.crypto.HolderKeys;
import io.strongroom.crypto.HolderPrivateKeys;
import io.strongroom.crypto.HolderPublicKeys;
import io.strongroom.crypto.KeySetId;
import io.strongroom.crypto.SecretBytes;
import io.strongroom.crypto.Share;
import io.strongroom.crypto.ShareCodec;
import io.strongroom.storage.barrier.BarrierPolicy;
import io.strongroom.storage.engine.InMemoryEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the ceremony transcripts in {@code src/test/resources/transcripts/*.txt}, in the style of
 * etcd raft's {@code interaction_test.go}: each {@code > command} line is followed by the output it
 * must produce. Output shows progress, outcomes and errors, never secrets: shares are referred to by
 * label ({@code ks1:3} is share 3 of the first key set), key set ids and nonces are replaced by
 * labels, tokens are never printed.
 *
 * <p>Run with {@code -Dtranscript.rewrite=true} to regenerate the files from the current behaviour,
 * then review the diff.
 *
 * <p>Commands:
 * <pre>
 * start [hsm]                     a new node over the same store (closes the previous one)
 * init N K [holders]              init; holders: shares sealed to generated holder keys
 * status                          the seal status
 * unseal ks1:2 [typo|forged]      submit a share (typo: one character changed; forged: right key
 *                                 set and index, wrong value)
 * unseal-reset | auto-unseal | seal | close | rotate
 * put PATH VALUE | get PATH       data operations through the barrier
 * data-ops                        try every data operation and keyed ceremony, print each outcome
 * rekey-start N K [verify] [holders] | rekey ks1:2 [...] | rekey-verify ks2:1 [...] | rekey-cancel
 * genroot-start otp|hpke | genroot ks1:2 [...] | genroot-cancel
 * root-token initial|generated    whether that token is a root token
 * audit                           audit events since the last audit command
 * </pre>
 */
class TranscriptTest {

  @TestFactory
  Stream<DynamicTest> transcripts() throws IOException {
    Path dir = Paths.get(System.getProperty("strongroom.transcripts.dir", "src/test/resources/transcripts"));
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> run(f)));
  }

  private static void run(Path file) throws Exception {
    String expected = Files.readString(file, StandardCharsets.UTF_8);
    String actual = new Runner().replay(expected);
    if (Boolean.getBoolean("transcript.rewrite")) {
      Files.writeString(file, actual, StandardCharsets.UTF_8);
      return;
    }
    assertThat(actual).as("transcript %s (rerun with -Dtranscript.rewrite=true to regenerate)", file.getFileName())
        .isEqualTo(expected);
  }

  static SecureRandom seeded(long seed) {
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(seed);
      return r;
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** Replays one transcript. */
  static final class Runner {
    private final SecureRandom random = seeded(42);
    private final SealStore store = new EngineSealStore(new InMemoryEngine());
    private final FakeHsm hsm = new FakeHsm(random);
    private final List<CeremonyEvent> events = new ArrayList<>();
    private int eventsShown;
    private SealLifecycle node;
    private final Map<String, String> shares = new HashMap<>(); // "ks1:3" -> share text
    private final Map<String, String> labels = new LinkedHashMap<>(); // id or nonce -> label
    private int keySets;
    private int nonces;
    private final Map<String, Bytes> data = new HashMap<>();
    private final List<HolderPrivateKeys> holderKeys = new ArrayList<>();
    private String rekeyNonce = "";
    private String verifyNonce = "";
    private String genrootNonce = "";
    private TokenProtection protection;
    private HolderPrivateKeys requester;
    private String initialToken;
    private String generatedToken;

    String replay(String script) {
      StringBuilder out = new StringBuilder();
      for (String line : script.split("\n")) {
        if (line.startsWith("> ")) {
          out.append(line).append('\n');
          for (String o : execute(line.substring(2).trim())) {
            out.append(o).append('\n');
          }
        } else if (line.startsWith("#") || line.isBlank()) {
          out.append(line).append('\n');
        }
        // Any other line is expected output, regenerated above.
      }
      return out.toString();
    }

    private List<String> execute(String command) {
      List<String> out = new ArrayList<>();
      try {
        dispatch(command.split("\\s+"), out);
      } catch (SealException | IllegalArgumentException e) {
        out.add(describe(e));
      }
      return out;
    }

    private void dispatch(String[] a, List<String> out) {
      switch (a[0]) {
        case "start" -> {
          if (node != null) {
            node.close();
          }
          boolean withHsm = a.length > 1 && a[1].equals("hsm");
          // A reservation every 2 encryptions: the keyring is re-persisted often, mid-ceremony too.
          node = SealLifecycle.start(store, events::add, random,
              withHsm ? Optional.of(hsm) : Optional.empty(), new BarrierPolicy(1L << 20, 2));
          out.add("state " + node.state());
        }
        case "init" -> {
          boolean sealed = has(a, "holders");
          List<HolderPublicKeys> pub = sealed ? holders(Integer.parseInt(a[1])) : List.of();
          InitResult r = node.init(Integer.parseInt(a[1]), Integer.parseInt(a[2]), pub);
          initialToken = r.rootToken();
          String ks = remember(r.keySet().id().toString(), r.shares(), sealed);
          out.add("initialized " + r.type().name().toLowerCase() + " seal: key set " + ks + ", "
              + r.shares().size() + (sealed ? " shares sealed to holders" : " share texts") + ", threshold "
              + r.keySet().threshold() + ", root token issued");
          out.add("state " + node.state());
        }
        case "hsm" -> {
          hsm.broken = a[1].equals("broken");
          out.add("hsm " + a[1]);
        }
        case "status" -> {
          SealStatus s = node.status();
          out.add(label("state " + s.state() + " type " + s.type().map(Enum::name).orElse("-") + " key set "
              + s.keySet().map(KeySetId::toString).orElse("-") + " threshold " + s.threshold() + " shares "
              + s.shares() + " progress " + s.progress() + " nonce " + (s.nonce().isEmpty() ? "-" : s.nonce())
              + " term " + s.activeTerm()));
        }
        case "unseal" -> out.add(show(node.unseal(share(a))));
        case "unseal-reset" -> out.add(show(node.unsealReset()));
        case "auto-unseal" -> out.add(show(node.autoUnseal()));
        case "seal" -> {
          node.seal();
          out.add("state " + node.state());
        }
        case "close" -> {
          node.close();
          out.add("state " + node.state());
        }
        case "rotate" -> out.add("active term " + node.rotate());
        case "put" -> {
          Bytes ct = node.encrypt(a[1], a[2].getBytes(StandardCharsets.UTF_8));
          data.put(a[1], ct);
          out.add("ok term " + io.strongroom.storage.barrier.Barrier.termOf(ct).getAsInt());
        }
        case "get" -> out.add(get(a[1]));
        case "data-ops" -> dataOps(out);
        case "rekey-start" -> {
          boolean sealed = has(a, "holders");
          int n = Integer.parseInt(a[1]);
          RekeyResult.Progress p = node.rekeyStart(n, Integer.parseInt(a[2]), sealed ? holders(n) : List.of(),
              has(a, "verify"));
          rekeyNonce = p.nonce();
          out.add(show(p));
        }
        case "rekey" -> out.add(show(node.rekeySubmit(a.length > 2 && a[2].equals("bad-nonce") ? "0" : rekeyNonce,
            share(a))));
        case "rekey-verify" -> out.add(show(node.rekeyVerify(verifyNonce, share(a))));
        case "rekey-cancel" -> {
          node.rekeyCancel();
          out.add("rekey cancelled");
        }
        case "genroot-start" -> {
          TokenProtection asked;
          HolderPrivateKeys asker = null;
          if (a[1].equals("otp")) {
            asked = new TokenProtection.Otp(RootTokens.newOtp(random));
          } else {
            asker = HolderKeys.generate(random);
            asked = new TokenProtection.RecipientKey(asker.publicKeys().encryptionKey());
          }
          GenerateRootResult.Progress p = node.generateRootStart(asked);
          protection = asked;
          requester = asker;
          genrootNonce = p.nonce();
          out.add(show(p));
        }
        case "genroot" -> {
          GenerateRootResult r = node.generateRootSubmit(genrootNonce, share(a));
          out.add(show(r));
          if (r instanceof GenerateRootResult.Generated g) {
            out.addAll(checkGenerated(g));
          }
        }
        case "genroot-cancel" -> {
          node.generateRootCancel();
          out.add("generate-root cancelled");
        }
        case "root-token" -> {
          String t = a[1].equals("initial") ? initialToken : generatedToken;
          if (t == null) {
            throw new IllegalArgumentException("transcript has no " + a[1] + " token");
          }
          out.add(a[1] + " token is " + (node.isRootToken(t) ? "a root token" : "not a root token"));
        }
        case "audit" -> {
          for (; eventsShown < events.size(); eventsShown++) {
            CeremonyEvent e = events.get(eventsShown);
            out.add(label("audit " + e.ceremony() + " " + e.step() + " " + e.outcome()
                + (e.holderIndex() > 0 ? " holder " + e.holderIndex() : "") + " progress " + e.progress() + "/"
                + e.threshold() + (e.detail().isEmpty() ? "" : " (" + e.detail() + ")")));
          }
        }
        default -> throw new IllegalArgumentException("unknown transcript command: " + a[0]);
      }
    }

    /** The generate-root checks: only the requester can read the token. */
    private List<String> checkGenerated(GenerateRootResult.Generated g) {
      List<String> out = new ArrayList<>();
      String token = protection instanceof TokenProtection.Otp otp
          ? RootTokens.decodeOtp(g.encodedToken(), otp.otp())
          : RootTokens.openSealed(g.encodedToken(), requester);
      generatedToken = token;
      String body = token.substring(RootTokens.PREFIX.length());
      assertThat(g.encodedToken()).doesNotContain(body);
      assertThat(token).matches("sr\\.[A-Za-z0-9_-]{43}");
      // A submitter holds the encoded token and their own shares: neither decodes it.
      for (String text : shares.values()) {
        Share s = ShareCodec.decode(text);
        String fakePad = s.value().withBytes(b -> java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b));
        if (protection instanceof TokenProtection.Otp) {
          assertThat(RootTokens.decodeOtp(g.encodedToken(), fakePad)).isNotEqualTo(token);
        }
        s.destroy();
      }
      if (protection instanceof TokenProtection.RecipientKey) {
        HolderPrivateKeys someoneElse = HolderKeys.generate(random);
        try {
          RootTokens.openSealed(g.encodedToken(), someoneElse);
          throw new AssertionError("a non-requester opened the token");
        } catch (IllegalArgumentException expected) {
          assertThat(expected).hasMessage("decryption failed");
        }
      }
      out.add("requester decodes a root token: " + node.isRootToken(token)
          + "; encoded token alone or with the submitters' shares does not reveal it");
      return out;
    }

    private void dataOps(List<String> out) {
      Map<String, Runnable> ops = new LinkedHashMap<>();
      ops.put("encrypt", () -> node.encrypt("secret/a", new byte[] {1}));
      ops.put("decrypt", () -> {
        try {
          node.decrypt("secret/a", data.getOrDefault("secret/a", Bytes.of(new byte[40])));
        } catch (io.strongroom.storage.barrier.DecryptionFailedException e) {
          throw new IllegalArgumentException(e.getMessage());
        }
      });
      ops.put("system-keys", () -> node.systemKeys().destroy());
      ops.put("is-root-token", () -> node.isRootToken("sr.x"));
      ops.put("rotate", node::rotate);
      ops.put("rekey-start", () -> node.rekeyStart(3, 2, List.of(), false));
      ops.put("genroot-start", () -> node.generateRootStart(new TokenProtection.Otp(RootTokens.newOtp(random))));
      for (Map.Entry<String, Runnable> op : ops.entrySet()) {
        try {
          op.getValue().run();
          out.add(op.getKey() + ": ok");
        } catch (SealException | IllegalArgumentException e) {
          out.add(op.getKey() + ": " + describe(e));
        }
      }
    }

    private String get(String path) {
      if (!data.containsKey(path)) {
        return "no value at " + path;
      }
      try (SecretBytes v = node.decrypt(path, data.get(path))) {
        return "ok value " + v.withBytes(b -> new String(b, StandardCharsets.UTF_8));
      } catch (io.strongroom.storage.barrier.DecryptionFailedException e) {
        return "error " + e.getMessage();
      }
    }

    private String share(String[] a) {
      if (!a[1].startsWith("ks")) {
        return a[1]; // a literal share text
      }
      String text = shares.get(a[1]);
      if (text == null) {
        throw new IllegalArgumentException("transcript has no share " + a[1]);
      }
      if (has(a, "typo")) {
        int at = 30;
        char c = text.charAt(at);
        return text.substring(0, at) + (c == 'X' ? 'Y' : 'X') + text.substring(at + 1);
      }
      if (has(a, "forged")) {
        Share real = ShareCodec.decode(text);
        Share forged = new Share(real.keySet(), real.index(), SecretBytes.random(random, 32));
        real.destroy();
        return ShareCodec.encode(forged);
      }
      return text;
    }

    private List<HolderPublicKeys> holders(int n) {
      holderKeys.clear();
      List<HolderPublicKeys> pub = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        HolderPrivateKeys k = HolderKeys.generate(random);
        holderKeys.add(k);
        pub.add(k.publicKeys());
      }
      return pub;
    }

    /** Files the shares of a new key set under its label; envelopes are opened by their holders. */
    private String remember(String keySetId, List<String> texts, boolean sealed) {
      String label = "ks" + (++keySets);
      labels.put(keySetId, label);
      for (int i = 0; i < texts.size(); i++) {
        String t = texts.get(i);
        if (sealed) {
          assertThat(t).startsWith(ShareEnvelopes.PREFIX);
          t = ShareEnvelopes.open(t, holderKeys.get(i));
        }
        shares.put(label + ":" + (i + 1), t);
      }
      return label;
    }

    private String show(Object result) {
      if (result instanceof UnsealResult.Progress p) {
        return label("unseal progress " + p.progress() + "/" + p.threshold() + " of " + p.shares() + " nonce "
            + nonceLabel(p.nonce()));
      }
      if (result instanceof UnsealResult.Unsealed u) {
        return label("unsealed with key set " + u.keySet() + ", active term " + u.activeTerm());
      }
      if (result instanceof RekeyResult.Progress p) {
        return "rekey " + p.phase().name().toLowerCase() + " progress " + p.progress() + "/" + p.threshold() + " of "
            + p.shares() + " nonce " + nonceLabel(p.nonce()) + ", new " + p.newShares() + "/" + p.newThreshold()
            + (p.verificationRequired() ? " with verification" : "");
      }
      if (result instanceof RekeyResult.PendingVerification v) {
        verifyNonce = v.verificationNonce();
        boolean sealed = v.shares().get(0).startsWith(ShareEnvelopes.PREFIX);
        String ks = remember(v.pendingKeySet().toString(), v.shares(), sealed);
        return "rekey authorized: " + v.shares().size() + " new shares of key set " + ks
            + " issued, pending verification nonce " + nonceLabel(v.verificationNonce());
      }
      if (result instanceof RekeyResult.Rekeyed r) {
        if (!r.shares().isEmpty()) {
          boolean sealed = r.shares().get(0).startsWith(ShareEnvelopes.PREFIX);
          String ks = remember(r.keySet().toString(), r.shares(), sealed);
          return "rekeyed: key set " + ks + " in effect, " + r.shares().size() + " new shares issued";
        }
        return label("rekeyed: key set " + r.keySet() + " in effect");
      }
      if (result instanceof GenerateRootResult.Progress p) {
        return "generate-root progress " + p.progress() + "/" + p.threshold() + " of " + p.shares() + " nonce "
            + nonceLabel(p.nonce());
      }
      if (result instanceof GenerateRootResult.Generated g) {
        return "generate-root complete: encoded token (" + g.protection() + ")";
      }
      throw new AssertionError("unknown result " + result);
    }

    private String describe(RuntimeException e) {
      String kind = e.getClass().getSimpleName();
      if (e instanceof CeremonyException c) {
        kind += "(" + c.reason() + c.holderIndex().stream().mapToObj(i -> ", holder " + i).findFirst().orElse("") + ")";
      }
      return label("error " + kind + ": " + e.getMessage());
    }

    private String nonceLabel(String nonce) {
      if (nonce.isEmpty()) {
        return "-";
      }
      return labels.computeIfAbsent(nonce, n -> "<n" + (++nonces) + ">");
    }

    private String label(String text) {
      for (Map.Entry<String, String> e : labels.entrySet()) {
        text = text.replace(e.getKey(), e.getValue());
      }
      return text;
    }

    private static boolean has(String[] a, String flag) {
      for (int i = 1; i < a.length; i++) {
        if (a[i].equals(flag)) {
          return true;
        }
      }
      return false;
    }
  }

  /** A stand-in HSM for transcripts: AES-GCM under a key that lives only in this object. */
  static final class FakeHsm implements RootKeyWrapper {
    private final SecretBytes key;
    boolean broken;

    FakeHsm(SecureRandom random) {
      this.key = SecretBytes.random(random, 32);
    }

    @Override
    public Bytes wrap(SecretBytes rootKey, SecureRandom random) {
      byte[] nonce = new byte[12];
      random.nextBytes(nonce);
      byte[] ct = crypt(javax.crypto.Cipher.ENCRYPT_MODE, nonce, rootKey.toByteArray());
      return Bytes.of(new Wire.Writer().raw(nonce).raw(ct).toByteArray());
    }

    @Override
    public SecretBytes unwrap(Bytes wrapped) {
      if (broken) {
        throw new IllegalStateException("token not present");
      }
      byte[] in = wrapped.toByteArray();
      return SecretBytes.adopt(crypt(javax.crypto.Cipher.DECRYPT_MODE, java.util.Arrays.copyOf(in, 12),
          java.util.Arrays.copyOfRange(in, 12, in.length)));
    }

    private byte[] crypt(int mode, byte[] nonce, byte[] input) {
      return key.withBytes(k -> {
        try {
          javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
          c.init(mode, new javax.crypto.spec.SecretKeySpec(k, "AES"), new javax.crypto.spec.GCMParameterSpec(128, nonce));
          return c.doFinal(input);
        } catch (java.security.GeneralSecurityException e) {
          throw new IllegalStateException("fake HSM failed", e);
        }
      });
    }
  }
}
