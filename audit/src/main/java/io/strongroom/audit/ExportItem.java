package io.strongroom.audit;

import java.util.Objects;

/** One line of a JSON-lines export, as {@link AuditJson.Reader#next()} reads it. */
public sealed interface ExportItem permits ExportItem.EntryLine, ExportItem.CheckpointLine {

  /** The 1-based line the object starts on. */
  long line();

  /**
   * An entry line.
   *
   * @param entry the entry, as its fields say
   * @param recordedHash the {@code hash} field: what the exporter says the entry hashes to, not
   *     checked against {@code entry.hash()} here (that is the verifier's job)
   * @param line the line the object starts on
   */
  record EntryLine(AuditEntry entry, Hash recordedHash, long line) implements ExportItem {
    public EntryLine {
      Objects.requireNonNull(entry, "entry");
      Objects.requireNonNull(recordedHash, "recordedHash");
    }
  }

  /** A checkpoint line; its signature is not checked here. */
  record CheckpointLine(Checkpoint checkpoint, long line) implements ExportItem {
    public CheckpointLine {
      Objects.requireNonNull(checkpoint, "checkpoint");
    }
  }
}
