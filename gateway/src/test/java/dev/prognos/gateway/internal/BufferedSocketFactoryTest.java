package dev.prognos.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class BufferedSocketFactoryTest {

    @Test
    void shouldHandOutOneBufferedStreamPerSocket() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new BufferedSocketFactory().createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket ignored = server.accept()) {
            InputStream in = client.getInputStream();

            assertThat(in).isInstanceOf(BufferedInputStream.class);
            assertThat(client.getInputStream()).isSameAs(in);
        }
    }

    @Test
    void shouldDeliverFlushedBytesToThePeerAndWhatIsPendingWhenClosed() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new BufferedSocketFactory().createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket peer = server.accept()) {
            peer.setSoTimeout(30_000);
            OutputStream out = client.getOutputStream();
            assertThat(client.getOutputStream()).isSameAs(out);
            out.write(new byte[] {0x40, 2, 0, 1});
            out.flush();
            assertThat(peer.getInputStream().readNBytes(4)).containsExactly(0x40, 2, 0, 1);

            out.write(new byte[] {(byte) 0xE0, 0});
            client.close();
            assertThat(peer.getInputStream().readAllBytes()).containsExactly(0xE0, 0);
        }
    }

    @Test
    void shouldKeepEveryByteInOrderWhenAReadTimesOutBetweenThem() throws Exception {
        // Paho sets SO_TIMEOUT and reads again after a timeout: nothing may be lost or repeated.
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new BufferedSocketFactory().createSocket()) {
            client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
            client.setSoTimeout(200);
            try (Socket peer = server.accept()) {
                OutputStream out = peer.getOutputStream();
                InputStream in = client.getInputStream();
                out.write(new byte[] {1, 2, 3});
                out.flush();

                assertThat(in.readNBytes(2)).containsExactly(1, 2);
                assertThat(in.read()).isEqualTo(3);
                assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);

                out.write(new byte[] {4, 5});
                out.flush();
                assertThat(in.readNBytes(2)).containsExactly(4, 5);
            }
        }
    }

    @Test
    void shouldTellWhatIsBufferedWithoutAskingTheSocketAndAskItOnlyWhenTheBufferIsEmpty() throws Exception {
        int[] asked = {0};
        InputStream socket = new java.io.ByteArrayInputStream(new byte[100]) {
            @Override
            public synchronized int available() {
                asked[0]++;
                return super.available();
            }
        };
        BufferedSocketFactory.AvailableFromBuffer in = new BufferedSocketFactory.AvailableFromBuffer(socket);

        in.read();
        assertThat(in.available()).isEqualTo(99);
        in.readNBytes(98);
        assertThat(in.available()).isEqualTo(1);
        assertThat(asked[0]).isZero();

        in.read();
        assertThat(in.available()).isZero();
        assertThat(asked[0]).isEqualTo(1);

        in.close();
        assertThatThrownBy(in::available).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void shouldWaitBeforeTheNextReadOnlyAfterAReadThatBroughtLittle() throws Exception {
        byte[] data = new byte[3 * BufferedSocketFactory.GatheringInput.FEW_BYTES];
        BufferedSocketFactory.GatheringInput in = new BufferedSocketFactory.GatheringInput(new java.io.ByteArrayInputStream(data));

        assertThat(in.read(new byte[100], 0, 100)).isEqualTo(100);
        assertThat(in.pausing()).isTrue();
        byte[] big = new byte[2 * BufferedSocketFactory.GatheringInput.FEW_BYTES];
        assertThat(in.read(big, 0, big.length)).isEqualTo(big.length);
        assertThat(in.pausing()).isFalse();
        assertThat(in.read(big, 0, big.length)).isEqualTo(data.length - 100 - big.length);
        assertThat(in.pausing()).isTrue();
        assertThat(in.read(big, 0, big.length)).isEqualTo(-1);
        assertThat(in.pausing()).isFalse();
    }

    @Test
    void shouldReadEveryByteInOrderThroughTheBufferAndThePauses() throws Exception {
        byte[] data = new byte[10_000];
        new java.util.Random(7).nextBytes(data);
        InputStream trickle = new java.io.ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 37)); // a socket that has little each time
            }
        };
        InputStream in = new BufferedSocketFactory.AvailableFromBuffer(new BufferedSocketFactory.GatheringInput(trickle));

        assertThat(new java.io.DataInputStream(in).readNBytes(data.length)).isEqualTo(data);
        assertThat(in.read()).isEqualTo(-1);
    }
}
