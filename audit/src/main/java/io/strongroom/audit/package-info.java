/**
 * Strongroom's tamper-evident audit log as a compatibility contract: the canonical entry encoding,
 * the hash chain, the RFC 6962 Merkle tree and its proofs, signed checkpoints, the JSON-lines export
 * and the offline verifier. Written by the replicated state machine, checked by auditors; depends
 * on no server code (only {@code jackson-core}).
 *
 * <p>Entry points:
 * <ul>
 *   <li>{@link io.strongroom.audit.AuditRecord}: what the edge node records per request;
 *       {@link io.strongroom.audit.AuditHmac} HMACs its path and accessor;</li>
 *   <li>{@link io.strongroom.audit.AuditChain}: a replica's state; {@code append} turns a record into
 *       an {@link io.strongroom.audit.AuditEntry}, deterministically;</li>
 *   <li>{@link io.strongroom.audit.CheckpointSigner} signs a {@link io.strongroom.audit.Checkpoint};
 *       {@link io.strongroom.audit.AuditPublicKey} is what auditors verify with;</li>
 *   <li>{@link io.strongroom.audit.MerkleTree}: roots, inclusion and consistency proofs
 *       ({@link io.strongroom.audit.InclusionProof}, {@link io.strongroom.audit.ConsistencyProof});</li>
 *   <li>{@link io.strongroom.audit.AuditJson}: the JSON forms; {@link io.strongroom.audit.AuditVerifier}
 *       checks an export or a proof and returns a {@link io.strongroom.audit.VerificationResult} or
 *       {@link io.strongroom.audit.ProofResult}.</li>
 * </ul>
 *
 * <h2>IMPORTANT: the canonical entry encoding, version 1</h2>
 *
 * Integers are big-endian; strings are a u16 byte length then the bytes (UTF-8; every allowed
 * character is ASCII, so one byte each); an optional HMAC is a kind byte, {@code 0x00} for absent
 * (nothing follows) or {@code 0x01} for HMAC-SHA256 (32 bytes follow), so an absent value can never
 * be confused with any present one. Fields, in this order, with nothing between or after them:
 *
 * <pre>
 * u8        version        0x01
 * u64       seq            >= 1
 * u64       raft_index     >= 0 (at most 2^63 - 1)
 * u64       leader_time    milliseconds since the epoch, >= 0 (at most 2^63 - 1)
 * u16 + n   request_id     1..128 of [A-Za-z0-9._:-]
 * u16 + n   node_id        1..64  of [A-Za-z0-9._-]
 * u16 + n   op             1..64  of [a-z0-9._-]
 * u16 + n   outcome        "ok", or [A-Z] then up to 63 of [A-Z0-9_]
 * u8 (+32)  path_hmac      0x00 | 0x01 + the 32 HMAC bytes of "hmac-sha256:&lt;hex&gt;"
 * u8 (+32)  accessor_hmac  0x00 | 0x01 + 32 bytes
 * 32 bytes  prev_hash      hash of entry seq - 1; all zeros for seq 1
 * </pre>
 *
 * <h2>IMPORTANT: hashes</h2>
 *
 * <pre>
 * entry hash  = SHA-256(0x00 || encoding)          chain link (the next prev_hash) and RFC 6962 leaf hash
 * node hash   = SHA-256(0x01 || left || right)     RFC 6962 interior node
 * tree root   = MTH(entry hashes 1..n)             RFC 9162 section 2.1.1; SHA-256() when n = 0
 * </pre>
 *
 * Because {@code prev_hash} is inside the encoding, one SHA-256 per entry serves both the chain and
 * the tree, and the version byte right after the leaf prefix keeps a future encoding from ever
 * hashing like this one. The checkpoint message is in {@link io.strongroom.audit.Checkpoint}, the
 * chain state in {@link io.strongroom.audit.AuditChain}, the JSON forms in
 * {@link io.strongroom.audit.AuditJson}, the key text in {@link io.strongroom.audit.AuditPublicKey};
 * {@code docs/audit-format.md} has all of it in one place.
 *
 * <p>Conventions: values are immutable and thread-safe unless a class says otherwise
 * ({@link io.strongroom.audit.AuditChain} has one owner); nothing here reads a clock, and only
 * {@link io.strongroom.audit.CheckpointSigner#generate} takes randomness (a {@code SecureRandom}
 * argument); bad input raises a subclass of the sealed {@link io.strongroom.audit.AuditException};
 * a log that does not verify is a result value, not an exception. Cryptography is nothing
 * hand-made: SHA-256 and HMAC-SHA256 are the JDK's, Ed25519 is BouncyCastle's RFC 8032 code.
 */
package io.strongroom.audit;
