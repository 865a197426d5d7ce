package dev.duplex.websocket;

/**
 * The private key and certificate chain an end presents in the TLS handshake: a PEM certificate chain with a PKCS#8
 * private key ({@link CertKey}), or a key store ({@link KeyStoreFile}).
 *
 * <p>The files are read when the {@link Listener} or {@link Client} is constructed; a listener reads them again when
 * they change (see {@link ListenerSecureSocket#reloadInterval()}).
 *
 * <p>Thread safety: implementations are immutable records.
 */
public sealed interface KeyMaterial permits CertKey, KeyStoreFile {
}
