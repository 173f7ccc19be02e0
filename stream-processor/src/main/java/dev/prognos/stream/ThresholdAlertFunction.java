package dev.prognos.stream;

import dev.prognos.core.alert.Alert;
import dev.prognos.core.telemetry.Telemetry;
import java.util.Locale;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per device (the key): raises one {@link Alert} when a reading reaches the rule's threshold,
 * then stays quiet until the reading has fallen below the rule's clear level (hysteresis).
 *
 * <p>State: one keyed flag, present only while the device's alert is open, so state grows with
 * the number of devices in alarm, not with the fleet. It needs no timers: the rule looks at each
 * reading as it comes, and Kafka keeps one device's readings in order (key = device). Readings
 * without the rule's reading name leave the state as it is.
 */
public class ThresholdAlertFunction extends KeyedProcessFunction<String, Telemetry, Alert> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ThresholdAlertFunction.class);

    /** Name of the keyed state: true while the device's alert is open. Part of savepoints: keep it. */
    public static final String OPEN_STATE = "alert-open";

    private final ThresholdRule rule;
    private transient ValueState<Boolean> open;

    public ThresholdAlertFunction(ThresholdRule rule) {
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    @Override
    public void open(OpenContext openContext) {
        open = getRuntimeContext().getState(new ValueStateDescriptor<>(OPEN_STATE, Types.BOOLEAN));
    }

    @Override
    public void processElement(Telemetry t, Context ctx, Collector<Alert> out) throws Exception {
        double value = t.reading(rule.reading());
        if (Double.isNaN(value)) {
            return;
        }
        boolean isOpen = Boolean.TRUE.equals(open.value());
        if (!isOpen && rule.fires(value)) {
            Alert alert = alertFor(t, value);
            out.collect(alert);
            open.update(true);
            LOG.info("Alert raised: {} {}={} at seq {} (threshold {})", t.device(), rule.reading(), value, t.seq(),
                    rule.threshold());
        } else if (isOpen && rule.clears(value)) {
            open.clear();
            LOG.info("Rule re-armed: {} {}={} at seq {} (below {})", t.device(), rule.reading(), value, t.seq(),
                    rule.clearLevel());
        }
    }

    private Alert alertFor(Telemetry t, double value) {
        String condition = rule.condition();
        String message = String.format(Locale.ROOT, "%s %s reached the threshold %s; re-arms below %s",
                rule.reading(), ThresholdRule.rounded(value), ThresholdRule.plain(rule.threshold()),
                ThresholdRule.rounded(rule.clearLevel()));
        return new Alert(Alert.idOf(t.device(), ThresholdRule.DETECTOR, condition, t.ts()), t.device(), t.site(),
                t.asset(), ThresholdRule.DETECTOR, condition, Alert.Severity.CRITICAL, Alert.State.OPEN,
                rule.reading(), value, rule.threshold(), t.ts(), t.seq(), message);
    }
}
