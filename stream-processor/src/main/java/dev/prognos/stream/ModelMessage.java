package dev.prognos.stream;

/**
 * One record of {@code prognos.models} as received, before any check: the Kafka key (the asset
 * type the artifact was published for) and the artifact's JSON bytes. {@link DeviceDetector} runs
 * core's {@code ModelVerifier} on it before it scores anything with it.
 *
 * @param assetType the record key, e.g. {@code centrifugal-pump}; "" when the record had none
 * @param artifact  the artifact document, UTF-8 JSON, byte for byte as published
 */
public record ModelMessage(String assetType, byte[] artifact) {
}
