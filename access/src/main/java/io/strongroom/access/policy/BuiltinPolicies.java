package io.strongroom.access.policy;

import java.util.List;

/**
 * The two built-in policies.
 *
 * <ul>
 *   <li>{@link #ROOT}: allows every capability on every path and is not subject to {@code deny}
 *       (an {@link Acl} holding it short-circuits). It has no rules of its own and can never be
 *       written ({@link PolicyParser#parse} refuses the name).</li>
 *   <li>{@link #DEFAULT}: what every non-root token gets unless its creator opts out. Only what a
 *       token needs to manage itself, nothing that reaches data:
 *       <pre>
 * auth/token/lookup-self   read     see its own record (policies, expiry, uses left)
 * auth/token/renew-self    update   extend its own lease, within its limits
 * auth/token/revoke-self   update   give itself up
 * sys/capabilities-self    update   ask what it may do on a path
 *       </pre>
 *       Operators may overwrite {@code default} (as in Vault; the node stores it under
 *       {@code policy/default}); where no stored version exists the node uses this one.</li>
 * </ul>
 */
public final class BuiltinPolicies {
  /** The root policy: everything, everywhere. */
  public static final Policy ROOT = new Policy(Policy.ROOT, List.of());

  /** The built-in content of the default policy. */
  public static final Policy DEFAULT = new Policy(Policy.DEFAULT, List.of(
      PathRule.of("auth/token/lookup-self", Capability.READ),
      PathRule.of("auth/token/renew-self", Capability.UPDATE),
      PathRule.of("auth/token/revoke-self", Capability.UPDATE),
      PathRule.of("sys/capabilities-self", Capability.UPDATE)));

  private BuiltinPolicies() {}
}
