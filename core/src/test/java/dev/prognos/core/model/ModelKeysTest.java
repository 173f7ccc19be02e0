package dev.prognos.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelKeysTest {

    @TempDir
    Path dir;

    @Test
    void shouldSignWithAKeyReadBackFromPemAndVerifyWithThePublicFile() throws Exception {
        KeyPair pair = ModelKeys.generate();
        Path priv = dir.resolve("keys").resolve(ModelKeys.PRIVATE_FILE);
        Path pub = dir.resolve("keys").resolve(ModelKeys.PUBLIC_FILE);
        ModelKeys.writePrivate(pair.getPrivate(), priv);
        ModelKeys.writePublic(pair.getPublic(), pub);

        assertThat(Files.readString(priv)).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(priv))).isEqualTo("rw-------");

        PrivateKey readPriv = ModelKeys.readPrivate(priv);
        PublicKey readPub = ModelKeys.readPublic(pub);
        assertThat(ModelKeys.keyId(readPub)).isEqualTo(ModelKeys.keyId(pair.getPublic())).matches("ed25519:[0-9a-f]{16}");

        byte[] json = ModelJson.write(ModelSigner.sign(Artifacts.boosted(2), readPriv, ModelKeys.keyId(readPub)));
        assertThat(ModelVerifier.trusting(pair.getPublic(), "turbofan", null).verify(json, 1).accepted()).isTrue();
    }

    @Test
    void shouldNameTheFileThatIsNotAKey() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.pub"), "hello");
        assertThatThrownBy(() -> ModelKeys.readPublic(junk)).hasMessageContaining("junk.pub")
                .hasMessageContaining("BEGIN PUBLIC KEY");
        Path wrongType = dir.resolve("pub-as-private.key");
        ModelKeys.writePublic(ModelKeys.generate().getPublic(), wrongType);
        assertThatThrownBy(() -> ModelKeys.readPrivate(wrongType)).hasMessageContaining("pub-as-private.key");
    }

    @Test
    void shouldReadTrustedKeysFromOneFileOrEveryPubAndPemFileOfADirectory() throws Exception {
        PublicKey a = ModelKeys.generate().getPublic();
        PublicKey b = ModelKeys.generate().getPublic();
        Path keys = dir.resolve("trusted");
        ModelKeys.writePublic(a, keys.resolve("a.pub"));
        ModelKeys.writePublic(b, keys.resolve("b.pem"));
        Files.writeString(keys.resolve("README"), "not a key, not read");

        assertThat(ModelKeys.readTrusted(keys.resolve("a.pub"))).containsOnlyKeys(ModelKeys.keyId(a));
        assertThat(ModelKeys.readTrusted(keys)).containsOnlyKeys(ModelKeys.keyId(a), ModelKeys.keyId(b))
                .containsEntry(ModelKeys.keyId(b), b);
    }

    @Test
    void shouldNameTheTrustedPathThatHoldsNoKey() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> ModelKeys.readTrusted(empty)).hasMessageContaining(empty.toString())
                .hasMessageContaining("no *.pub or *.pem");
        Path missing = dir.resolve("missing.pub");
        assertThatThrownBy(() -> ModelKeys.readTrusted(missing)).hasMessageContaining("missing.pub");
    }
}
