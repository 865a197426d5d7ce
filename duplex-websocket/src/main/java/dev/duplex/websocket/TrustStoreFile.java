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
    /**
     * A trust store file.
     *
     * @param path     path of the trust store file; not blank
     * @param password password of the store; not blank
     * @param type     {@code "PKCS12"}, {@code "JKS"}, or {@code null} to detect it from the file; not blank
     * @throws SslException when {@code path} or {@code password} is {@code null} or blank, or {@code type} is blank
     */
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

    /**
     * A trust store whose type is detected from the file.
     *
     * @param path     path of the trust store file; not blank
     * @param password password of the store; not blank
     * @throws SslException when {@code path} or {@code password} is {@code null} or blank
     */
    public TrustStoreFile(String path, String password) {
        this(path, password, null);
    }

    /** {@return the path and type, with the password hidden} */
    @Override
    public String toString() {
        return "TrustStoreFile[path=" + path + ", password=***, type=" + (type == null ? "detect" : type) + "]";
    }
}
