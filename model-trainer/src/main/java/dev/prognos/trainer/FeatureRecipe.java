package dev.prognos.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prognos.core.model.FeatureSpec;
import dev.prognos.core.model.Preprocessing;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * A feature spec and its preprocessing in a form Spark can ship to executors (core's records are
 * plain Java, not Serializable): their JSON, turned back into records once per task.
 */
final class FeatureRecipe implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String spec;
    private final String preprocessing;

    FeatureRecipe(FeatureSpec spec, Preprocessing preprocessing) {
        try {
            this.spec = JSON.writeValueAsString(spec);
            this.preprocessing = JSON.writeValueAsString(preprocessing);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    FeatureSpec spec() {
        try {
            return JSON.readValue(spec, FeatureSpec.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Preprocessing preprocessing() {
        try {
            return JSON.readValue(preprocessing, Preprocessing.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
