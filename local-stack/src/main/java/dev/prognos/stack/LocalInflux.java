package dev.prognos.stack;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's InfluxDB 1.6 in a child process, fronted by Debian's nginx (another child process) that
 * maps {@code POST /api/v2/write?bucket=B&precision=P} to {@code /write?db=B&precision=P} as
 * InfluxDB 1.8's compatibility layer does (see /work/shared/STACK.md), both on free loopback
 * ports with the configuration written here. {@link #url()} is what influxdb-client-java talks to, and
 * what answers InfluxQL {@code /query} as 1.x and 2.x do. Used by the stream processor's and the
 * console's integration tests.
 */
public final class LocalInflux implements AutoCloseable {

    private static final Duration READY = Duration.ofSeconds(30);

    private final ChildProcess influxd;
    private final ChildProcess nginx;
    private final int influxPort;
    private final int nginxPort;

    private LocalInflux(ChildProcess influxd, ChildProcess nginx, int influxPort, int nginxPort) {
        this.influxd = influxd;
        this.nginx = nginx;
        this.influxPort = influxPort;
        this.nginxPort = nginxPort;
    }

    public static LocalInflux start(Path dir, String database) throws Exception {
        Path influxBin = find("influxd", "/usr/bin/influxd", "/usr/local/bin/influxd");
        Path nginxBin = find("nginx", "/usr/sbin/nginx", "/usr/local/sbin/nginx");
        int influxPort = FreePorts.find();
        int rpcPort = FreePorts.find();
        int nginxPort = FreePorts.find();
        Files.createDirectories(dir.resolve("nginx"));
        Path influxConf = dir.resolve("influxdb.conf");
        Files.writeString(influxConf, String.join("\n",
                "reporting-disabled = true",
                "bind-address = \"127.0.0.1:" + rpcPort + "\"",
                "[meta]", "  dir = \"" + dir.resolve("meta") + "\"",
                "[data]", "  dir = \"" + dir.resolve("data") + "\"", "  wal-dir = \"" + dir.resolve("wal") + "\"",
                "  query-log-enabled = false",
                "[http]", "  bind-address = \"127.0.0.1:" + influxPort + "\"", "  auth-enabled = false", "  log-enabled = false",
                "[monitor]", "  store-enabled = false",
                "[continuous_queries]", "  enabled = false", ""));
        Path n = dir.resolve("nginx");
        Path nginxConf = n.resolve("nginx.conf");
        Files.writeString(nginxConf, String.join("\n",
                "daemon off;",
                "pid " + n.resolve("nginx.pid") + ";",
                "error_log " + n.resolve("error.log") + " warn;",
                "events { worker_connections 64; }",
                "http {",
                "  access_log off;",
                "  client_body_temp_path " + n.resolve("body") + ";",
                "  proxy_temp_path " + n.resolve("proxy") + ";",
                "  fastcgi_temp_path " + n.resolve("fastcgi") + ";",
                "  uwsgi_temp_path " + n.resolve("uwsgi") + ";",
                "  scgi_temp_path " + n.resolve("scgi") + ";",
                "  server {",
                "    listen 127.0.0.1:" + nginxPort + ";",
                "    location = /api/v2/write {",
                "      set $p $arg_precision;",
                // 1.6 accepts "us" but stores the value as nanoseconds: "u" is its microsecond.
                "      if ($p = \"us\") { set $p \"u\"; }",
                "      proxy_set_header Authorization \"\";",
                "      proxy_pass http://127.0.0.1:" + influxPort + "/write?db=$arg_bucket&precision=$p;",
                "    }",
                "    location / { proxy_pass http://127.0.0.1:" + influxPort + "; }",
                "  }",
                "}", ""));
        ChildProcess influxd = ChildProcess.builder("influxd", dir.resolve("influxd.log"),
                List.of(influxBin.toString(), "-config", influxConf.toString())).start();
        ChildProcess nginx = ChildProcess.builder("nginx", n.resolve("nginx.out"),
                List.of(nginxBin.toString(), "-p", n.toString(), "-c", nginxConf.toString())).start();
        LocalInflux local = new LocalInflux(influxd, nginx, influxPort, nginxPort);
        try {
            influxd.awaitPort(influxPort, READY);
            nginx.awaitPort(nginxPort, READY);
            local.query("CREATE DATABASE " + database);
        } catch (Exception e) {
            local.close();
            throw e;
        }
        return local;
    }

    /** The nginx front: where influxdb-client-java writes. */
    public String url() {
        return "http://127.0.0.1:" + nginxPort;
    }

    /** An InfluxQL statement straight to influxd's /query; returns the JSON answer. */
    public String query(String influxQl) throws IOException, InterruptedException {
        return query(null, influxQl);
    }

    public String query(String database, String influxQl) throws IOException, InterruptedException {
        String form = (database == null ? "" : "db=" + database + "&") + "q=" + URLEncoder.encode(influxQl, StandardCharsets.UTF_8);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + influxPort + "/query"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("InfluxQL '" + influxQl + "' answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** Stops nginx (master and workers) and influxd. */
    @Override
    public void close() {
        try (ChildProcess last = influxd; ChildProcess first = nginx) {
            // Closed in reverse order, the front first, both also when one throws.
        }
    }

    private static Path find(String name, String... candidates) {
        for (String c : candidates) {
            if (Files.isExecutable(Path.of(c))) {
                return Path.of(c);
            }
        }
        throw new IllegalStateException(name + " is not installed (looked in " + List.of(candidates) + "): on Debian run "
                + "'sudo apt-get install influxdb nginx', or './prognos test', which installs what the tests need");
    }

}
