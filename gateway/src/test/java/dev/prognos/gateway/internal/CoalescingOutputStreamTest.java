package dev.prognos.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CoalescingOutputStreamTest {

    /** The socket's side: what arrived, and in how many writes. */
    static final class Recording extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final AtomicInteger writes = new AtomicInteger();
        volatile boolean fail;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            if (fail) {
                throw new IOException("connection reset");
            }
            writes.incrementAndGet();
            bytes.write(b, off, len);
        }

        synchronized byte[] received() {
            return bytes.toByteArray();
        }
    }

    static byte[] puback(int id) {
        return new byte[] {0x40, 2, (byte) (id >> 8), (byte) id};
    }

    @Test
    void shouldSendManyFlushedPacketsInOrderInFewerWritesThanFlushes() throws Exception {
        Recording socket = new Recording();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (CoalescingOutputStream out = new CoalescingOutputStream(socket, () -> { }, "test-writer")) {
            for (int id = 1; id <= 1000; id++) {
                out.write(puback(id));
                out.flush();
                expected.write(puback(id));
            }
            // Sent by the writer thread, without a close.
            await().atMost(Duration.ofSeconds(30)).until(() -> socket.received().length == expected.size());
        }
        assertThat(socket.received()).isEqualTo(expected.toByteArray());
        assertThat(socket.writes.get()).as("writes for 1000 flushes").isLessThan(500);
    }

    @Test
    void shouldSendWhatIsPendingWhenClosed() throws Exception {
        Recording socket = new Recording();
        CoalescingOutputStream out = new CoalescingOutputStream(socket, () -> { }, "test-writer");
        out.write(new byte[] {(byte) 0xE0, 0}); // DISCONNECT
        out.flush();
        out.close();

        assertThat(socket.received()).containsExactly(0xE0, 0);
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class);
    }

    @Test
    void shouldKeepTheOrderWhenAWriteIsLargerThanWhatItGathers() throws Exception {
        Recording socket = new Recording();
        byte[] large = new byte[CoalescingOutputStream.CAPACITY + 10];
        large[0] = 7;
        try (CoalescingOutputStream out = new CoalescingOutputStream(socket, () -> { }, "test-writer")) {
            out.write(puback(1));
            out.write(large);
            out.write(puback(2));
            out.flush();
        }
        byte[] got = socket.received();
        assertThat(got).hasSize(4 + large.length + 4);
        assertThat(got[1]).isEqualTo((byte) 2);
        assertThat(got[4]).isEqualTo((byte) 7);
        assertThat(got[got.length - 1]).isEqualTo((byte) 2);
    }

    @Test
    void shouldCloseTheSocketAndFailTheNextWriteWhenTheWriterCouldNotSend() throws Exception {
        Recording socket = new Recording();
        socket.fail = true;
        AtomicBoolean socketClosed = new AtomicBoolean();
        CoalescingOutputStream out = new CoalescingOutputStream(socket, () -> socketClosed.set(true), "test-writer");
        out.write(puback(1));
        out.flush();

        await().atMost(Duration.ofSeconds(30)).untilTrue(socketClosed);
        assertThatThrownBy(() -> out.write(puback(2))).isInstanceOf(IOException.class).hasMessage("connection reset");
        assertThatThrownBy(out::flush).isInstanceOf(IOException.class);
    }
}
