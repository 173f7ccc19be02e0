package dev.prognos.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prognos.core.ledger.SequenceLedger.Gap;
import dev.prognos.core.ledger.SequenceLedger.Outcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SequenceLedgerTest {

    @Test
    void shouldReportCompleteWhenEverySeqArrivesOnceInAnyOrder() {
        List<Long> seqs = new ArrayList<>();
        for (long s = 1; s <= 10_000; s++) {
            seqs.add(s);
        }
        Collections.shuffle(seqs, new Random(42));
        SequenceLedger ledger = new SequenceLedger();

        seqs.forEach(s -> assertThat(ledger.record("d1", s)).isEqualTo(Outcome.NEW));

        SequenceLedger.Report report = ledger.report();
        assertThat(report.complete()).isTrue();
        assertThat(report.distinct()).isEqualTo(10_000);
        assertThat(report.duplicates()).isZero();
    }

    @Test
    void shouldCountDuplicatesPerDeviceNotAcrossDevices() {
        SequenceLedger ledger = new SequenceLedger();

        ledger.record("a", 1);
        ledger.record("b", 1);
        Outcome again = ledger.record("a", 1);

        assertThat(again).isEqualTo(Outcome.DUPLICATE);
        assertThat(ledger.report().duplicates()).isEqualTo(1);
        assertThat(ledger.report().distinct()).isEqualTo(2);
    }

    @Test
    void shouldReportEachMissingRunWithBothEnds() {
        SequenceLedger ledger = new SequenceLedger();
        for (long s : new long[] {1, 2, 3, 7, 8, 10}) {
            ledger.record("d", s);
        }

        assertThat(ledger.report().gaps()).containsExactly(new Gap("d", 4, 6), new Gap("d", 9, 9));
        assertThat(ledger.report().missing()).isEqualTo(4);
    }

    @Test
    void shouldReportALostHeadAndTailWhenTheExpectedRangeIsDeclared() {
        SequenceLedger ledger = new SequenceLedger();
        ledger.expect("d", 0, 9);
        ledger.expect("silent", 1, 3);
        for (long s = 2; s <= 7; s++) {
            ledger.record("d", s);
        }

        assertThat(ledger.report().gaps())
                .containsExactly(new Gap("d", 0, 1), new Gap("d", 8, 9), new Gap("silent", 1, 3));
    }
}
