package dev.prognos.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NameCacheTest {

    private final NameCache cache = new NameCache();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldGiveTheSameInstanceForTheSameBytes() {
        String first = cache.name(utf8("vib_rms_mm_s"));
        String second = cache.name(utf8("vib_rms_mm_s"));

        assertThat(second).isEqualTo("vib_rms_mm_s").isSameAs(first);
    }

    @Test
    void shouldReadTheNameAtAnOffset() {
        byte[] buffer = utf8("..bearing_temp_c..");

        assertThat(cache.name(buffer, 2, 14)).isEqualTo("bearing_temp_c").isSameAs(cache.name(utf8("bearing_temp_c")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "température_°C", "Ölpumpe-Nord", "振動_mm_s"})
    void shouldDecodeUtf8LikeString(String name) {
        assertThat(cache.name(utf8(name))).isEqualTo(name);
        assertThat(cache.name(utf8(name))).isEqualTo(name);
    }

    @Test
    void shouldDecodeButNotKeepNamesLongerThanTheLimit() {
        String longName = "r".repeat(NameCache.MAX_BYTES + 1);

        String first = cache.name(utf8(longName));

        assertThat(first).isEqualTo(longName);
        assertThat(cache.name(utf8(longName))).isEqualTo(longName).isNotSameAs(first);
    }

    @Test
    void shouldStayCorrectWhenFarMoreNamesThanSlotsCompete() {
        Random random = new Random(7);
        for (int i = 0; i < 20 * NameCache.SLOTS; i++) {
            String name = "reading_" + random.nextInt(5 * NameCache.SLOTS);
            assertThat(cache.name(utf8(name))).isEqualTo(name);
        }
        // Names still get a canonical instance after the churn.
        assertThat(cache.name(utf8("motor_current_a"))).isSameAs(cache.name(utf8("motor_current_a")));
    }

    @Test
    void shouldShareOneCacheBetweenCodecs() {
        assertThat(NameCache.shared()).isSameAs(NameCache.shared());
    }
}
