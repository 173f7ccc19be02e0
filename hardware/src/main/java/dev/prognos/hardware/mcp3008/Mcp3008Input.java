package dev.prognos.hardware.mcp3008;

import dev.prognos.hardware.mcp3008.internal.Mcp3008Frames;
import java.util.Objects;

/**
 * One analog input of an MCP3008 and what it means.
 *
 * @param channel 0..7, single-ended against AGND
 * @param reading telemetry name, with the unit: {@code discharge_pressure_bar}, or {@code ..._v} for a voltage
 * @param loop    the 4–20 mA loop this channel reads across a shunt, or {@code null} to report volts
 */
public record Mcp3008Input(int channel, String reading, CurrentLoop loop) {

    public Mcp3008Input {
        if (channel < 0 || channel >= Mcp3008Frames.CHANNELS) {
            throw new IllegalArgumentException("MCP3008 channel must be 0..7, got " + channel);
        }
        Objects.requireNonNull(reading, "reading");
        if (reading.isBlank()) {
            throw new IllegalArgumentException("MCP3008 channel " + channel + " needs a reading name");
        }
    }

    /** A channel reported in volts. */
    public static Mcp3008Input volts(int channel, String reading) {
        return new Mcp3008Input(channel, reading, null);
    }
}
