package dev.duplex.websocket;

/**
 * A PEM certificate chain (the end's certificate first, then any intermediates) and its PKCS#8 private key, which may
 * be encrypted ({@code -----BEGIN ENCRYPTED PRIVATE KEY-----}, PBES2 or PBES1).
 *
 * <p>Checked when constructed: blank locations fail with the reference implementation's messages. That the files
 * can be read, that the key decrypts and that it matches the certificate is checked when the listener or client is
 * constructed.
 *
 * <p>Thread safety: immutable.
 *
 * @param certFile    path of the PEM certificate chain
 * @param keyFile     path of the PEM PKCS#8 private key
 * @param keyPassword password of an encrypted key, or {@code null} when the key is not encrypted
 */
public record CertKey(String certFile, String keyFile, String keyPassword) implements KeyMaterial {
    /**
     * A PEM certificate chain and private key.
     *
     * @param certFile    path of the PEM certificate chain; not blank
     * @param keyFile     path of the PEM PKCS#8 private key; not blank
     * @param keyPassword password of an encrypted key, or {@code null} when the key is not encrypted
     * @throws SslException when {@code certFile} or {@code keyFile} is {@code null} or blank
     */
    public CertKey {
        if (certFile == null || certFile.isBlank()) {
            throw new SslException("Certificate file location must be provided for secure connection"
                    + " (CertKey.certFile)");
        }
        if (keyFile == null || keyFile.isBlank()) {
            throw new SslException("Private key file location must be provided for secure connection"
                    + " (CertKey.keyFile)");
        }
    }

    /**
     * A PEM certificate chain and an unencrypted private key.
     *
     * @param certFile path of the PEM certificate chain; not blank
     * @param keyFile  path of the PEM PKCS#8 private key; not blank
     * @throws SslException when {@code certFile} or {@code keyFile} is {@code null} or blank
     */
    public CertKey(String certFile, String keyFile) {
        this(certFile, keyFile, null);
    }

    /** {@return the file paths, with the password hidden} */
    @Override
    public String toString() {
        return "CertKey[certFile=" + certFile + ", keyFile=" + keyFile + ", keyPassword="
                + (keyPassword == null ? "none" : "***") + "]";
    }
}
