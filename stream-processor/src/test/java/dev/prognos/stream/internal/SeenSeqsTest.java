package dev.prognos.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The per-device record of seqs seen: new or duplicate, exactly, in bounded space. */
class SeenSeqsTest {

    private static final int W = SeenSeqs.WINDOW;

    private final SeenSeqs seen = new SeenSeqs();

    @Test
    void shouldTakeEverySeqOnceInOrder() {
        for (long s = 1; s <= 5 * W; s++) {
            assertThat(seen.add(s)).as("seq %d", s).isTrue();
        }
        for (long s = 1; s <= 5 * W; s += 97) {
            assertThat(seen.add(s)).as("seq %d again", s).isFalse();
        }
        assertThat(seen.high).isEqualTo(5L * W);
        // Only the history before seq 1 is unseen: one range, however many readings.
        assertThat(seen.gaps).containsExactly(Long.MIN_VALUE, 0L);
    }

    @ParameterizedTest(name = "a resend of {0} after {1}")
    @CsvSource({
            "100, 100",      // the newest again
            "99, 100",       // just below the newest
            "1, 100",        // the oldest, in the window
            "1, 5000",       // the oldest, long out of the window
            "4000, 5000",    // out of the window
            "3977, 5000",    // at the window's lower edge
    })
    void shouldDropAResendWhereverItFalls(long resend, long sentUpTo) {
        for (long s = 1; s <= sentUpTo; s++) {
            seen.add(s);
        }
        assertThat(seen.add(resend)).isFalse();
    }

    @Test
    void shouldTakeReadingsOutOfOrderWithinTheWindowAndDropTheirResends() {
        assertThat(seen.add(10)).isTrue();
        assertThat(seen.add(8)).isTrue();
        assertThat(seen.add(9)).isTrue();
        assertThat(seen.add(8)).isFalse();
        assertThat(seen.add(11)).isTrue();
        assertThat(seen.add(9)).isFalse();
    }

    @Test
    void shouldTakeAReadingThatLeftTheWindowUnseenOnceWhenItComesLate() {
        seen.add(1);
        seen.add(3);  // 2 missing
        for (long s = 4; s <= 3 * W; s++) {
            seen.add(s);
        }
        assertThat(seen.gaps).containsExactly(Long.MIN_VALUE, 0L, 2L, 2L);
        assertThat(seen.add(2)).isTrue();
        assertThat(seen.add(2)).isFalse();
        assertThat(seen.gaps).containsExactly(Long.MIN_VALUE, 0L);
    }

    @Test
    void shouldKeepAJumpOverLostSeqsAsOneRange() {
        seen.add(1);
        seen.add(1_000_000);  // the outbox overflowed: 2..999,999 were never sent
        assertThat(seen.gaps).containsExactly(Long.MIN_VALUE, 0L, 2L, 1_000_000L - W);
        assertThat(seen.add(500_000)).isTrue();
        assertThat(seen.add(500_000)).isFalse();
        assertThat(seen.add(999_999)).isTrue();
        assertThat(seen.add(1)).isFalse();
        assertThat(seen.gaps).containsExactly(Long.MIN_VALUE, 0L, 2L, 499_999L, 500_001L, 1_000_000L - W);
    }

    @Test
    void shouldTakeAnOutboxFlushAfterAnOutageAndDropItsReplay() {
        for (long s = 1; s <= 100; s++) {
            seen.add(s);
        }
        // Outage: the device queued 101..5000 and flushes them in order, then the gateway replays a batch.
        for (long s = 101; s <= 5000; s++) {
            assertThat(seen.add(s)).isTrue();
        }
        for (long s = 2001; s <= 3000; s++) {
            assertThat(seen.add(s)).isFalse();
        }
    }

    @Test
    void shouldTakeHistoryBeforeItsFirstReadingOnceWhenTheStateStartedLate() {
        seen.add(50_000);
        assertThat(seen.add(10)).isTrue();
        assertThat(seen.add(10)).isFalse();
        assertThat(seen.add(49_999)).isTrue();
    }

    @Test
    void shouldForgetTheOldestGapsBeyondTheCapAndCountThem() {
        long s = 1;
        for (int gap = 0; gap < SeenSeqs.MAX_GAPS + 5; gap++) {
            seen.add(s);
            s += 2;  // one seq lost each time
        }
        seen.add(s + 2L * W);  // every gap leaves the window
        assertThat(seen.gaps.length / 2).isEqualTo(SeenSeqs.MAX_GAPS);
        assertThat(seen.forgottenGaps).isPositive();
        assertThat(seen.add(s - 1)).as("the newest lost seq, still in a kept gap").isTrue();
    }

    @Nested
    class AgainstASetOfEverySeq {

        @Test
        void shouldAgreeOnShuffledResentReadingsWithinTheWindow() {
            Random random = new Random(7);
            Set<Long> reference = new HashSet<>();
            long next = 1;
            for (int i = 0; i < 200_000; i++) {
                long seq;
                int dice = random.nextInt(10);
                if (dice < 6) {
                    seq = next++;
                } else if (dice < 9) {
                    seq = Math.max(1, next - 1 - random.nextInt(W / 2));  // a resend or a late one, in the window
                } else {
                    next += random.nextInt(20);  // readings lost on the way
                    seq = next++;
                }
                assertThat(seen.add(seq)).as("seq %d at step %d", seq, i).isEqualTo(reference.add(seq));
            }
        }

        @Test
        void shouldAgreeOnReadingsFarBelowTheWindow() {
            Random random = new Random(11);
            Set<Long> reference = new HashSet<>();
            for (long s = 1; s <= 20_000; s++) {
                if (random.nextInt(50) != 0) {  // about 400 seqs lost, each a gap of its own: more than the cap
                    assertThat(seen.add(s)).isEqualTo(reference.add(s));
                }
            }
            assertThat(seen.forgottenGaps).isPositive();
            // Late ones and resends from far below the window: exact down to the oldest gap kept.
            for (long s = 20_000 - W; s > 20_000 - W - 1500; s--) {
                long seq = s;
                if (seq >= seen.gaps[0]) {
                    assertThat(seen.add(seq)).as("seq %d", seq).isEqualTo(reference.add(seq));
                }
            }
        }
    }
}
