package dev.duplex.websocket;

/**
 * The certificates an end trusts when it verifies its peer: a PEM file of certificates ({@link TrustedCertificates})
 * or a trust store ({@link TrustStoreFile}).
 *
 * <p>Thread safety: implementations are immutable records.
 */
public sealed interface TrustMaterial permits TrustedCertificates, TrustStoreFile {
}
