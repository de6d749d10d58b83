package io.strongroom.access.token;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The order in which to revoke a token and everything it created, as Vault revokes a token tree.
 *
 * <p>The store keeps a child index ({@code token-child/<parent>/<child>}, see
 * {@link io.strongroom.access.StoreKeys#tokenChild}); the node passes a lookup over it.
 * {@link #of} walks the tree depth-first and lists every descendant before its parent, the root
 * last. Revoking in that order never leaves a live token whose parent is gone, so a revocation cut
 * short (a crash, a leader change) can simply be planned and run again. Children are visited in
 * sorted order, so the plan is deterministic whatever order the lookup returns. A token reached
 * twice (a corrupt index with a cycle or a shared child) is listed once.
 *
 * @param accessors every accessor to revoke, descendants before ancestors, the root last
 */
public record RevocationPlan(List<String> accessors) {

  public RevocationPlan {
    accessors = List.copyOf(accessors);
  }

  /**
   * Plans the revocation of {@code root} and its descendants.
   *
   * @param childrenOf the direct children of an accessor (empty if none); called once per token
   * @param maxTokens refuse to plan more than this many tokens
   * @throws IllegalStateException if the tree has more than {@code maxTokens} tokens; revoke in
   *     parts (the children first) or raise the bound
   */
  public static RevocationPlan of(String root, Function<String, ? extends Collection<String>> childrenOf,
      int maxTokens) {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(childrenOf, "childrenOf");
    List<String> order = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Deque<Frame> stack = new ArrayDeque<>();
    seen.add(root);
    stack.push(new Frame(root, children(childrenOf, root)));
    while (!stack.isEmpty()) {
      Frame top = stack.peek();
      if (top.pending.hasNext()) {
        String child = top.pending.next();
        if (seen.add(child)) {
          if (seen.size() > maxTokens) {
            throw new IllegalStateException("the tree under " + root + " has more than " + maxTokens + " tokens");
          }
          stack.push(new Frame(child, children(childrenOf, child)));
        }
      } else {
        order.add(stack.pop().accessor);
      }
    }
    return new RevocationPlan(order);
  }

  /** {@link #of(String, Function, int)} without a bound. */
  public static RevocationPlan of(String root, Function<String, ? extends Collection<String>> childrenOf) {
    return of(root, childrenOf, Integer.MAX_VALUE);
  }

  private static Iterator<String> children(Function<String, ? extends Collection<String>> childrenOf, String parent) {
    Collection<String> c = childrenOf.apply(parent);
    return c == null ? List.<String>of().iterator() : new TreeSet<>(c).iterator();
  }

  private static final class Frame {
    final String accessor;
    final Iterator<String> pending;

    Frame(String accessor, Iterator<String> pending) {
      this.accessor = accessor;
      this.pending = pending;
    }
  }
}
