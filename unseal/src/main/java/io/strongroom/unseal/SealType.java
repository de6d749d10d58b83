package io.strongroom.unseal;

/**
 * How the root key is protected at rest.
 *
 * <p>IMPORTANT: the {@link #code()} values are stored in {@link SealRecord}s; never renumber.
 */
public enum SealType {
  /** The root key is split into Shamir shares; k holders unseal the node. */
  SHAMIR(1),
  /**
   * The root key is wrapped by an HSM key through PKCS#11; the node unseals itself. The Shamir
   * shares are recovery shares of a separate recovery key: they authorize rekey and generate-root
   * but cannot decrypt anything.
   */
  PKCS11(2);

  private final int code;

  SealType(int code) {
    this.code = code;
  }

  /** The stored code. */
  public int code() {
    return code;
  }

  static SealType fromCode(int code) {
    for (SealType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown seal type code " + code);
  }
}
