package io.strongroom.client;

import io.strongroom.protocol.v1.PolicyDeleteRequest;
import io.strongroom.protocol.v1.PolicyListRequest;
import io.strongroom.protocol.v1.PolicyReadRequest;
import io.strongroom.protocol.v1.PolicyWriteRequest;
import io.strongroom.protocol.v1.Response.ResultCase;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Path policies in Vault's JSON form, e.g. {@code {"path": {"app/*": {"capabilities": ["read", "list"]}}}}:
 * capabilities create, read, update, patch, delete, list, sudo and deny; {@code *} at the end
 * matches any suffix, {@code +} one segment; the most specific path wins and deny always wins.
 * Authorized on {@code sys/policy/<name>}. Blocking; thread-safe.
 */
public final class Policies {
  private final Caller caller;
  private final Caller.Route route;

  Policies(Caller caller, Caller.Route route) {
    this.caller = caller;
    this.route = route;
  }

  /** Creates or replaces policy {@code name}; the document is checked first and refused by line and column. */
  public void write(String name, String json) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(json, "json");
    caller.await(caller.call("policy write", route, r -> r.setPolicyWrite(PolicyWriteRequest.newBuilder().setName(name).setJson(json)),
        r -> Wire.expect(r, ResultCase.DONE, "policy write")));
  }

  /** Policy {@code name} in canonical JSON, or empty when there is none. */
  public Optional<String> read(String name) {
    Objects.requireNonNull(name, "name");
    try {
      return Optional.of(caller.await(caller.call("policy read", route, r -> r.setPolicyRead(PolicyReadRequest.newBuilder().setName(name)),
          r -> Wire.expect(r, ResultCase.POLICY, "policy read").getPolicy().getJson())));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  /** Every policy name, the built-in root and default included. */
  public List<String> list() {
    return caller.await(caller.call("policy list", route, r -> r.setPolicyList(PolicyListRequest.getDefaultInstance()),
        r -> List.copyOf(Wire.expect(r, ResultCase.POLICY_NAMES, "policy list").getPolicyNames().getNamesList())));
  }

  /** Deletes policy {@code name}; tokens holding it lose what it granted at once. */
  public void delete(String name) {
    Objects.requireNonNull(name, "name");
    caller.await(caller.call("policy delete", route, r -> r.setPolicyDelete(PolicyDeleteRequest.newBuilder().setName(name)),
        r -> Wire.expect(r, ResultCase.DONE, "policy delete")));
  }

  @Override
  public String toString() {
    return "Policies";
  }
}
