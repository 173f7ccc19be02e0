package dev.prognos.edge.internal;

import dev.prognos.edge.InvalidOptionsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Collects what is wrong with a configuration, so the user sees every problem in one go. */
public final class Problems {

    private final List<InvalidOptionsException.Problem> list = new ArrayList<>();
    /** key → the environment variable its value came from. */
    private final Map<String, String> origins = new HashMap<>();

    public void origin(String key, String envVar) {
        origins.put(key, envVar);
    }

    public void add(String key, String message) {
        String env = origins.get(key);
        list.add(new InvalidOptionsException.Problem(key, env == null ? message : message + " (from " + env + ")"));
    }

    public List<InvalidOptionsException.Problem> list() {
        return List.copyOf(list);
    }

    public int size() {
        return list.size();
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public void throwIfAny(Path file) {
        if (!list.isEmpty()) {
            throw new InvalidOptionsException(file, list);
        }
    }
}
