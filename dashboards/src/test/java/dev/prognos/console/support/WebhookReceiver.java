package dev.prognos.console.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server (the JDK's) on a free loopback port that records every POST body it gets,
 * and can answer 503 to the first N requests to exercise retries.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as received. */
    public record Received(String body, String idempotencyKey) {
    }

    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private final AtomicInteger failNext = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    public WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = 204;
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                status = 503;
                refused.incrementAndGet();
            } else {
                synchronized (received) {
                    received.add(new Received(body, exchange.getRequestHeaders().getFirst("Idempotency-Key")));
                }
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** The next {@code n} requests are answered 503 and not recorded. */
    public void failNext(int n) {
        failNext.set(n);
    }

    public int refused() {
        return refused.get();
    }

    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Bodies that mention {@code text}. */
    public List<String> bodiesWith(String text) {
        return received().stream().map(Received::body).filter(b -> b.contains(text)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
