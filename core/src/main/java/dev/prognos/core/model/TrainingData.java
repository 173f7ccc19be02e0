package dev.prognos.core.model;

/**
 * What the model was trained on.
 *
 * @param description e.g. {@code C-MAPSS FD001 train_FD001.txt, 100 units}
 * @param fingerprint SHA-256 (lower-case hex) of the training input bytes
 * @param rows        number of training rows (samples)
 */
public record TrainingData(String description, String fingerprint, long rows) {
}
