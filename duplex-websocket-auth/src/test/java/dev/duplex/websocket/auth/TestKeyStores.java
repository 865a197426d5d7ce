package dev.duplex.websocket.auth;

import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.util.ssl.cert.ManageCertificates;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** PKCS#12 key stores with a self-signed certificate for localhost/127.0.0.1, made per run with UnboundID's tool. */
public final class TestKeyStores {
    public static final String PASSWORD = "changeit";
    public static final String ALIAS = "server";

    private TestKeyStores() {
    }

    /** Makes {@code file} with an RSA 2048 ({@code "RSA"}) or EC P-256 ({@code "EC"}) key and its certificate. */
    public static Path selfSigned(Path file, String keyAlgorithm) {
        List<String> args = new ArrayList<>(List.of("generate-self-signed-certificate",
                "--keystore", file.toString(), "--keystore-password", PASSWORD, "--keystore-type", "PKCS12",
                "--alias", ALIAS, "--subject-dn", "CN=localhost",
                "--subject-alternative-name-dns", "localhost",
                "--subject-alternative-name-ip-address", "127.0.0.1"));
        if (keyAlgorithm.equals("EC")) {
            args.addAll(List.of("--key-algorithm", "EC", "--key-length-bits", "256",
                    "--signature-algorithm", "SHA256withECDSA"));
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        ResultCode result = ManageCertificates.main(null, output, output, args.toArray(String[]::new));
        if (result != ResultCode.SUCCESS) {
            throw new IllegalStateException("cannot make a key store: " + output);
        }
        return file;
    }

    public static KeyStore load(Path file) throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            keyStore.load(in, PASSWORD.toCharArray());
        }
        return keyStore;
    }

    /** A TLS context trusting the certificate of {@code file}. */
    public static SSLContext trusting(Path file) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(file));
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return tls;
    }
}
