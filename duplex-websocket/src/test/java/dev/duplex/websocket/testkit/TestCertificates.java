package dev.duplex.websocket.testkit;

import dev.duplex.websocket.CertKey;
import dev.duplex.websocket.TrustedCertificates;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.openssl.PKCS8Generator;

/**
 * Certificates made per test run: a certificate authority, certificates it issues for servers and clients (with any
 * validity window, host names and a CRL distribution point), CRLs, and the files every {@code secureSocket} input
 * takes: PEM chains, PKCS#8 keys (plain or encrypted), PKCS#12 and JKS stores.
 *
 * <pre>{@code
 * var ca = TestCertificates.authority("Test CA");
 * var server = ca.issue("localhost").build();
 * CertKey key = server.certKey(dir);
 * TrustedCertificates trust = ca.trusted(dir);
 * }</pre>
 *
 * <p>Keys are EC P-256 (fast to make) unless {@link IssueBuilder#rsa()} asks for RSA.
 *
 * <p>Thread safety: an {@link Authority} may issue from several threads; builders are not thread-safe.
 */
public final class TestCertificates {
    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestCertificates() {
    }

    /** A new self-signed certificate authority valid from a day ago for ten days. */
    public static Authority authority(String name) {
        KeyPair keys = ecKeys();
        X500Principal subject = new X500Principal("CN=" + name);
        Instant now = Instant.now();
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(10))), subject,
                    keys.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign
                    | KeyUsage.digitalSignature));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(signer(keys.getPrivate())));
            return new Authority(certificate, keys.getPrivate());
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair ecKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsaKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ContentSigner signer(PrivateKey key) throws OperatorCreationException {
        String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaContentSignerBuilder(algorithm).build(key);
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIALS.incrementAndGet());
    }

    /** Writes {@code objects} (certificates, keys, CRLs) as PEM to {@code file}. */
    public static Path writePem(Path file, Object... objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                pem.writeObject(object);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return write(file, text.toString().getBytes(StandardCharsets.US_ASCII));
    }

    static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".writing", ".tmp");
            Files.write(temporary, bytes);
            return Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate authority that issues certificates and CRLs. */
    public static final class Authority {
        private final X509Certificate certificate;
        private final PrivateKey key;

        Authority(X509Certificate certificate, PrivateKey key) {
            this.certificate = certificate;
            this.key = key;
        }

        public X509Certificate certificate() {
            return certificate;
        }

        PrivateKey key() {
            return key;
        }

        /** Starts a certificate for {@code commonName}, with that name as a DNS name and 127.0.0.1 as an address. */
        public IssueBuilder issue(String commonName) {
            return new IssueBuilder(this, commonName);
        }

        /** Writes this authority's certificate to {@code dir/<name>.pem} and returns it as trust material. */
        public TrustedCertificates trusted(Path dir) {
            Path file = dir.resolve(certificate.getSubjectX500Principal().getName().replaceAll("\\W", "_") + ".pem");
            writePem(file, certificate);
            return new TrustedCertificates(file.toString());
        }

        /** A CRL, valid for a day, that lists {@code revoked}. */
        public X509CRL crl(List<Issued> revoked) {
            Instant now = Instant.now();
            try {
                JcaX509v2CRLBuilder builder = new JcaX509v2CRLBuilder(certificate,
                        Date.from(now.minus(Duration.ofMinutes(1))));
                builder.setNextUpdate(Date.from(now.plus(Duration.ofDays(1))));
                for (Issued issued : revoked) {
                    builder.addCRLEntry(issued.certificate().getSerialNumber(), Date.from(now.minusSeconds(30)),
                            CRLReason.keyCompromise);
                }
                return new JcaX509CRLConverter().getCRL(builder.build(signer(key)));
            } catch (GeneralSecurityException | OperatorCreationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Builds a certificate an {@link Authority} issues. */
    public static final class IssueBuilder {
        private final Authority issuer;
        private final String commonName;
        private final List<GeneralName> names = new ArrayList<>();
        private Instant notBefore = Instant.now().minus(Duration.ofHours(1));
        private Instant notAfter = Instant.now().plus(Duration.ofDays(2));
        private String crlUrl;
        private String ocspUrl;
        private boolean rsa;

        IssueBuilder(Authority issuer, String commonName) {
            this.issuer = issuer;
            this.commonName = commonName;
            names.add(new GeneralName(GeneralName.dNSName, commonName));
            names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        }

        /** Names only these DNS names (no address). */
        public IssueBuilder dnsNames(String... dnsNames) {
            names.clear();
            for (String name : dnsNames) {
                names.add(new GeneralName(GeneralName.dNSName, name));
            }
            return this;
        }

        public IssueBuilder validity(Instant notBefore, Instant notAfter) {
            this.notBefore = notBefore;
            this.notAfter = notAfter;
            return this;
        }

        /** Names a CRL distribution point (an {@code http://} URL). */
        public IssueBuilder crlDistributionPoint(String url) {
            this.crlUrl = url;
            return this;
        }

        /** Names an OCSP responder (an {@code http://} URL) in the authority information access extension. */
        public IssueBuilder ocspResponder(String url) {
            this.ocspUrl = url;
            return this;
        }

        public IssueBuilder rsa() {
            this.rsa = true;
            return this;
        }

        public Issued build() {
            KeyPair keys = rsa ? rsaKeys() : ecKeys();
            try {
                X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer.certificate, serial(),
                        Date.from(notBefore), Date.from(notAfter), new X500Principal("CN=" + commonName),
                        keys.getPublic());
                JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature
                        | KeyUsage.keyEncipherment));
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(names.toArray(GeneralName[]::new)));
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        extensions.createAuthorityKeyIdentifier(issuer.certificate));
                if (crlUrl != null) {
                    DistributionPointName point = new DistributionPointName(new GeneralNames(
                            new GeneralName(GeneralName.uniformResourceIdentifier, crlUrl)));
                    builder.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(
                            new DistributionPoint[] {new DistributionPoint(point, null, null)}));
                }
                if (ocspUrl != null) {
                    builder.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                            AccessDescription.id_ad_ocsp, new GeneralName(GeneralName.uniformResourceIdentifier,
                            ocspUrl)));
                }
                X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                        builder.build(signer(issuer.key)));
                return new Issued(certificate, keys.getPrivate(), issuer);
            } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A certificate with its private key, and the files made from them. */
    public record Issued(X509Certificate certificate, PrivateKey key, Authority issuer) {
        private String base() {
            return certificate.getSubjectX500Principal().getName().replaceAll("\\W", "_") + "-"
                    + certificate.getSerialNumber();
        }

        /** The PEM chain (this certificate, then the authority's) and the unencrypted PKCS#8 key, written to dir. */
        public CertKey certKey(Path dir) {
            return new CertKey(writeChain(dir.resolve(base() + ".crt")).toString(),
                    writeKey(dir.resolve(base() + ".key")).toString());
        }

        /** As {@link #certKey} with the key encrypted (PBES2, AES-256, PBKDF2-HMAC-SHA256) with {@code password}. */
        public CertKey encryptedCertKey(Path dir, String password) {
            return new CertKey(writeChain(dir.resolve(base() + ".crt")).toString(),
                    writeEncryptedKey(dir.resolve(base() + "-encrypted.key"), password).toString(), password);
        }

        public Path writeChain(Path file) {
            return writePem(file, certificate, issuer.certificate);
        }

        public Path writeKey(Path file) {
            try {
                return writePem(file, new JcaPKCS8Generator(key, null));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        public Path writeEncryptedKey(Path file, String password) {
            try {
                var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                        .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
                        .setPRF(PKCS8Generator.PRF_HMACSHA256).setRandom(RANDOM)
                        .setPassword(password.toCharArray()).build();
                return writePem(file, new JcaPKCS8Generator(key, encryptor));
            } catch (OperatorCreationException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** A key store of type {@code type} ("PKCS12" or "JKS") holding the key and chain under {@code alias}. */
        public Path writeKeyStore(Path file, String type, String password) {
            try {
                KeyStore store = KeyStore.getInstance(type);
                store.load(null, null);
                store.setKeyEntry("server", key, password.toCharArray(),
                        new X509Certificate[] {certificate, issuer.certificate});
                try (OutputStream out = Files.newOutputStream(file)) {
                    store.store(out, password.toCharArray());
                }
                return file;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Base64 of the SHA-256 of this certificate's public key (SPKI), as Chromium's SPKI allow-list takes. */
        public String spkiSha256() {
            try {
                return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                        .digest(certificate.getPublicKey().getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Writes a trust store of {@code type} with {@code certificates}. */
    public static Path writeTrustStore(Path file, String type, String password, X509Certificate... certificates) {
        try {
            KeyStore store = KeyStore.getInstance(type);
            store.load(null, null);
            for (int i = 0; i < certificates.length; i++) {
                store.setCertificateEntry("ca-" + i, certificates[i]);
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password.toCharArray());
            }
            return file;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 127.0.0.1, for tests that need it as an address. */
    public static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }
}
