package dev.duplex.websocket.auth.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Keys and certificates from PEM files (RFC 7468) with the JDK alone: X.509 certificates, {@code PUBLIC KEY}
 * (SubjectPublicKeyInfo) and unencrypted PKCS#8 {@code PRIVATE KEY} blocks of RSA or EC keys.
 */
public final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private PemFiles() {
    }

    private record Block(String label, byte[] der) {
    }

    private static List<Block> blocks(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            blocks.add(new Block(matcher.group(1), Base64.getMimeDecoder().decode(matcher.group(2))));
        }
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no PEM block (-----BEGIN ...-----)");
        }
        return blocks;
    }

    /** Every certificate in {@code file}. */
    public static List<X509Certificate> certificates(Path file) {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block block : blocks(file)) {
                if (block.label().equals("CERTIFICATE")) {
                    certificates.add((X509Certificate) factory.generateCertificate(
                            new ByteArrayInputStream(block.der())));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + " holds a certificate the JDK cannot read: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no -----BEGIN CERTIFICATE----- block");
        }
        return certificates;
    }

    /** The public key of the first certificate or {@code PUBLIC KEY} block in {@code file}. */
    public static PublicKey publicKey(Path file) {
        for (Block block : blocks(file)) {
            if (block.label().equals("CERTIFICATE")) {
                return certificates(file).get(0).getPublicKey();
            }
            if (block.label().equals("PUBLIC KEY")) {
                for (String algorithm : List.of("RSA", "EC")) {
                    try {
                        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(block.der()));
                    } catch (GeneralSecurityException tryNext) {
                        // not a key of this algorithm
                    }
                }
                throw new IllegalArgumentException(file + " holds a public key that is neither RSA nor EC");
            }
        }
        throw new IllegalArgumentException(file + " holds neither a CERTIFICATE nor a PUBLIC KEY block");
    }

    /** The unencrypted PKCS#8 private key ({@code PRIVATE KEY} block) in {@code file}. */
    public static PrivateKey privateKey(Path file) {
        for (Block block : blocks(file)) {
            if (block.label().equals("PRIVATE KEY")) {
                for (String algorithm : List.of("RSA", "EC")) {
                    try {
                        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(block.der()));
                    } catch (GeneralSecurityException tryNext) {
                        // not a key of this algorithm
                    }
                }
                throw new IllegalArgumentException(file + " holds a private key that is neither RSA nor EC");
            }
            if (block.label().equals("ENCRYPTED PRIVATE KEY") || block.label().endsWith(" PRIVATE KEY")) {
                throw new IllegalArgumentException(file + " holds a '" + block.label() + "' block; convert it to an"
                        + " unencrypted PKCS#8 'PRIVATE KEY' (openssl pkcs8 -topk8 -nocrypt) or use a key store");
            }
        }
        throw new IllegalArgumentException(file + " holds no -----BEGIN PRIVATE KEY----- block");
    }

    /** A TLS context that trusts exactly the certificates in {@code file} (for a self-signed or private CA). */
    public static SSLContext sslContextTrusting(Path file) {
        try {
            KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
            trustStore.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates(file)) {
                trustStore.setCertificateEntry("trusted-" + i++, certificate);
            }
            return sslContextTrusting(trustStore);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot build a trust store from " + file + ": " + e.getMessage(), e);
        }
    }

    /** A TLS context that trusts the certificates of {@code trustStore}. */
    public static SSLContext sslContextTrusting(KeyStore trustStore) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot build a TLS context: " + e.getMessage(), e);
        }
    }
}
