package dev.prognos.gateway.support;

import dev.prognos.core.MqttTopics;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A load generator that costs the machine little: MQTT 5 QoS 1 PUBLISH packets written straight
 * to a socket, up to the broker's Receive Maximum awaiting PUBACK, with payloads built by hand
 * in the telemetry JSON format (the same fields {@code TelemetryJson.encode} writes). Paho spends
 * several times the CPU per message, which on 2 cores would measure the generator rather than the
 * broker and the gateway. Same contract as {@link FleetPublisher}: devices round robin, seq
 * 1..perDevice, ts = publish time (epoch ms).
 */
public final class RawPublisher implements Runnable {

    private final String broker;
    private final String clientId;
    private final List<String> devices;
    private final long perDevice;
    private final int window;
    private final AtomicLong acknowledged = new AtomicLong();
    private volatile Throwable failure;
    private double ratePerSecond;
    private int burst;

    public RawPublisher(String broker, String clientId, List<String> devices, long perDevice, int window) {
        this.broker = broker;
        this.clientId = clientId;
        this.devices = devices;
        this.perDevice = perDevice;
        this.window = window;
    }

    /**
     * Saturated, waits for {@code messages} free places in the window, then writes that many in
     * one system call (0, the default: a quarter of the window; 1: each message as soon as a
     * PUBACK frees a place).
     */
    public RawPublisher burst(int messages) {
        this.burst = messages;
        return this;
    }

    /** Paces this publisher to {@code perSecond} readings/s (0: as fast as the window allows). */
    public RawPublisher paced(double perSecond) {
        this.ratePerSecond = perSecond;
        return this;
    }

    public Throwable failure() {
        return failure;
    }

    public long acknowledged() {
        return acknowledged.get();
    }

    static byte[] payload(String device, long seq, long tsMs) {
        return ("{\"v\":1,\"device\":\"" + device + "\",\"site\":\"" + FleetPublisher.SITE + "\",\"asset\":\"" + FleetPublisher.ASSET
                + "\",\"seq\":" + seq + ",\"ts\":" + tsMs + READINGS).getBytes(StandardCharsets.UTF_8);
    }

    /** The readings of every message: 4 per message (DESIGN.md §3's example). */
    public static final int READINGS_PER_MESSAGE = 4;
    private static final String READINGS =
            ",\"readings\":{\"vib_rms_mm_s\":2.31,\"vib_kurtosis\":3.4,\"bearing_temp_c\":61.2,\"motor_current_a\":3.31}}";
    private static final byte[] TS = ",\"ts\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] READINGS_BYTES = READINGS.getBytes(StandardCharsets.UTF_8);

    /**
     * One device's PUBLISH packets, pre-encoded but for seq and ts: the same bytes as
     * {@link #payload}, copied into the publisher's buffer without building a string per message
     * (the generator shares the 2 cores with what it measures).
     */
    static final class DeviceFrame {
        private final byte[] topic;
        /** The payload up to and including {@code "seq":}. */
        private final byte[] head;

        DeviceFrame(String device) {
            topic = MqttTopics.telemetry(FleetPublisher.SITE, device).getBytes(StandardCharsets.UTF_8);
            String p = new String(payload(device, 0, 0), StandardCharsets.UTF_8);
            head = p.substring(0, p.indexOf("\"seq\":") + 6).getBytes(StandardCharsets.UTF_8);
        }

        /** Largest packet this frame writes (bytes): 20 digits each for seq and ts. */
        int maxBytes() {
            return 1 + 4 + 2 + topic.length + 3 + head.length + 20 + TS.length + 20 + READINGS_BYTES.length;
        }

