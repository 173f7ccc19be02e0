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

    /** A socket that hands out one buffered input stream and one coalescing output stream. */
    static final class BufferedSocket extends Socket {

        private InputStream in;
        private CoalescingOutputStream out;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                // A read timeout (Paho sets SO_TIMEOUT) leaves BufferedInputStream consistent:
                // it marks its buffer empty before it calls the socket.
                in = new AvailableFromBuffer(super.getInputStream());
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
