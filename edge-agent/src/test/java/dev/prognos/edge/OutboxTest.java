package dev.prognos.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prognos.edge.AgentOptions.OutboxPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutboxTest {

    @TempDir
    Path dir;

    /** A 68-byte payload naming its seq, so 100 bytes counted with the row overhead. */
    private static byte[] msg(long seq) {
        String s = String.format("%068d", seq);
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static final long COST = 68 + Outbox.ROW_OVERHEAD_BYTES;

    private Outbox open(long maxBytes, OutboxPolicy policy) {
        return Outbox.open(dir.resolve("outbox.db"), maxBytes, policy);
    }

    private static long seqOf(Outbox.Entry e) {
        return Long.parseLong(new String(e.payload(), StandardCharsets.US_ASCII));
    }

    @Test
    void shouldAllocateSeqsFromOneAndReturnThemOldestFirst() {
        try (Outbox o = open(1 << 20, OutboxPolicy.DROP_OLDEST)) {
            for (int i = 0; i < 5; i++) {
                o.append(OutboxTest::msg);
            }
            List<Outbox.Entry> all = o.oldest(0, 100);
            assertThat(all).extracting(Outbox.Entry::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(all).extracting(OutboxTest::seqOf).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(o.oldest(3, 1)).extracting(Outbox.Entry::seq).containsExactly(4L);
            assertThat(o.stats()).isEqualTo(new Outbox.Stats(5, 5 * COST, 0, 0, 5));
        }
    }


    @Test
    void shouldDeleteOnlyTheAcknowledgedMessage() {
        try (Outbox o = open(1 << 20, OutboxPolicy.DROP_OLDEST)) {
            for (int i = 0; i < 3; i++) {
                o.append(OutboxTest::msg);
            }
            assertThat(o.delete(2)).isTrue();
            assertThat(o.delete(2)).as("a second ack of the same seq").isFalse();
            assertThat(o.delete(99)).isFalse();
            assertThat(o.oldest(0, 10)).extracting(Outbox.Entry::seq).containsExactly(1L, 3L);
            assertThat(o.stats().depth()).isEqualTo(2);
            assertThat(o.stats().bytes()).isEqualTo(2 * COST);
        }
    }

    @Test
    void shouldNeverReuseASeqAfterReopenEvenWhenEverythingWasAcknowledged() {
        try (Outbox o = open(1 << 20, OutboxPolicy.DROP_OLDEST)) {
            for (int i = 0; i < 3; i++) {
                o.append(OutboxTest::msg);
            }
            for (long s = 1; s <= 3; s++) {
                o.delete(s);
            }
            assertThat(o.stats().depth()).isZero();
        }
        try (Outbox o = open(1 << 20, OutboxPolicy.DROP_OLDEST)) {
            assertThat(o.stats().lastSeq()).isEqualTo(3);
            assertThat(o.append(OutboxTest::msg)).hasValue(4);
        }
    }

    @Test
    void shouldKeepUnacknowledgedMessagesAndCountersAcrossReopen() {
        try (Outbox o = open(3 * COST, OutboxPolicy.DROP_OLDEST)) {
            for (int i = 0; i < 5; i++) {
                o.append(OutboxTest::msg);
            }
            o.delete(4);
        }
        try (Outbox o = open(3 * COST, OutboxPolicy.DROP_OLDEST)) {
            assertThat(o.oldest(0, 10)).extracting(Outbox.Entry::seq).containsExactly(3L, 5L);
            assertThat(o.stats()).isEqualTo(new Outbox.Stats(2, 2 * COST, 2, 0, 5));
        }
    }

    @Nested
    class WhenFull {

        @ParameterizedTest(name = "{0} with room for {1} of 10: keeps {2}, dropped {3}, refused {4}")
        @CsvSource({
                "DROP_OLDEST, 3, '8,9,10', 7, 0",
                "REFUSE_NEW,  3, '1,2,3',  0, 7",
                "DROP_OLDEST, 10, '1,2,3,4,5,6,7,8,9,10', 0, 0",
                "REFUSE_NEW,  1, '1',      0, 9",
        })
        void shouldApplyThePolicyAndCountWhatWasLost(OutboxPolicy policy, int room, String kept, long dropped,
                                                     long refused) {
            try (Outbox o = open(room * COST, policy)) {
                for (int i = 0; i < 10; i++) {
                    o.append(OutboxTest::msg);
                }
                List<Long> expected = java.util.Arrays.stream(kept.split(",")).map(Long::parseLong).toList();
                assertThat(o.oldest(0, 100)).extracting(Outbox.Entry::seq).containsExactlyElementsOf(expected);
                assertThat(o.stats().dropped()).isEqualTo(dropped);
                assertThat(o.stats().refused()).isEqualTo(refused);
                assertThat(o.stats().bytes()).isLessThanOrEqualTo(room * COST);
            }
        }

        @Test
        void shouldGiveNoSeqToARefusedMessageAndResumeAfterAnAck() {
            try (Outbox o = open(2 * COST, OutboxPolicy.REFUSE_NEW)) {
                o.append(OutboxTest::msg);
                o.append(OutboxTest::msg);
                assertThat(o.append(OutboxTest::msg)).isEqualTo(OptionalLong.empty());
                o.delete(1);
                assertThat(o.append(OutboxTest::msg)).hasValue(3);
            }
        }

        @Test
        void shouldDropSeveralOldSmallMessagesForOneLargeOne() {
            try (Outbox o = open(3 * COST, OutboxPolicy.DROP_OLDEST)) {
                for (int i = 0; i < 3; i++) {
                    o.append(OutboxTest::msg);
                }
                o.append(seq -> new byte[(int) (2 * COST - Outbox.ROW_OVERHEAD_BYTES)]);
                assertThat(o.oldest(0, 10)).extracting(Outbox.Entry::seq).containsExactly(3L, 4L);
                assertThat(o.stats().dropped()).isEqualTo(2);
            }
        }

        @Test
        void shouldRefuseAMessageLargerThanTheWholeOutboxNamingBothSizes() {
            try (Outbox o = open(COST, OutboxPolicy.DROP_OLDEST)) {
                assertThatThrownBy(() -> o.append(seq -> new byte[1000]))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("1000 bytes").hasMessageContaining(COST + " bytes");
                assertThat(o.stats().lastSeq()).as("no seq spent on it").isZero();
            }
        }
    }
}
