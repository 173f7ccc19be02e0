package dev.prognos.gateway.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.locks.LockSupport;

/**
 * A socket's output for Paho that turns many small flushes into one write. Paho 1.2.5 writes and
 * flushes every packet on its own, so each acknowledgement the gateway sends (a 4-byte PUBACK per
 * message, from Kafka's callbacks in bursts of a batch) was one system call and one TCP segment
 * for the broker to take in. Here {@link #flush()} only wakes a writer thread, which waits
 * {@link #DELAY_NANOS} for more and then writes what has gathered at once. Nothing is held
 * longer: an acknowledgement leaves at most about a millisecond later, always after Kafka
 * acknowledged its record. A failed write closes the socket (Paho's reader then reconnects) and
 * is thrown by the next write or flush; {@link #close()} writes what is pending first.
 */
final class CoalescingOutputStream extends OutputStream {

    /** How long the writer gathers after the first flush (ns): 1 ms, ~30 PUBACKs at 30,000 messages/s. */
    static final long DELAY_NANOS = 1_000_000;
    /** Bytes gathered at most; a write that would overflow sends what is pending first. */
    static final int CAPACITY = 64 * 1024;

    private final OutputStream out;
    private final AutoCloseable onFailure;
    private final byte[] pending = new byte[CAPACITY];
    private int count;
    private boolean flushRequested;
    private boolean closed;
    private IOException failure;

    /**
     * @param out the socket's own output stream
     * @param onFailure closed when a write by the writer thread fails (the socket)
     */
    CoalescingOutputStream(OutputStream out, AutoCloseable onFailure, String name) {
        this.out = out;
        this.onFailure = onFailure;
        Thread writer = new Thread(this::writeLoop, name);
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        usable();
        if (count + len > CAPACITY) {
            sendPending();
        }
        if (len > CAPACITY) {
            out.write(b, off, len);
            return;
        }
        System.arraycopy(b, off, pending, count, len);
        count += len;
    }

    /** Asks the writer to send what is pending (within {@link #DELAY_NANOS}). */
    @Override
    public synchronized void flush() throws IOException {
        usable();
        if (count > 0 && !flushRequested) {
            flushRequested = true;
            notifyAll();
        }
    }

    /** Writes what is pending, then closes the socket's stream. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        notifyAll();
        try {
            if (failure == null) {
                sendPending();
            }
        } finally {
            out.close();
        }
    }

    private void usable() throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (closed) {
            throw new IOException("socket output closed");
        }
    }

    /** Under the lock. */
    private void sendPending() throws IOException {
        if (count > 0) {
            out.write(pending, 0, count);
            count = 0;
            out.flush();
        }
    }

    private void writeLoop() {
        while (true) {
            synchronized (this) {
                while (!flushRequested && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
            }
            LockSupport.parkNanos(DELAY_NANOS);
            synchronized (this) {
                flushRequested = false;
                if (closed || failure != null) {
                    return;
                }
                try {
                    sendPending();
                } catch (IOException e) {
                    failure = e;
                    try {
                        onFailure.close();
                    } catch (Exception ignored) {
                        // the socket is unusable either way
                    }
                    return;
                }
            }
        }
    }
}
