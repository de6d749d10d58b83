package io.strongroom.storage.engine;

import java.nio.file.Path;

/**
 * Child-process helper for {@link RocksDbEngineTest}: opens the data dir given as the argument,
 * prints "open", and holds it until its stdin closes.
 */
public final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    try (RocksDbEngine engine = RocksDbEngine.open(Path.of(args[0]))) {
      System.out.println("open " + engine.dataDir());
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for the parent to close our stdin
      }
    }
  }
}
