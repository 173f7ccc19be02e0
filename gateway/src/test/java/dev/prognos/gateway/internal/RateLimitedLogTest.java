package dev.prognos.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

class RateLimitedLogTest {

    final AtomicLong nowNs = new AtomicLong(5_000_000_000L);
    final RateLimitedLog log = new RateLimitedLog(Logger.getLogger(RateLimitedLogTest.class), 3, nowNs::get);

    @Test
    void shouldHoldBackLinesBeyondTheLimitWithinOneSecond() {
        assertThat(log.admit()).isZero();
        assertThat(log.admit()).isZero();
        assertThat(log.admit()).isZero();
        assertThat(log.admit()).isEqualTo(-1);
        assertThat(log.admit()).isEqualTo(-1);
    }

    @Test
    void shouldReportHowManyWereHeldBackWhenTheNextSecondStarts() {
        for (int i = 0; i < 5; i++) {
            log.admit();
        }
        nowNs.addAndGet(999_000_000L);
        assertThat(log.admit()).as("still the same second").isEqualTo(-1);

        nowNs.addAndGet(1_000_000L);

        assertThat(log.admit()).isEqualTo(3);
        assertThat(log.admit()).isZero();
    }
}
