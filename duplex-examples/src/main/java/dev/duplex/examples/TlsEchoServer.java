package dev.duplex.examples;

import dev.duplex.websocket.CertKey;
import dev.duplex.websocket.KeyMaterial;
import dev.duplex.websocket.KeyStoreFile;
import dev.duplex.websocket.Listener;
import dev.duplex.websocket.ListenerConfiguration;
import dev.duplex.websocket.ListenerSecureSocket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The echo service over {@code wss://}: a TLS listener whose certificate comes from PEM files, a PKCS#12 or JKS key
 * store, or, with no arguments, a self-signed certificate for localhost made at start with the JDK's {@code keytool}.
 * Replace the certificate files while it runs and new connections use the new ones.
 *
 * <pre>{@code
 * mvn -q -pl duplex-examples exec:java -Dexec.mainClass=dev.duplex.examples.TlsEchoServer        # self-signed, 9443
 * mvn -q -pl duplex-examples exec:java -Dexec.mainClass=dev.duplex.examples.TlsEchoServer \
 *     -Dexec.args="9443 server.crt server.key"                                                  # PEM chain + PKCS#8
 * mvn -q -pl duplex-examples exec:java -Dexec.mainClass=dev.duplex.examples.TlsEchoServer \
 *     -Dexec.args="9443 server.p12 changeit"                                                    # key store
 * }</pre>
 */
public final class TlsEchoServer {
    private TlsEchoServer() {
    }

    /** A self-signed key store made by {@code keytool}, and its certificate as PEM for clients to trust. */
    public record SelfSigned(Path keyStore, String password, Path certificate) {
        public KeyStoreFile keyMaterial() {
            return new KeyStoreFile(keyStore.toString(), password, "PKCS12");
        }
    }

    /** Makes a self-signed EC certificate for localhost and 127.0.0.1 in {@code dir} with the JDK's keytool. */
    public static SelfSigned selfSigned(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path keyStore = dir.resolve("server.p12");
        Path certificate = dir.resolve("server.crt");
        Files.deleteIfExists(keyStore);
        String password = "duplex-example";
        keytool("-genkeypair", "-alias", "duplex", "-keyalg", "EC", "-groupname", "secp256r1",
                "-sigalg", "SHA256withECDSA", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-validity", "30", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", password, "-keypass", password);
        keytool("-exportcert", "-rfc", "-alias", "duplex", "-keystore", keyStore.toString(), "-storepass", password,
                "-file", certificate.toString());
        return new SelfSigned(keyStore, password, certificate);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + output);
        }
    }

    /** Starts the echo service at {@code /basic/ws} over TLS on {@code port} (0: any free port). */
    public static Listener start(int port, KeyMaterial key) {
        var listener = new Listener(port, ListenerConfiguration.builder()
                .secureSocket(ListenerSecureSocket.builder(key).build())
                .build());
        listener.attach("/basic/ws", request -> new EchoServer.WsService());
        listener.start();
        return listener;
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9443;
        KeyMaterial key;
        String trustHint;
        if (args.length >= 3 && args[1].matches("(?i).*\\.(p12|pfx|jks)$")) {
            key = new KeyStoreFile(args[1], args[2]);
            trustHint = "the certificate authority that issued " + args[1];
        } else if (args.length >= 3) {
            key = new CertKey(args[1], args[2], args.length > 3 ? args[3] : null);
            trustHint = "the certificate authority that issued " + args[1];
        } else {
            SelfSigned selfSigned = selfSigned(Files.createTempDirectory("duplex-tls-example"));
            key = selfSigned.keyMaterial();
            trustHint = selfSigned.certificate().toString();
        }
        Listener listener = start(port, key);
        String url = "wss://localhost:" + listener.getPort() + "/basic/ws";
        System.out.println("TLS echo service listening on " + url);
        System.out.println("Try it: mvn -q -pl duplex-examples exec:java -Dexec.mainClass=dev.duplex.examples."
                + "TlsEchoClient -Dexec.args=\"" + url + " " + trustHint + "\"");
        System.out.println("Press Ctrl+C to stop.");
        Runtime.getRuntime().addShutdownHook(new Thread(listener::gracefulStop));
        Thread.currentThread().join();
    }
}
