/**
 * Histories of operations on registers, in Jepsen's model: each client process invokes an
 * operation and later learns that it succeeded ({@code :ok}), certainly did not happen
 * ({@code :fail}), or nothing certain ({@code :info}).
 *
 * <p>Entry points:
 * <ul>
 *   <li>{@link io.strongroom.chaos.history.HistoryRecorder}: thread-safe recording while a workload
 *       runs;</li>
 *   <li>{@link io.strongroom.chaos.history.HistoryReader} and
 *       {@link io.strongroom.chaos.history.HistoryWriter}: Jepsen's EDN history files, so runs can
 *       be saved and re-checked (the written format is a compatibility contract);</li>
 *   <li>{@link io.strongroom.chaos.history.History}: an immutable history, its invocations paired
 *       with their completions as {@link io.strongroom.chaos.history.Call}s, split by key;</li>
 *   <li>{@link io.strongroom.chaos.history.Op}, {@link io.strongroom.chaos.history.OpType},
 *       {@link io.strongroom.chaos.history.OpFunction}: one event;</li>
 *   <li>{@link io.strongroom.chaos.history.Edn}: the values operations carry, and any EDN value.</li>
 * </ul>
 *
 * <p>Conventions: values are immutable and thread-safe; real-time order is list order, never
 * timestamps; input that cannot be read raises
 * {@link io.strongroom.chaos.history.HistoryFormatException} with a line and column. Nothing here
 * depends on anything but the JDK.
 */
package io.strongroom.chaos.history;
