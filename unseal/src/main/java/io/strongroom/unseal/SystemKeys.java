package io.strongroom.unseal;

import io.strongroom.crypto.SecretBytes;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * The system keys made at init and kept sealed through the barrier: the audit HMAC key and the audit
 * signing key (an Ed25519 seed, RFC 8032). Handed out by {@link SealLifecycle#systemKeys()} as
 * copies the caller owns and should {@link #destroy()}.
 *
 * @param auditHmacKey the 32-byte HMAC-SHA256 key for audit principals and paths
 * @param auditSigningKey the 32-byte Ed25519 seed that signs audit checkpoints
 */
public record SystemKeys(SecretBytes auditHmacKey, SecretBytes auditSigningKey) implements Destroyable, AutoCloseable {
  public SystemKeys {
    Objects.requireNonNull(auditHmacKey, "auditHmacKey");
    Objects.requireNonNull(auditSigningKey, "auditSigningKey");
  }

  @Override
  public void destroy() {
    auditHmacKey.destroy();
    auditSigningKey.destroy();
  }

  /** Same as {@link #destroy()}, for try-with-resources. */
  @Override
  public void close() {
    destroy();
  }

  @Override
  public boolean isDestroyed() {
    return auditHmacKey.isDestroyed() && auditSigningKey.isDestroyed();
  }
}
