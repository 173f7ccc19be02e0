/**
 * The portable model artifact (DESIGN.md §3), its signature and its runtime. The JSON format and
 * its canonical bytes are described in {@code FORMAT.md} in this package's resources.
 *
 * <ul>
 *   <li>{@link dev.prognos.core.model.ModelArtifact}: the document; {@link dev.prognos.core.model.ModelJson}
 *       reads, writes and canonicalises it.</li>
 *   <li>{@link dev.prognos.core.model.FeatureSpec} and {@link dev.prognos.core.model.Preprocessing}: the
 *       inputs, the per-operating-condition normalisation and the windows;
 *       {@link dev.prognos.core.model.SlidingFeatures} computes the feature vector with core's window code.</li>
 *   <li>{@link dev.prognos.core.model.ModelRuntime}: flattened tree ensembles (gradient-boosted sum or
 *       forest mean) and linear models, no allocation per prediction.</li>
 *   <li>{@link dev.prognos.core.model.ModelKeys}, {@link dev.prognos.core.model.ModelSigner},
 *       {@link dev.prognos.core.model.ModelVerifier}: Ed25519 keys in PEM files, signing, and the
 *       checks every consumer runs before using an artifact.</li>
 * </ul>
 *
 * Plain Java and Jackson only, so the edge stays small.
 */
package dev.prognos.core.model;
