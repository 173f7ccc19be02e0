package dev.prognos.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child processes ({@code /bin/sh} scripts and a child JVM), as the ITs start their brokers and applications. */
class ChildProcessTest {

    static final Duration READY = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    ChildProcess.Builder sh(String script) {
        return ChildProcess.builder("script", dir.resolve("logs/script.log"), List.of("/bin/sh", "-c", script));
    }

    @Nested
    @DisplayName("readiness")
    class Readiness {

        @Test
        void shouldReturnTheReadyLineAndAppendEveryLineToTheLogWhenTheChildPrintsIt() throws IOException {
            Files.createDirectories(dir.resolve("logs"));
            Files.writeString(dir.resolve("logs/script.log"), "from an earlier run\n");
            try (ChildProcess child = sh("echo starting; echo 'listening on 4242' >&2; exec sleep 60")
                    .readyLine(l -> l.startsWith("listening on")).start()) {
                assertThat(child.awaitLine(READY)).isEqualTo("listening on 4242");
                assertThat(child.isAlive()).isTrue();
                await().atMost(READY).untilAsserted(() -> assertThat(Files.readAllLines(child.log()))
                        .containsExactly("from an earlier run", "starting", "listening on 4242"));
            }
        }

        @Test
        void shouldBeReadyWhenTheChildListensOnItsPortAndAnswersHttp200() throws Exception {
            int port = FreePorts.find();
            String classes = Path.of(HttpChild.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            try (ChildProcess child = ChildProcess.builder("http-child", dir.resolve("http.log"),
                    List.of(ChildProcess.java(), "-Xmx32m", "-cp", classes, HttpChild.class.getName(), String.valueOf(port))).start()) {
                child.awaitPort(port, READY).awaitHttpOk(URI.create("http://127.0.0.1:" + port + "/ready"), READY);
                assertThat(child.isAlive()).isTrue();
            }
        }

        @Test
        void shouldThrowWithTheExitCodeAndTheLastLinesWhenTheChildExitsBeforeItIsReady() {
            ChildProcess child = sh("for i in $(seq 1 100); do echo line $i; done; echo 'bad key: prognos.x' >&2; exit 3")
                    .readyLine(l -> l.equals("ready")).start();
            assertThatThrownBy(() -> child.awaitLine(READY))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("script exited before it was ready (no ready line) (exit code 3)")
                    .hasMessageContaining(child.log().toString())
                    .hasMessageEndingWith("line 100\nbad key: prognos.x")
                    .hasMessageNotContaining("line 60\n"); // only the tail: the last 40 lines
            assertThat(child.exitCode()).isEqualTo(3);
        }

        @Test
        void shouldThrowNamingWhatItAwaitedWhenTheChildExitsWhileAConditionIsAwaited() {
            ChildProcess child = sh("echo 'cannot bind'; exit 1").start();
            assertThatThrownBy(() -> child.awaitPort(FreePorts.find(), READY))
                    .hasMessageStartingWith("script exited before it was ready (awaited: listening on 127.0.0.1:")
                    .hasMessageContaining("(exit code 1)")
                    .hasMessageEndingWith("cannot bind");
        }

        @Test
        void shouldStopTheChildAndSayWhatItAwaitedWhenTheDeadlinePasses() {
            ChildProcess child = sh("echo 'still loading'; exec sleep 60").start();
            assertThatThrownBy(() -> child.await("the sky falling", Duration.ofMillis(500), () -> false))
                    .hasMessageStartingWith("script not ready after 0 s (awaited: the sky falling) (exit code 137)")
                    .hasMessageEndingWith("still loading");
            assertThat(child.isAlive()).isFalse();
        }

        @Test
        void shouldThrowAndNameTheLogWhenTheChildHasExited() {
            ChildProcess child = sh("echo 'out of memory'; exit 2").start();
            await().atMost(READY).until(() -> !child.isAlive());
            assertThatThrownBy(child::assertAlive).hasMessageStartingWith("script exited (exit code 2); log " + child.log())
                    .hasMessageEndingWith("out of memory");
        }
    }

    @Nested
    @DisplayName("environment")
    class Environment {

        @Test
        void shouldSetTheGivenVariablesAndLeaveOutTheExcludedInheritedOnes() {
            assertThat(System.getenv("HOME")).as("an inherited variable to leave out").isNotNull();
            try (ChildProcess child = sh("echo \"got $PROGNOS_KAFKA home=${HOME-unset} path=${PATH-unset}\"; exec sleep 60")
                    .env(Map.of("PROGNOS_KAFKA", "127.0.0.1:9092")).withoutEnv(k -> k.equals("HOME"))
                    .readyLine(l -> l.startsWith("got ")).start()) {
                assertThat(child.awaitLine(READY)).isEqualTo("got 127.0.0.1:9092 home=unset path=" + System.getenv("PATH"));
            }
        }
    }

    @Nested
    @DisplayName("stopping")
    class Stopping {

        @Test
        void shouldEndTheProcessesItStartedWhenClosed() {
            long grandchild;
            try (ChildProcess child = sh("sleep 300 & echo \"started $!\"; wait").readyLine(l -> l.startsWith("started ")).start()) {
                grandchild = Long.parseLong(child.awaitLine(READY).substring("started ".length()));
                assertThat(running(grandchild)).isTrue();
            }
            await().atMost(READY).until(() -> !running(grandchild));
        }

        @Test
        void shouldSendSigkillWhenTheChildIgnoresSigtermPastTheGrace() {
            ChildProcess child = sh("trap '' TERM; echo ready; while :; do sleep 1; done").readyLine("ready"::equals).start();
            child.awaitLine(READY);
            assertThat(child.stop(Duration.ofSeconds(1))).as("killed by SIGKILL: 128 + 9").isEqualTo(137);
        }

        @Test
        void shouldEndWithSigtermWithinTheGraceWhenTheChildHonoursIt() {
            ChildProcess child = sh("echo ready; exec sleep 300").readyLine("ready"::equals).start();
            child.awaitLine(READY);
            assertThat(child.stop(READY)).as("ended by SIGTERM: 128 + 15").isEqualTo(143);
        }

        @Test
        void shouldKillAtOnceWithoutSigtermWhenKilled() {
            ChildProcess child = sh("trap 'echo drained; exit 0' TERM; echo ready; while :; do sleep 1; done")
                    .readyLine("ready"::equals).start();
            child.awaitLine(READY);
            child.kill();
            assertThat(child.isAlive()).isFalse();
            assertThat(child.exitCode()).isEqualTo(137);
            assertThat(child.tail()).doesNotContain("drained");
        }
    }

    /** Running: its /proc entry exists and it is no zombie (a killed orphan waits there until init reaps it). */
    static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (NoSuchFileException gone) {
            return false;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A child JVM that answers 200 on /ready at the port given, like an application's health check. */
    public static final class HttpChild {
        public static void main(String[] args) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 0);
            server.createContext("/ready", exchange -> {
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
        }
    }
}