        /** Writes one PUBLISH at {@code buf[pos]}, which has room for {@link #maxBytes()}; @return the position after it */
        int write(byte[] buf, int pos, int id, long seq, long tsMs) {
            int seqDigits = digits(seq);
            int tsDigits = digits(tsMs);
            int payload = head.length + seqDigits + TS.length + tsDigits + READINGS_BYTES.length;
            int length = 2 + topic.length + 2 + 1 + payload;
            buf[pos++] = 0x32; // PUBLISH, QoS 1
            do {
                int b = length & 0x7F;
                length >>>= 7;
                buf[pos++] = (byte) (length > 0 ? b | 0x80 : b);
            } while (length > 0);
            buf[pos++] = (byte) (topic.length >> 8);
            buf[pos++] = (byte) topic.length;
            System.arraycopy(topic, 0, buf, pos, topic.length);
            pos += topic.length;
            buf[pos++] = (byte) (id >> 8);
            buf[pos++] = (byte) id;
            buf[pos++] = 0; // no properties
            System.arraycopy(head, 0, buf, pos, head.length);
            pos += head.length;
            pos = writeDigits(buf, pos, seq, seqDigits);
            System.arraycopy(TS, 0, buf, pos, TS.length);
            pos += TS.length;
            pos = writeDigits(buf, pos, tsMs, tsDigits);
            System.arraycopy(READINGS_BYTES, 0, buf, pos, READINGS_BYTES.length);
            return pos + READINGS_BYTES.length;
        }

        /** The same packet to a stream (tests). */
        void write(OutputStream out, int id, long seq, long tsMs) throws IOException {
            byte[] buf = new byte[maxBytes()];
            out.write(buf, 0, write(buf, 0, id, seq, tsMs));
        }

        private static int digits(long v) {
            int n = 1;
            while (v >= 10) {
                v /= 10;
                n++;
            }
            return n;
        }

        private static int writeDigits(byte[] buf, int pos, long v, int digits) {
            int i = pos + digits;
            do {
                buf[--i] = (byte) ('0' + v % 10);
                v /= 10;
            } while (v > 0);
            return pos + digits;
        }
    }

