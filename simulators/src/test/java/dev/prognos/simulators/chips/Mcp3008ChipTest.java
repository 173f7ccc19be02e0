package dev.prognos.simulators.chips;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The MCP3008's SPI frame, bit for bit (datasheet DS21295, figure 6-1, the 3-byte transaction). */
class Mcp3008ChipTest {

    @ParameterizedTest(name = "channel {0} at {1} V reads {2}")
    @CsvSource({"0, 0.0, 0", "0, 1.65, 512", "3, 3.2999, 1023", "7, 0.6, 186", "5, 4.0, 1023"})
    void shouldAnswerTheStandardThreeByteFrameWithNullBitThenTheTenBitResult(int channel, double volts, int code) {
        Mcp3008Chip chip = new Mcp3008Chip(3.3, ch -> ch == channel ? volts : 0.0);
        byte[] miso = chip.transfer(new byte[] {0x01, (byte) ((0x08 | channel) << 4), 0x00});
        assertThat(miso[1] & 0b100).as("null bit").isZero();
        assertThat(((miso[1] & 0b11) << 8) | (miso[2] & 0xFF)).isEqualTo(code);
    }

    @ParameterizedTest(name = "differential CH{0}-CH{1}")
    @CsvSource({"0, 1, 1.0, 0.5, 155", "1, 0, 1.0, 0.5, 155", "0, 1, 0.5, 1.0, 0"})
    void shouldReadTheDifferenceOfAPairInDifferentialMode(int plus, int minus, double vPlus, double vMinus, int code) {
        Mcp3008Chip chip = new Mcp3008Chip(3.3, ch -> ch == plus ? vPlus : ch == minus ? vMinus : 0.0);
        // D2..D0 = 0b000: CH0 = IN+, CH1 = IN-; 0b001: CH0 = IN-, CH1 = IN+.
        int config = plus == 0 ? 0b000 : 0b001;
        byte[] miso = chip.transfer(new byte[] {0x01, (byte) (config << 4), 0x00});
        assertThat(((miso[1] & 0b11) << 8) | (miso[2] & 0xFF)).isEqualTo(code);
    }
}
