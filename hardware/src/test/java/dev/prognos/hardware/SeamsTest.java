package dev.prognos.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared seams' own behaviour. */
class SeamsTest {

    @Test
    void shouldWriteByteByByteToConsecutiveRegistersByDefault() {
        List<int[]> writes = new ArrayList<>();
        RegisterDevice map = new RegisterDevice() {
            @Override
            public void read(int register, byte[] buffer) {
            }

            @Override
            public void write(int register, int value) {
                writes.add(new int[] {register, value});
            }

            @Override
            public String location() {
                return "map";
            }

            @Override
            public void close() {
            }
        };
        map.write(0x10, new byte[] {(byte) 0xAB, 0x01});
        assertThat(writes).containsExactly(new int[] {0x10, 0xAB}, new int[] {0x11, 0x01});
    }

    @Test
    void shouldDescribeABurstAndCompareItByContent() {
        Burst burst = new Burst(new double[] {0.1, -0.2, 9.8, 9.7}, 3200);
        assertThat(burst.durationS()).isEqualTo(4 / 3200.0);
        assertThat(burst).isEqualTo(new Burst(new double[] {0.1, -0.2, 9.8, 9.7}, 3200))
                .hasSameHashCodeAs(new Burst(new double[] {0.1, -0.2, 9.8, 9.7}, 3200))
                .isNotEqualTo(new Burst(new double[] {0.1, -0.2, 9.8, 9.7}, 1600));
        assertThat(burst.toString()).isEqualTo("Burst[4 samples at 3200.0 Hz]");
    }

    @Test
    void shouldRefuseABurstWithoutARate() {
        assertThatThrownBy(() -> new Burst(new double[1], 0)).hasMessageContaining("> 0 Hz");
        assertThatThrownBy(() -> new Burst(new double[1], Double.NaN)).hasMessageContaining("> 0 Hz");
    }
}
