package dev.duplex.websocket;

/**
 * A key store file holding the private key and certificate chain: PKCS#12 or JKS. The first entry with a private key
 * is used; its key is protected by the store's password.
 *
 * <p>Checked when constructed: a blank path or password fails with the reference implementation's messages.
 *
 * <p>Thread safety: immutable.
 *
 * @param path     path of the key store file
 * @param password password of the store and of its key
 * @param type     {@code "PKCS12"}, {@code "JKS"}, or {@code null} (the default) to detect it from the file
 */
public record KeyStoreFile(String path, String password, String type) implements KeyMaterial {
    /**
     * A key store file.
     *
     * @param path     path of the key store file; not blank
     * @param password password of the store and of its key; not blank
     * @param type     {@code "PKCS12"}, {@code "JKS"}, or {@code null} to detect it from the file; not blank
     * @throws SslException when {@code path} or {@code password} is {@code null} or blank, or {@code type} is blank
     */
    public KeyStoreFile {
        if (path == null || path.isBlank()) {
            throw new SslException("KeyStore file location must be provided for secure connection"
                    + " (KeyStoreFile.path)");
        }
        if (password == null || password.isBlank()) {
            throw new SslException("KeyStore password must be provided for secure connection"
                    + " (KeyStoreFile.password)");
        }
        if (type != null && type.isBlank()) {
            throw new SslException("KeyStoreFile.type must be PKCS12, JKS or null (detect), was blank");
        }
    }

    /**
     * A key store whose type is detected from the file.
     *
     * @param path     path of the key store file; not blank
     * @param password password of the store and of its key; not blank
     * @throws SslException when {@code path} or {@code password} is {@code null} or blank
     */
    public KeyStoreFile(String path, String password) {
        this(path, password, null);
    }

    /** {@return the path and type, with the password hidden} */
    @Override
    public String toString() {
        return "KeyStoreFile[path=" + path + ", password=***, type=" + (type == null ? "detect" : type) + "]";
    }
}
