package dev.prognos.gateway.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain TCP sockets whose input is buffered and whose output gathers Paho's flushes. Paho 1.2.5
 * reads each MQTT packet straight from the socket (the fixed header byte by byte, then the rest),
 * several system calls per message; with a buffer one call brings in many packets. At 15,000
 * readings/s this was about a fifth of the gateway's CPU (its receiver thread spent half of its
 * time in the kernel). It also flushes every packet it sends, i.e. every PUBACK:
 * {@link CoalescingOutputStream} sends those of about a millisecond in one write. Its receiver
 * also asks how many bytes are available before every packet ({@link AvailableFromBuffer}). TLS sockets
 * (ssl:// brokers) are not made here and get neither.
 */
public final class BufferedSocketFactory extends SocketFactory {

    /** Bytes read from the socket at once at most: a few hundred telemetry messages. */
    static final int BUFFER_BYTES = 64 * 1024;

    @Override
    public Socket createSocket() {
        return new BufferedSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(null, new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(localHost, localPort), new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(null, new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected(new InetSocketAddress(localAddress, localPort), new InetSocketAddress(address, port));
    }

    /** @param local the local address to bind first, or null for any */
    private static Socket connected(InetSocketAddress local, InetSocketAddress remote) throws IOException {
        Socket s = new BufferedSocket();
        if (local != null) {
            s.bind(local);
        }
        s.connect(remote);
        return s;
    }

    /**
     * Paho's receiver asks {@code available()} before every packet (only to tell whether it is in
     * the middle of one, for its keep-alive check); a {@link BufferedInputStream} adds the
     * socket's count to its own, i.e. one system call (ioctl FIONREAD) per message. Here the
     * socket is asked only when the buffer is empty, when the next read calls the kernel anyway.
     */
    static final class AvailableFromBuffer extends BufferedInputStream {

        AvailableFromBuffer(InputStream socket) {
            super(socket, BUFFER_BYTES);
        }

        @Override
        public synchronized int available() throws IOException {
            int buffered = count - pos;
            return buffered > 0 && buf != null ? buffered : super.available();
        }
    }

    /**
     * The socket's input, read in fewer, larger pieces: after a read that brought less than
     * {@link #FEW_BYTES}, the next read waits {@link #PAUSE_NANOS} first, so that what the broker
     * sends meanwhile comes in with it. Mosquitto writes each message by itself; read as it comes,
     * the gateway's receiver woke for every one or two of them (about 0.45 voluntary thread
     * switches per message at 50,000 messages/s, each also preempting the thread that handles
     * the messages). A message waits at most the pause longer (0.2 ms, against Kafka's linger of
     * 20 ms); when more than a few messages came at once, nothing waits.
     */
    static final class GatheringInput extends java.io.FilterInputStream {

        /** About 15 telemetry messages (bytes). */
        static final int FEW_BYTES = 4096;
        /** 0.2 ms: about 10 messages at 50,000 messages/s. */
        static final long PAUSE_NANOS = 200_000;

        private boolean pause;

        GatheringInput(InputStream socket) {
            super(socket);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pause) {
                pause = false;
                java.util.concurrent.locks.LockSupport.parkNanos(PAUSE_NANOS);
            }
            int n = in.read(b, off, len);
            pause = n > 0 && n < FEW_BYTES;
            return n;
        }

        /** Whether the next read waits first (tests). */
        boolean pausing() {
            return pause;
        }
    }

    /** A socket that hands out one buffered input stream and one coalescing output stream. */
    static final class BufferedSocket extends Socket {

        private InputStream in;
        private CoalescingOutputStream out;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                // A read timeout (Paho sets SO_TIMEOUT) leaves BufferedInputStream consistent:
                // it marks its buffer empty before it calls the socket.
                in = new AvailableFromBuffer(new GatheringInput(super.getInputStream()));
            }
            return in;
        }

        @Override
        public synchronized OutputStream getOutputStream() throws IOException {
            if (out == null) {
                out = new CoalescingOutputStream(super.getOutputStream(), this::closeSocket, "mqtt-socket-writer");
            }
            return out;
        }

        /** Sends what is pending first. */
        @Override
        public synchronized void close() throws IOException {
            try {
                if (out != null) {
                    out.close();
                }
            } catch (IOException alreadyBroken) {
                // closing anyway
            } finally {
                super.close();
            }
        }

        private void closeSocket() throws IOException {
            super.close();
        }
    }
}
