/**
 * Vault-style path policies: {@link io.strongroom.access.policy.Policy} documents read from Vault's
 * JSON form by {@link io.strongroom.access.policy.PolicyParser}, and the compiled
 * {@link io.strongroom.access.policy.Acl} that answers "may this token do that on this path" on
 * every request.
 *
 * <p>Semantics follow Vault's documented policy rules (developer.hashicorp.com/vault/docs/concepts/policies):
 * deny by default; {@code *} as the last character is a prefix match; a {@code +} segment matches
 * exactly one path segment; the most specific matching pattern wins by Vault's five priority rules;
 * the same pattern in several policies merges its capabilities; {@code deny} on the winning pattern
 * beats every other capability, {@code sudo} included; the built-in {@code root} policy allows
 * everything. Where this package is stricter than Vault it says so.
 */
package io.strongroom.access.policy;
