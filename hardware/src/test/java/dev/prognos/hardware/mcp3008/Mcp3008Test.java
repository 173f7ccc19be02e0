package dev.prognos.hardware.mcp3008;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.pi4j.context.Context;
import com.pi4j.io.spi.Spi;
import dev.prognos.hardware.MockPlatformTestBase;
import dev.prognos.hardware.SensorException;
import dev.prognos.hardware.mcp3008.internal.Mcp3008Frames;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Mcp3008Test extends MockPlatformTestBase {

    private final AtomicReference<Mcp3008MockSpi> chip = new AtomicReference<>();

    private Context mcp3008() {
        return spi((provider, config) -> {
            Mcp3008MockSpi spi = new Mcp3008MockSpi(provider, config);
            chip.set(spi);
            return spi;
        });
    }

    @Nested
    class Frames {

        @ParameterizedTest(name = "channel {0}: 0x01 0x{1} 0x00")
        @CsvSource({"0, 80", "1, 90", "5, D0", "7, F0"})
        void shouldStartASingleEndedConversionAsFigure61Shows(int channel, String secondHex) {
            assertThat(Mcp3008Frames.request(channel)).containsExactly(0x01, Integer.parseInt(secondHex, 16), 0x00);
        }

        @ParameterizedTest(name = "0x{0} 0x{1} → {2}")
        @CsvSource({"00, 00, 0", "03, FF, 1023", "F9, 2C, 300", "FA, 00, 512"})
        void shouldTakeTheTenBitsAfterTheNullBit(String b1, String b2, int code) {
            byte[] rx = {(byte) 0xFF, (byte) Integer.parseInt(b1, 16), (byte) Integer.parseInt(b2, 16)};
            assertThat(Mcp3008Frames.code(rx)).isEqualTo(code);
            assertThat(Mcp3008Frames.nullBitLow(rx)).isTrue();
        }
    }

    @Nested
    class Loop {

        @ParameterizedTest(name = "{0} V across 150 Ω = {1} mA = {2} bar")
        @CsvSource({
                // 0..10 bar transmitter, 150 Ω shunt
                "0.600, 4.0,  0.0",
                "1.800, 12.0, 5.0",
                "3.000, 20.0, 10.0",
                "0.570, 3.8,  -0.125",
                "3.075, 20.5, 10.3125"})
        void shouldScaleTheLoopCurrentToTheEngineeringRange(double volts, double ma, double bar) {
            CurrentLoop loop = new CurrentLoop(150, 0, 10);
            assertThat(loop.currentMa(volts)).isCloseTo(ma, within(1e-9));
            assertThat(loop.value(volts, "channel 3")).isCloseTo(bar, within(1e-9));
        }

        @ParameterizedTest(name = "{0} V across 150 Ω: {1}")
        @CsvSource({
                "0.0,   broken wire",
                "0.555, saturated",
                "3.10,  saturated",
                "3.30,  a short"})
        void shouldRefuseCurrentsOutsideTheMeasuringRangeNamingTheInput(double volts, String why) {
            CurrentLoop loop = new CurrentLoop(150, 0, 10);
            assertThatThrownBy(() -> loop.value(volts, "MCP3008 channel 6 on SPI bus 0 chip select 1"))
                    .isInstanceOf(SensorException.class)
                    .hasMessageStartingWith("MCP3008 channel 6 on SPI bus 0 chip select 1: loop current")
                    .hasMessageContaining("outside 3.8..20.5 mA").hasMessageContaining(why);
        }

        @Test
        void shouldRefuseAMeaninglessLoop() {
            assertThatThrownBy(() -> new CurrentLoop(0, 0, 10)).hasMessageContaining("shunt");
            assertThatThrownBy(() -> new CurrentLoop(150, 5, 5)).hasMessageContaining("5.0..5.0");
        }
    }

    @Test
    void shouldReadVoltsAndLoopValuesThroughPi4jSpi() {
        Context ctx = mcp3008();
        try (Mcp3008 adc = new Mcp3008(ctx, 0, 1, 3.3, List.of(
                Mcp3008Input.volts(0, "supply_v"),
                new Mcp3008Input(3, "discharge_pressure_bar", new CurrentLoop(150, 0, 10))))) {
            chip.get().codes[0] = 512;
            chip.get().codes[3] = 559; // 559 × 3.3 / 1024 = 1.8015 V → 12.01 mA → 5.0063 bar
            var readings = adc.readings();
            assertThat(readings.get("supply_v")).isCloseTo(1.65, within(1e-9));
            assertThat(readings.get("discharge_pressure_bar")).isCloseTo(
                    ((559 * 3.3 / 1024 / 150 * 1000) - 4) / 16 * 10, within(1e-9)).isCloseTo(5.0, within(0.01));
            assertThat(adc.readCode(3)).isEqualTo(559);
            assertThat(chip.get().frames.get(chip.get().frames.size() - 1)).containsExactly(0x01, 0xB0, 0x00);
            Spi spi = ctx.registry().get("mcp3008-0-1-ch0", Spi.class);
            assertThat(spi.config().bus().getBus()).isZero();
            assertThat(spi.config().chipSelect().getChipSelect()).isEqualTo(1);
            assertThat(spi.config().baud()).isEqualTo(Mcp3008.CLOCK_HZ);
        }
        assertThat(ctx.registry().exists("mcp3008-0-1-ch0")).as("released on close").isFalse();
    }

    @Test
    void shouldNameTheChannelWhenTheLoopIsBroken() {
        Context ctx = mcp3008();
        try (Mcp3008 adc = new Mcp3008(ctx, 0, 0, 3.3, List.of(new Mcp3008Input(5, "level_m", new CurrentLoop(150, 0, 4))))) {
            chip.get().codes[5] = 3; // 9.7 mV: 0.06 mA
            assertThatThrownBy(adc::readings).isInstanceOf(SensorException.class)
                    .hasMessageContaining("MCP3008 channel 5 on SPI bus 0 chip select 0").hasMessageContaining("broken wire");
            chip.get().codes[5] = 1023;
            assertThatThrownBy(adc::readings).isInstanceOf(SensorException.class)
                    .hasMessageContaining("channel 5").hasMessageContaining("full scale");
        }
    }

    @Test
    void shouldRefuseToStartWhenNoChipDrivesTheNullBit() {
        Context ctx = spi((provider, config) -> {
            Mcp3008MockSpi spi = new Mcp3008MockSpi(provider, config);
            spi.floating = true;
            return spi;
        });
        assertThatThrownBy(() -> new Mcp3008(ctx, 0, 1, 3.3, List.of(Mcp3008Input.volts(2, "x_v"))))
                .isInstanceOf(SensorException.class)
                .hasMessageContaining("MCP3008 on SPI bus 0 chip select 1: channel 2 answered 0xFF 0xFF 0xFF")
                .hasMessageContaining("no MCP3008 answering");
        assertThat(ctx.registry().exists("mcp3008-0-1-ch2")).isFalse();
    }

    @Test
    void shouldRefuseChannelsAndReferencesTheChipDoesNotHave() {
        assertThatThrownBy(() -> Mcp3008Input.volts(8, "x_v")).hasMessageContaining("0..7");
        Context ctx = mcp3008();
        assertThatThrownBy(() -> new Mcp3008(ctx, 0, 0, 12, List.of())).hasMessageContaining("VREF");
    }
}
