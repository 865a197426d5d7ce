package dev.duplex.websocket;

/**
 * A trust store file (PKCS#12 or JKS) whose certificate entries are trusted.
 *
 * <p>Checked when constructed: a blank path or password fails with the reference implementation's messages.
 *
 * <p>Thread safety: immutable.
 *
 * @param path     path of the trust store file
 * @param password password of the store
 * @param type     {@code "PKCS12"}, {@code "JKS"}, or {@code null} (the default) to detect it from the file
 */
public record TrustStoreFile(String path, String password, String type) implements TrustMaterial {
    public TrustStoreFile {
        if (path == null || path.isBlank()) {
            throw new SslException("TrustStore file location must be provided for secure connection"
                    + " (TrustStoreFile.path)");
        }
        if (password == null || password.isBlank()) {
            throw new SslException("TrustStore password must be provided for secure connection"
                    + " (TrustStoreFile.password)");
        }
        if (type != null && type.isBlank()) {
            throw new SslException("TrustStoreFile.type must be PKCS12, JKS or null (detect), was blank");
        }
    }

    /** A trust store whose type is detected from the file. */
    public TrustStoreFile(String path, String password) {
        this(path, password, null);
    }

    /** Hides the password. */
    @Override
    public String toString() {
        return "TrustStoreFile[path=" + path + ", password=***, type=" + (type == null ? "detect" : type) + "]";
    }
}