    /**
     * Writes in bursts: once the window is full it waits until a quarter of it is free again
     * (or what is left to send), then writes that many packets in one system call; the acks are
     * read in bulk and handed back per read. Packet by packet, each PUBACK woke the writer for one
     * packet and one write: a wake-up and a system call per message in this JVM, which shares
     * the 2 cores with what it measures. The broker-alone and the gateway runs use the same
     * publishers, so the ratio is unchanged by it.
     */
    @Override
    public void run() {
        URI uri = URI.create(broker);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(connect(clientId));
            out.flush();
            DataInputStream handshake = new DataInputStream(in);
            int receiveMaximum = connack(handshake);
            int inFlight = Math.min(window, receiveMaximum);
            Semaphore free = new Semaphore(inFlight);
            Thread reader = new Thread(() -> readAcks(in, free, inFlight), clientId + "-acks");
            reader.setDaemon(true);
            reader.start();
            List<DeviceFrame> frames = devices.stream().map(DeviceFrame::new).toList();
            int maxPacket = frames.stream().mapToInt(DeviceFrame::maxBytes).max().orElse(0);
            byte[] buf = new byte[Math.max(64 * 1024, 4 * maxPacket)];
            int pos = 0;
            int burst = this.burst > 0 ? Math.min(this.burst, inFlight) : Math.max(1, inFlight / 4);
            long total = perDevice * devices.size();
            int credit = 0;
            int id = 0;
            long start = System.nanoTime();
            long n = 0;
            for (long seq = 1; seq <= perDevice; seq++) {
                for (DeviceFrame frame : frames) {
                    if (ratePerSecond > 0) {
                        long wait = start + (long) (n * 1e9 / ratePerSecond) - System.nanoTime();
                        if (wait > 0 && pos > 0) {
                            out.write(buf, 0, pos);
                            pos = 0;
                        }
                        if (wait > 0) {
                            java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        }
                    }
                    if (credit == 0) {
                        if (pos > 0) {
                            out.write(buf, 0, pos);
                            pos = 0;
                        }
                        // Paced runs go on as soon as one place is free (latency); saturated ones
                        // wait for a burst.
                        int need = ratePerSecond > 0 ? 1 : (int) Math.min(burst, total - n);
                        free.acquire(need);
                        credit = need + free.drainPermits();
                    }
                    if (buf.length - pos < maxPacket) {
                        out.write(buf, 0, pos);
                        pos = 0;
                    }
                    credit--;
                    n++;
                    id = id % 65535 + 1;
                    pos = frame.write(buf, pos, id, seq, System.currentTimeMillis());
                }
            }
            out.write(buf, 0, pos);
            while (acknowledged.get() < total && failure == null) {
                free.acquire();
            }
            out.write(new byte[] {(byte) 0xE0, 0}); // DISCONNECT
            out.flush();
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** Reads what the socket has, counts the PUBACKs in it, and frees that many places at once. */
    private void readAcks(InputStream in, Semaphore free, int inFlight) {
        byte[] buf = new byte[16 * 1024];
        int have = 0;
        try {
            while (true) {
                int read = in.read(buf, have, buf.length - have);
                if (read < 0) {
                    break;
                }
                have += read;
                int pos = 0;
                int acks = 0;
                while (true) {
                    int packetEnd = packetEnd(buf, pos, have);
                    if (packetEnd < 0) {
                        break;
                    }
                    int type = buf[pos] & 0xFF;
                    int bodyAt = packetEnd - bodyLength(buf, pos);
                    if ((type & 0xF0) == 0x40) { // PUBACK
                        if (packetEnd - bodyAt > 2 && (buf[bodyAt + 2] & 0xFF) >= 0x80) {
                            failure = new IllegalStateException("PUBACK reason code 0x" + Integer.toHexString(buf[bodyAt + 2] & 0xFF));
                        }
                        acks++;
                    }
                    pos = packetEnd;
                }
                if (packetEnd(buf, pos, have) == -2) {
                    buf = java.util.Arrays.copyOf(buf, buf.length * 2); // a packet larger than the buffer
                }
                System.arraycopy(buf, pos, buf, 0, have - pos);
                have -= pos;
                if (acks > 0) {
                    acknowledged.addAndGet(acks);
                    free.release(acks);
                }
            }
        } catch (java.net.SocketException closed) {
            // disconnected
        } catch (IOException e) {
            failure = e;
        } finally {
            free.release(inFlight);
        }
    }

    /**
     * @return the end of the packet starting at {@code buf[pos]} when {@code buf[pos..have)} holds
     *         all of it, -1 when more must be read, -2 when it cannot fit in {@code buf} at all
     */
    static int packetEnd(byte[] buf, int pos, int have) {
        int value = 0;
        int shift = 0;
        int i = pos + 1;
        int b;
        do {
            if (i >= have) {
                return -1;
            }
            b = buf[i++] & 0xFF;
            value |= (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        long end = (long) i + value;
        if (end - pos > buf.length) {
            return -2;
        }
        return end <= have ? (int) end : -1;
    }

    /** The remaining length of the complete packet at {@code buf[pos]}. */
    private static int bodyLength(byte[] buf, int pos) {
        int value = 0;
        int shift = 0;
        int i = pos + 1;
        int b;
        do {
            b = buf[i++] & 0xFF;
            value |= (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return value;
    }

    /**
     * Subscribes over a raw socket at QoS 1 and acknowledges every message at once: the broker's
     * own publish → subscribe rate, with a subscriber that costs next to nothing.
     *
     * @return nanoTime when the {@code expected}-th message arrived
     */
    public static long subscribeAndCount(String broker, String clientId, String filter, long expected,
                                         Runnable subscribed) throws IOException {
        URI uri = URI.create(broker);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setTcpNoDelay(true);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            InputStream raw = socket.getInputStream();
            DataInputStream in = new DataInputStream(raw); // unbuffered: the CONNACK only, then bulk reads
            out.write(connect(clientId));
            out.flush();
            connack(in);
            ByteArrayOutputStream sub = new ByteArrayOutputStream();
            sub.write(0);
            sub.write(1);           // packet id 1
            sub.write(0);           // no properties
            string(sub, filter);
            sub.write(1);           // QoS 1
            out.write(packet(0x82, sub.toByteArray()));
            out.flush();
            // Read in bulk: every packet the socket has, then their PUBACKs in one write (per
            // packet, a buffered stream's available() asked the kernel each time).
            byte[] buf = new byte[64 * 1024];
            int have = 0;
            long count = 0;
            while (true) {
                int pos = 0;
                while (true) {
                    int packetEnd = packetEnd(buf, pos, have);
                    if (packetEnd < 0) {
                        if (packetEnd == -2) {
                            buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                        }
                        break;
                    }
                    int type = buf[pos] & 0xFF;
                    int bodyAt = packetEnd - bodyLength(buf, pos);
                    if ((type & 0xF0) == 0x90) {
                        subscribed.run();
                    } else if ((type & 0xF0) == 0x30) {
                        int topicLength = ((buf[bodyAt] & 0xFF) << 8) | (buf[bodyAt + 1] & 0xFF);
                        if ((type & 0x06) != 0) {
                            out.write(0x40);
                            out.write(2);
                            out.write(buf[bodyAt + 2 + topicLength]);
                            out.write(buf[bodyAt + 3 + topicLength]);
                        }
                        if (++count == expected) {
                            long at = System.nanoTime();
                            out.flush();
                            out.write(new byte[] {(byte) 0xE0, 0});
                            out.flush();
                            return at;
                        }
                    }
                    pos = packetEnd;
                }
                out.flush();
                System.arraycopy(buf, pos, buf, 0, have - pos);
                have -= pos;
                int read = raw.read(buf, have, buf.length - have);
                if (read < 0) {
                    throw new EOFException("the broker closed the subscriber's connection after " + count + " of " + expected + " messages");
                }
                have += read;
            }
        }
    }

    static byte[] connect(String clientId) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        string(v, "MQTT");
        v.write(5);            // protocol version 5
        v.write(0x02);         // clean start
        v.write(0);
        v.write(60);           // keep alive 60 s
        v.write(0);            // no properties
        string(v, clientId);
        return packet(0x10, v.toByteArray());
    }

    /** @return the broker's Receive Maximum (65535 when it names none) */
    static int connack(DataInputStream in) throws IOException {
        int type = in.readUnsignedByte();
        byte[] body = new byte[remainingLength(in)];
        in.readFully(body);
        if ((type & 0xF0) != 0x20 || body.length < 2 || (body[1] & 0xFF) != 0) {
            throw new IOException("CONNACK refused: reason code 0x" + Integer.toHexString(body.length > 1 ? body[1] & 0xFF : -1));
        }
        int[] pos = {2};
        int propsEnd = readVarInt(body, pos) + pos[0];
        while (pos[0] < propsEnd) {
            int id = body[pos[0]++] & 0xFF;
            switch (id) {
                case 0x21 -> { // Receive Maximum
                    return ((body[pos[0]] & 0xFF) << 8) | (body[pos[0] + 1] & 0xFF);
                }
                case 0x24, 0x25, 0x28, 0x29, 0x2A, 0x01, 0x17, 0x19 -> pos[0] += 1;
                case 0x13, 0x22 -> pos[0] += 2;
                case 0x11, 0x27 -> pos[0] += 4;
                case 0x12, 0x1A, 0x1C, 0x1F, 0x15, 0x03, 0x08 -> pos[0] += 2 + (((body[pos[0]] & 0xFF) << 8) | (body[pos[0] + 1] & 0xFF));
                case 0x26 -> {
                    for (int k = 0; k < 2; k++) {
                        pos[0] += 2 + (((body[pos[0]] & 0xFF) << 8) | (body[pos[0] + 1] & 0xFF));
                    }
                }
                default -> {
                    return 65535; // unknown property: stop reading, assume no limit beyond our window
                }
            }
        }
        return 65535;
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b.length >> 8);
        out.write(b.length & 0xFF);
        out.writeBytes(b);
    }

    private static byte[] packet(int type, byte[] body) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(type);
        try {
            writeVarInt(p, body.length);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        p.writeBytes(body);
        return p.toByteArray();
    }

    private static void writeVarInt(OutputStream out, int value) throws IOException {
        do {
            int b = value % 128;
            value /= 128;
            out.write(value > 0 ? b | 0x80 : b);
        } while (value > 0);
    }

    private static int remainingLength(DataInputStream in) throws IOException {
        int value = 0;
        int shift = 0;
        int b;
        do {
            b = in.readUnsignedByte();
            value |= (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return value;
    }

    private static int readVarInt(byte[] body, int[] pos) {
        int value = 0;
        int shift = 0;
        int b;
        do {
            b = body[pos[0]++] & 0xFF;
            value |= (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return value;
    }
}
