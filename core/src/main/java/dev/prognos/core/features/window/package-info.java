/**
 * Window features of one reading of one device, computed the same way wherever they are
 * computed (edge agent, Flink job, Spark trainer), so a model sees the same numbers in training
 * and in service.
 *
 * <ul>
 *   <li>{@link dev.prognos.core.features.window.RunningStats}: count, mean, standard deviation,
 *       minimum, maximum and least-squares slope over time, in one pass and numerically stable
 *       (Welford's update, also for the co-moment behind the slope).</li>
 *   <li>{@link dev.prognos.core.features.window.WindowFeatures}: the finished figures of a window.</li>
 *   <li>{@link dev.prognos.core.features.window.RobustStats}: median and median absolute deviation
 *       (MAD), the robust centre and spread a device's baseline is learned with.</li>
 *   <li>{@link dev.prognos.core.features.window.Cusum}: two-sided CUSUM change detection on
 *       standardised values (z-scores).</li>
 * </ul>
 *
 * Plain Java, no dependencies. Units are those of the reading (mm/s for {@code vib_rms_mm_s});
 * time is in epoch milliseconds, and slopes are per second.
 */
package dev.prognos.core.features.window;
