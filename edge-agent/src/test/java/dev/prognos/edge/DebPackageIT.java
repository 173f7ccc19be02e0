package dev.prognos.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Debian package the build made (target/prognos-agent_*_all.deb), read back with Debian's own
 * dpkg-deb: its control fields, its maintainer scripts and every file it installs.
 */
class DebPackageIT {

    private static Path deb;
    private static String info;
    private static List<String> files;

    @BeforeAll
    static void readPackage() throws Exception {
        try (Stream<Path> s = Files.list(Path.of("target"))) {
            List<Path> debs = s.filter(p -> p.getFileName().toString().matches("prognos-agent_.+_all\\.deb")).toList();
            assertThat(debs).as("exactly one package built in target/").hasSize(1);
            deb = debs.get(0);
        }
        info = dpkgDeb("-I", deb.toString());
        // "-rw-r--r-- root/root 2307 2026-11-23 10:54 ./lib/systemd/system/prognos-agent.service"
        files = dpkgDeb("-c", deb.toString()).lines().map(l -> {
            String[] f = l.trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[f.length - 1];
        }).toList();
    }

    @Test
    void shouldDependOnAJava17RuntimeAndNameThePackage() {
        assertThat(info).contains(" Package: prognos-agent\n", " Architecture: all\n")
                .contains(" Depends: default-jre-headless (>= 2:1.17) | java17-runtime-headless, adduser\n")
                .containsPattern(" Version: 0\\.1\\.0~SNAPSHOT\n| Version: 0\\.1\\.0\n");
    }

    @Test
    void shouldCarryTheMaintainerScriptsThatCreateTheServiceUser() {
        assertThat(info).contains("postinst", "prerm", "postrm", "conffiles");
    }

    @Test
    void shouldInstallTheAgentJarAndEveryRuntimeLibrary() throws IOException {
        assertThat(files).contains("-rw-r--r-- root/root ./usr/share/prognos-agent/lib/edge-agent.jar");
        try (Stream<Path> lib = Files.list(Path.of("target/lib"))) {
            List<String> jars = lib.map(p -> p.getFileName().toString()).toList();
            assertThat(jars).anyMatch(j -> j.startsWith("sqlite-jdbc-")).anyMatch(j -> j.startsWith("pi4j-plugin-linuxfs-"))
                    .anyMatch(j -> j.startsWith("hardware-")).anyMatch(j -> j.startsWith("core-"));
            jars.forEach(j -> assertThat(files).contains("-rw-r--r-- root/root ./usr/share/prognos-agent/lib/" + j));
        }
        assertThat(files).as("no test libraries in the package").noneMatch(f -> f.contains("junit") || f.contains("jmh")
                || f.contains("pi4j-plugin-mock"));
    }

    @Test
    void shouldInstallTheHardenedUnitTheExampleConfigurationAndTheDefaultsFile() throws IOException {
        assertThat(files).contains(
                "-rw-r--r-- root/root ./lib/systemd/system/prognos-agent.service",
                "-rw-r--r-- root/root ./etc/prognos/agent.example.yaml",
                "-rw-r--r-- root/root ./etc/default/prognos-agent",
                "-rw-r--r-- root/root ./usr/share/doc/prognos-agent/README.md");
        assertThat(files).as("the real configuration comes from ./prognos provision, never from the package")
                .doesNotContain("-rw-r--r-- root/root ./etc/prognos/agent.yaml");
        String unit = extract("./lib/systemd/system/prognos-agent.service");
        assertThat(unit.lines()).contains("User=prognos", "Restart=on-failure", "RestartPreventExitStatus=2",
                "ProtectSystem=strict", "ProtectHome=yes", "NoNewPrivileges=yes", "StateDirectory=prognos",
                "CapabilityBoundingSet=", "ConditionPathExists=/etc/prognos/agent.yaml");
        assertThat(unit).contains("-cp \"/usr/share/prognos-agent/lib/*\" dev.prognos.edge.AgentCommand "
                + "--config /etc/prognos/agent.yaml --data-dir /var/lib/prognos");
        assertThat(unit.lines()).as("the sensors are devices: the unit must not hide /dev")
                .doesNotContain("PrivateDevices=yes");
    }

    @Test
    void shouldShipAUnitSystemdAcceptsWithoutAWarning() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")),
                "systemd-analyze (Debian's systemd package) is not installed");
        Path unit = Files.createTempDirectory("deb-unit").resolve("prognos-agent.service");
        Files.writeString(unit, extract("./lib/systemd/system/prognos-agent.service"));
        Process p = new ProcessBuilder("systemd-analyze", "verify", unit.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        // A misspelt key is only a warning for systemd ("Unknown key ..., ignoring"): none allowed.
        assertThat(out.lines().filter(l -> l.contains(unit.toString()))).as(out).isEmpty();
    }

    @Test
    void shouldBuildAClassDataSharingArchiveTheJvmMapsFromTheInstalledFiles(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        assertThat(files).contains("-rw-r--r-- root/root ./usr/share/prognos-agent/agent.classlist",
                "-rwxr-xr-x root/root ./usr/share/prognos-agent/bin/prognos-agent-cds");
        String unit = extract("./lib/systemd/system/prognos-agent.service");
        assertThat(unit.lines()).contains("CacheDirectory=prognos-agent",
                "ExecStartPre=-/usr/share/prognos-agent/bin/prognos-agent-cds /var/cache/prognos-agent/agent.jsa");
        assertThat(unit).contains("-XX:SharedArchiveFile=/var/cache/prognos-agent/agent.jsa");
        // The installed tree, then the unit's pre-start step on it; the classpath as the unit gives it.
        Path root = dir.resolve("root");
        dpkgDeb("-x", deb.toString(), root.toString());
        Path share = root.resolve("usr/share/prognos-agent");
        String cp = share.resolve("lib") + "/*";
        Path archive = dir.resolve("cache/agent.jsa");
        List<String> cds = List.of(share.resolve("bin/prognos-agent-cds").toString(), archive.toString(),
                share.resolve("agent.classlist").toString(), cp);
        assertThat(run(cds)).contains("built " + archive);
        assertThat(run(cds)).as("current: not built again").isEmpty();
        // -Xshare:on fails instead of running without the archive when it cannot be mapped or does not match.
        String version = run(List.of("java", "-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-cp", cp, "-version"));
        assertThat(version).contains("sharing");
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("%s: %s", cmd, out).isZero();
        return out;
    }

    @Test
    void shouldShipAnExampleConfigurationTheAgentAccepts() throws IOException {
        Path example = Files.createTempDirectory("deb-example").resolve("agent.yaml");
        Files.writeString(example, extract("./etc/prognos/agent.example.yaml"));
        AgentOptions options = AgentOptions.load(example, java.util.Map.of());
        assertThat(options.sensors()).isNotEmpty();
    }

    /** One file of the package's data, through dpkg-deb --fsys-tarfile and tar. */
    private static String extract(String member) throws IOException {
        try {
            Process p = new ProcessBuilder("sh", "-c", "dpkg-deb --fsys-tarfile \"$0\" | tar -xOf - \"$1\"",
                    deb.toString(), member).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as("extracting %s: %s", member, out).isZero();
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static String dpkgDeb(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("dpkg-deb"));
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("%s: %s", cmd, out).isZero();
        return out;
    }
}
