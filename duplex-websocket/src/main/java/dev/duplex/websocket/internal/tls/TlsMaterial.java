package dev.duplex.websocket.internal.tls;

import dev.duplex.websocket.CertKey;
import dev.duplex.websocket.KeyMaterial;
import dev.duplex.websocket.KeyStoreFile;
import dev.duplex.websocket.SslException;
import dev.duplex.websocket.TrustMaterial;
import dev.duplex.websocket.TrustStoreFile;
import dev.duplex.websocket.TrustedCertificates;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Reads key and trust material from the files the public records name, with messages that name the file and the
 * setting: PEM certificates, PKCS#8 private keys (plain or encrypted), PKCS#12 and JKS stores. Also checks that a
 * private key matches its certificate.
 *
 * <p>Thread safety: stateless.
 */
public final class TlsMaterial {
    private static final Pattern PEM_BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

    private TlsMaterial() {
    }

    /** A private key and its certificate chain, the end's own certificate first. */
    public record KeyAndChain(PrivateKey key, List<X509Certificate> chain) {
        public KeyAndChain {
            chain = List.copyOf(chain);
        }
    }

    /** The files {@code material} is read from, for change detection. */
    public static List<Path> files(KeyMaterial material) {
        if (material instanceof CertKey certKey) {
            return List.of(Path.of(certKey.certFile()), Path.of(certKey.keyFile()));
        }
        return List.of(Path.of(((KeyStoreFile) material).path()));
    }

    /** The file {@code material} is read from. */
    public static Path file(TrustMaterial material) {
        if (material instanceof TrustedCertificates pem) {
            return Path.of(pem.certFile());
        }
        return Path.of(((TrustStoreFile) material).path());
    }

    /** @throws SslException when a file cannot be read, the key cannot be decrypted or does not match */
    public static KeyAndChain load(KeyMaterial material) {
        if (material instanceof CertKey certKey) {
            return loadCertKey(certKey);
        }
        return loadKeyStore((KeyStoreFile) material);
    }

    /** The trusted certificates. @throws SslException when the file cannot be read or holds none */
    public static List<X509Certificate> load(TrustMaterial material) {
        if (material instanceof TrustedCertificates pem) {
            return readCertificates(Path.of(pem.certFile()), "TrustedCertificates.certFile");
        }
        TrustStoreFile store = (TrustStoreFile) material;
        KeyStore keyStore = openStore(Path.of(store.path()), store.password(), store.type(), "TrustStoreFile");
        List<X509Certificate> trusted = new ArrayList<>();
        try {
            for (String alias : Collections.list(keyStore.aliases())) {
                Certificate certificate = keyStore.getCertificate(alias);
                if (certificate instanceof X509Certificate x509) {
                    trusted.add(x509);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new SslException("cannot read trust store " + store.path() + ": " + e.getMessage(), e);
        }
        if (trusted.isEmpty()) {
            throw new SslException("trust store " + store.path() + " holds no certificate (TrustStoreFile.path)");
        }
        return trusted;
    }

    private static KeyAndChain loadCertKey(CertKey certKey) {
        Path certFile = Path.of(certKey.certFile());
        Path keyFile = Path.of(certKey.keyFile());
        List<X509Certificate> chain = readCertificates(certFile, "CertKey.certFile");
        PrivateKey key = readPrivateKey(keyFile, certKey.keyPassword());
        checkMatches(key, chain.get(0), "the private key in " + keyFile + " does not match the certificate in "
                + certFile + " (CertKey.keyFile, CertKey.certFile)");
        return new KeyAndChain(key, chain);
    }

    private static KeyAndChain loadKeyStore(KeyStoreFile file) {
        KeyStore store = openStore(Path.of(file.path()), file.password(), file.type(), "KeyStoreFile");
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (!store.isKeyEntry(alias)) {
                    continue;
                }
                Key key = store.getKey(alias, file.password().toCharArray());
                Certificate[] certificates = store.getCertificateChain(alias);
                if (!(key instanceof PrivateKey privateKey) || certificates == null || certificates.length == 0) {
                    continue;
                }
                List<X509Certificate> chain = new ArrayList<>();
                for (Certificate certificate : certificates) {
                    chain.add((X509Certificate) certificate);
                }
                checkMatches(privateKey, chain.get(0), "the private key of entry '" + alias + "' in " + file.path()
                        + " does not match its certificate (KeyStoreFile.path)");
                return new KeyAndChain(privateKey, chain);
            }
        } catch (java.security.UnrecoverableKeyException e) {
            throw new SslException("cannot recover the private key in key store " + file.path()
                    + ": wrong password (KeyStoreFile.password)", e);
        } catch (GeneralSecurityException e) {
            throw new SslException("cannot read key store " + file.path() + ": " + e.getMessage(), e);
        }
        throw new SslException("key store " + file.path() + " holds no private key with a certificate chain"
                + " (KeyStoreFile.path)");
    }

