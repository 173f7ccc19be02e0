package dev.prognos.trainer;

import dev.prognos.core.model.ModelKeys;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;

/**
 * {@code ./prognos keys init [--dir DIR] [--force]}: creates the Ed25519 model-signing key pair,
 * PEM files {@value ModelKeys#PRIVATE_FILE} (mode 600) and {@value ModelKeys#PUBLIC_FILE}, in a
 * directory outside the repository (default {@code ~/.prognos/keys}). Devices and the stream trust
 * the public file; the private one never leaves the training machine.
 */
public final class KeysCli {

    static final String USAGE = """
            Usage: ./prognos keys init [--dir DIR] [--force]
              --dir DIR   where to write model-signing.key (600) and model-signing.pub (default ~/.prognos/keys)
              --force     replace an existing pair (models signed with the old key stop verifying)
            """;

    private KeysCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || !args[0].equals("init")) {
            if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
                out.print(USAGE);
                return 0;
            }
            err.print(USAGE);
            return 2;
        }
        Path dir = Path.of(System.getProperty("user.home"), ".prognos", "keys");
        boolean force = false;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> {
                    if (i + 1 >= args.length) {
                        err.println("keys: --dir needs a value");
                        return 2;
                    }
                    dir = Path.of(args[++i]);
                }
                case "--force" -> force = true;
                case "-h", "--help" -> {
                    out.print(USAGE);
                    return 0;
                }
                default -> {
                    err.println("keys: unknown option " + args[i]);
                    err.print(USAGE);
                    return 2;
                }
            }
        }
        Path priv = dir.resolve(ModelKeys.PRIVATE_FILE);
        Path pub = dir.resolve(ModelKeys.PUBLIC_FILE);
        if (!force && (Files.exists(priv) || Files.exists(pub))) {
            err.println("keys: " + dir + " already holds a key pair; use --force to replace it");
            return 1;
        }
        try {
            KeyPair pair = ModelKeys.generate();
            ModelKeys.writePrivate(pair.getPrivate(), priv);
            ModelKeys.writePublic(pair.getPublic(), pub);
            out.println("Model-signing key " + ModelKeys.keyId(pair.getPublic()));
            out.println("  private " + priv.toAbsolutePath() + " (600: keep it on the training machine)");
            out.println("  public  " + pub.toAbsolutePath() + " (give it to devices and the stream)");
            return 0;
        } catch (IOException e) {
            err.println("keys: cannot write " + dir + ": " + e.getMessage());
            return 1;
        }
    }
}
