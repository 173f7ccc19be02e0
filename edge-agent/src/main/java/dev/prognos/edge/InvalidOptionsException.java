package dev.prognos.edge;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The agent's configuration was refused. Every problem found is reported at once, each naming
 * its key (e.g. {@code sensors[2].address}) and, when it came from the environment, the variable.
 */
public final class InvalidOptionsException extends RuntimeException {

    /** One refused value: {@code key} is the YAML path, {@code message} what was wrong with it. */
    public record Problem(String key, String message) {
        @Override
        public String toString() {
            return key + ": " + message;
        }
    }

    private final Path file;
    private final List<Problem> problems;

    public InvalidOptionsException(Path file, List<Problem> problems) {
        super(message(file, problems));
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    /** The configuration file that was read. */
    public Path file() {
        return file;
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String message(Path file, List<Problem> problems) {
        if (problems.size() == 1) {
            return file + ": " + problems.get(0);
        }
        return file + ": " + problems.size() + " problems:"
                + problems.stream().map(p -> "\n  " + p).collect(Collectors.joining());
    }
}