    private static KeyStore openStore(Path path, String password, String type, String setting) {
        byte[] bytes = readFile(path, setting + ".path");
        try {
            KeyStore store = type == null ? detectStore(bytes) : KeyStore.getInstance(type);
            store.load(new ByteArrayInputStream(bytes), password.toCharArray());
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof java.security.UnrecoverableKeyException) {
                throw new SslException("cannot open " + path + ": wrong password (" + setting + ".password)", e);
            }
            throw new SslException("cannot open " + path + " as a " + (type == null ? "PKCS12 or JKS" : type)
                    + " store: " + e.getMessage() + " (" + setting + ".password, " + setting + ".type)", e);
        } catch (GeneralSecurityException e) {
            throw new SslException("cannot open " + path + ": " + e.getMessage() + " (" + setting + ".type)", e);
        }
    }

    /** JKS files start with the magic 0xFEEDFEED; anything else is tried as PKCS#12. */
    private static KeyStore detectStore(byte[] bytes) throws GeneralSecurityException {
        boolean jks = bytes.length >= 4 && (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xED
                && (bytes[2] & 0xFF) == 0xFE && (bytes[3] & 0xFF) == 0xED;
        return KeyStore.getInstance(jks ? "JKS" : "PKCS12");
    }

    private static byte[] readFile(Path path, String setting) {
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new SslException("cannot read " + path + ": no such file (" + setting + ")", e);
        } catch (IOException e) {
            throw new SslException("cannot read " + path + ": " + e + " (" + setting + ")", e);
        }
    }

    /** Every certificate of a PEM file, in file order. */
    public static List<X509Certificate> readCertificates(Path path, String setting) {
        String text = new String(readFile(path, setting), StandardCharsets.US_ASCII);
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            Matcher block = PEM_BLOCK.matcher(text);
            while (block.find()) {
                if (block.group(1).equals("CERTIFICATE")) {
                    certificates.add((X509Certificate) factory.generateCertificate(
                            new ByteArrayInputStream(decode(block.group(2)))));
                }
            }
        } catch (CertificateException | IllegalArgumentException e) {
            throw new SslException("cannot read the certificates in " + path + ": " + e.getMessage() + " ("
                    + setting + ")", e);
        }
        if (certificates.isEmpty()) {
            throw new SslException(path + " holds no PEM certificate (-----BEGIN CERTIFICATE-----) (" + setting + ")");
        }
        return certificates;
    }

    private static PrivateKey readPrivateKey(Path path, String password) {
        String text = new String(readFile(path, "CertKey.keyFile"), StandardCharsets.US_ASCII);
        Matcher block = PEM_BLOCK.matcher(text);
        while (block.find()) {
            String label = block.group(1);
            byte[] der = decode(block.group(2));
            switch (label) {
                case "PRIVATE KEY":
                    return toPrivateKey(new PKCS8EncodedKeySpec(der), path);
                case "ENCRYPTED PRIVATE KEY":
                    if (password == null || password.isEmpty()) {
                        throw new SslException("the private key in " + path + " is encrypted: set the password in"
                                + " CertKey.keyPassword");
                    }
                    return toPrivateKey(decrypt(der, password, path), path);
                case "RSA PRIVATE KEY":
                case "EC PRIVATE KEY":
                    throw new SslException("the private key in " + path + " is in the traditional " + label
                            + " format; convert it to PKCS#8 (openssl pkcs8 -topk8) (CertKey.keyFile)");
                default:
                    break;
            }
        }
        throw new SslException(path + " holds no PEM private key (-----BEGIN PRIVATE KEY----- or -----BEGIN"
                + " ENCRYPTED PRIVATE KEY-----) (CertKey.keyFile)");
    }

    private static PKCS8EncodedKeySpec decrypt(byte[] der, String password, Path path) {
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            AlgorithmParameters parameters = info.getAlgParameters();
            // PBES2 names its real cipher in the parameters ("PBEWithHmacSHA256AndAES_256"); PBES1 in the name.
            String algorithm = "PBES2".equals(info.getAlgName()) || "1.2.840.113549.1.5.13".equals(info.getAlgName())
                    ? parameters.toString() : info.getAlgName();
            SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(new PBEKeySpec(password.toCharArray())),
                    parameters);
            return info.getKeySpec(cipher);
        } catch (InvalidKeySpecException e) {
            throw new SslException("cannot decrypt the private key in " + path + ": wrong password"
                    + " (CertKey.keyPassword)", e);
        } catch (GeneralSecurityException | IOException e) {
            throw new SslException("cannot decrypt the private key in " + path + ": " + e.getMessage()
                    + " (CertKey.keyPassword)", e);
        }
    }

    private static PrivateKey toPrivateKey(PKCS8EncodedKeySpec spec, Path path) {
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException notThisOne) {
                // try the next algorithm
            }
        }
        throw new SslException("cannot read the private key in " + path + ": not an RSA, EC, EdDSA or DSA PKCS#8 key,"
                + " or a wrong CertKey.keyPassword");
    }

    /** Signs a few bytes with {@code key} and verifies them with the certificate's public key. */
    static void checkMatches(PrivateKey key, X509Certificate certificate, String mismatch) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            case "DSA" -> "SHA256withDSA";
            default -> null;
        };
        if (algorithm == null) {
            return;
        }
        byte[] probe = "duplex key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new SslException(mismatch);
            }
        } catch (GeneralSecurityException e) {
            throw new SslException(mismatch + ": " + e.getMessage(), e);
        }
    }

    private static byte[] decode(String base64) {
        return Base64.getMimeDecoder().decode(base64.replaceAll("\\s", ""));
    }
}
