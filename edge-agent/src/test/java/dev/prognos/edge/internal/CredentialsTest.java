package dev.prognos.edge.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CredentialsTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "s3cret\\n                 | pump-7 | s3cret",
            "\\n  s3cret  \\n\\n       | pump-7 | s3cret",
            "gw-account\\ns3cret\\n    | gw-account | s3cret",
    })
    void shouldReadThePasswordAloneOrUsernameAndPassword(String content, String user, String password) throws Exception {
        Path f = dir.resolve("password");
        Files.writeString(f, content.replace("\\n", "\n"));
        Credentials c = Credentials.read(f, "pump-7");
        assertThat(c.username()).isEqualTo(user);
        assertThat(new String(c.password(), StandardCharsets.UTF_8)).isEqualTo(password);
        assertThat(c.toString()).doesNotContain(password);
    }

    @ParameterizedTest
    @CsvSource({"''", "'a\nb\nc'"})
    void shouldRefuseAFileWithNoneOrTooManyLinesNamingIt(String content) throws Exception {
        Path f = dir.resolve("password");
        Files.writeString(f, content);
        assertThatThrownBy(() -> Credentials.read(f, "pump-7")).hasMessageContaining(f.toString())
                .hasMessageContaining("non-blank lines");
    }
}
