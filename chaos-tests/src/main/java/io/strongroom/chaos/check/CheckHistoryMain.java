package io.strongroom.chaos.check;

import io.strongroom.chaos.history.Edn;
import io.strongroom.chaos.history.History;
import io.strongroom.chaos.history.HistoryFormatException;
import io.strongroom.chaos.history.HistoryReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code check-history FILE [--model cas-register] [--initial VALUE] [--max-configurations N]}: reads
 * a Jepsen-style EDN history and prints whether it is linearizable, with a counterexample when it
 * is not. Run by {@code chaos-tests/bin/check-history}; {@link #USAGE} is its manual.
 *
 * <p>Exit status: 0 linearizable, 1 not linearizable, 2 bad usage or unreadable input (one line
 * {@code error: ...} on standard error), 3 undecided (the search limit was reached, or memory ran
 * out).
 */
public final class CheckHistoryMain {
  static final int LINEARIZABLE = 0;
  static final int NOT_LINEARIZABLE = 1;
  static final int BAD_INPUT = 2;
  static final int UNDECIDED = 3;

  static final String USAGE = """
      Usage: check-history FILE [--model cas-register] [--initial VALUE] [--max-configurations N]

      Checks a Jepsen-style history of compare-and-set registers for linearizability: whether every
      operation can be given one instant between its invocation and its completion so that, in that
      order, the operations are a legal run of the register.

        FILE                     the history, EDN; - reads standard input
        --model cas-register     the data type; the only one so far: a register with
                                 :read, :write and :cas [expected new]
        --initial VALUE          the register's value before the first operation, as EDN:
                                 0, "abc", :x (default: nil, an empty register)
        --max-configurations N   give up on a key after N search configurations
                                 (default: %d; about 100-200 bytes of heap each)
        --help                   this text

      The history is one EDN map per event, in real-time order, bare or wrapped in one vector:
        {:process 0, :type :invoke, :f :write, :value 1}
        {:process 0, :type :ok, :f :write, :value 1}
        {:process 1, :type :invoke, :f :cas, :value [1 2]}
        {:process 2, :type :invoke, :f :read, :value nil}
        {:process 1, :type :info, :f :cas, :value [1 2]}    ; timed out: may or may not have happened
        {:process 2, :type :ok, :f :read, :value 2}
      :type is :invoke, :ok, :fail (did not happen; ignored) or :info (indeterminate: may take effect
      any time after its invocation, or never). An optional :key splits the history into independent
      registers. :index, :time and :error are kept for reports; other fields, and events whose
      :process is not an integer (the nemesis) or whose :f is not :read/:write/:cas, are ignored.
      ; starts a comment.

      Prints "linearizable", or "NOT linearizable" and, per failing key, the operation that cannot be
      placed, the longest linearizable prefix before it, the register values possible there, and a
      linearization reaching each.

      Exit status: 0 linearizable, 1 NOT linearizable, 2 bad usage or unreadable history,
      3 undecided (search limit reached or out of memory).

      Examples:
        check-history store/latest/history.edn
        check-history run.edn --initial 0
        zcat history.edn.gz | check-history -
      """.formatted(LinearizabilityChecker.DEFAULT_MAX_CONFIGURATIONS);

  private CheckHistoryMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.in, System.out, System.err));
  }

  /** Runs the command; returns the exit status. */
  static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (UsageException e) {
      err.println("error: " + e.getMessage() + " (see --help)");
      return BAD_INPUT;
    }
    if (options.help) {
      out.print(USAGE);
      return LINEARIZABLE;
    }
    History history;
    try {
      history = read(options.file, stdin);
    } catch (HistoryFormatException e) {
      err.println("error: " + options.file + ":" + e.line() + ":" + e.column() + ": " + e.detail());
      return BAD_INPUT;
    } catch (NoSuchFileException e) {
      err.println("error: no such file: " + options.file);
      return BAD_INPUT;
    } catch (AccessDeniedException e) {
      err.println("error: permission denied: " + options.file);
      return BAD_INPUT;
    } catch (IOException e) {
      err.println("error: cannot read " + options.file + ": " + e);
      return BAD_INPUT;
    }
    long start = System.nanoTime();
    CheckResult<Edn> result;
    try {
      result = new LinearizabilityChecker<>(new CasRegister(options.initial), options.maxConfigurations)
          .check(history);
    } catch (OutOfMemoryError e) {
      err.println("error: out of memory while searching; lower --max-configurations or give the JVM more heap"
          + " (CHECK_HISTORY_JAVA_OPTS=-Xmx...)");
      return UNDECIDED;
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    out.print(result.report());
    out.println("checked " + history.size() + " events in " + millis + " ms");
    if (result instanceof CheckResult.Linearizable) {
      return LINEARIZABLE;
    }
    return result instanceof CheckResult.NotLinearizable ? NOT_LINEARIZABLE : UNDECIDED;
  }

  private static History read(String file, InputStream stdin) throws IOException {
    if (file.equals("-")) {
      Reader in = new InputStreamReader(stdin, StandardCharsets.UTF_8);
      return HistoryReader.read(in);
    }
    return HistoryReader.read(Path.of(file));
  }

  /** Bad arguments; the message is one line. */
  private static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }

  private static final class Options {
    String file;
    Edn initial = Edn.NIL;
    long maxConfigurations = LinearizabilityChecker.DEFAULT_MAX_CONFIGURATIONS;
    boolean help;

    static Options parse(String[] args) throws UsageException {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        String name = arg;
        String value = null;
        if (arg.startsWith("--") && arg.contains("=")) {
          name = arg.substring(0, arg.indexOf('='));
          value = arg.substring(arg.indexOf('=') + 1);
        }
        switch (name) {
          case "--help", "-h" -> {
            o.help = true;
            return o;
          }
          case "--model", "--initial", "--max-configurations" -> {
            if (value == null) {
              if (i + 1 >= args.length) {
                throw new UsageException(name + " needs a value");
              }
              value = args[++i];
            }
            o.set(name, value);
          }
          default -> {
            if (arg.startsWith("-") && !arg.equals("-")) {
              throw new UsageException("unknown option " + arg);
            }
            if (o.file != null) {
              throw new UsageException("one history file at a time; got " + o.file + " and " + arg);
            }
            o.file = arg;
          }
        }
      }
      if (o.file == null) {
        throw new UsageException("no history file given");
      }
      return o;
    }

    private void set(String name, String value) throws UsageException {
      switch (name) {
        case "--model" -> {
          if (!value.equals(CasRegister.NAME)) {
            throw new UsageException("unknown model \"" + value + "\"; the only model is " + CasRegister.NAME);
          }
        }
        case "--initial" -> {
          try {
            initial = Edn.parse(value);
          } catch (HistoryFormatException e) {
            throw new UsageException("--initial must be one EDN value such as 0, \"a\" or :x; \""
                + value + "\" is not (" + e.detail() + ")");
          }
        }
        default -> {
          try {
            maxConfigurations = Long.parseLong(value.replace("_", ""));
          } catch (NumberFormatException e) {
            maxConfigurations = 0;
          }
          if (maxConfigurations < 1) {
            throw new UsageException("--max-configurations must be a positive integer, was \"" + value + "\"");
          }
        }
      }
    }
  }
}
