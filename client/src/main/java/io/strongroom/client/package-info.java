/**
 * The Java client of a Strongroom cluster.
 *
 * <p>Start at {@link io.strongroom.client.StrongroomClient}. Operations live in
 * {@link io.strongroom.client.Kv} (versioned secrets) and {@link io.strongroom.client.Sys}
 * (administration); results are immutable records; failures are the sealed hierarchy under
 * {@link io.strongroom.client.StrongroomException}, one subclass per wire error code.
 *
 * <p>This package depends only on the wire schema ({@code io.strongroom.protocol.v1}), protobuf and
 * Netty: no server code.
 */
package io.strongroom.client;
