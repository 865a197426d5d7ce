package dev.duplex.websocket.internal.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The few DER structures OCSP stapling needs, in plain Java: the responder named in a certificate's authority
 * information access extension (RFC 5280 §4.2.2.1), a request for one certificate (RFC 6960 §4.1), and the status and
 * update times a response gives for it (RFC 6960 §4.2). Signatures are not checked here; {@link OcspStaple} has the
 * JDK's certificate path validator check the whole response.
 *
 * <p>Thread safety: stateless.
 */
final class OcspMessages {
    /** id-pe-authorityInfoAccess, 1.3.6.1.5.5.7.1.1. */
    static final String AUTHORITY_INFO_ACCESS = "1.3.6.1.5.5.7.1.1";
    /** The content octets of id-ad-ocsp, 1.3.6.1.5.5.7.48.1. */
    private static final byte[] ID_AD_OCSP = {0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01};
    /** The content octets of id-pkix-ocsp-basic, 1.3.6.1.5.5.7.48.1.1. */
    private static final byte[] ID_PKIX_OCSP_BASIC = {0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x01};
    /** AlgorithmIdentifier of SHA-1 (1.3.14.3.2.26) with NULL parameters, the hash every responder accepts. */
    private static final byte[] SHA1_ALGORITHM = {0x30, 0x09, 0x06, 0x05, 0x2B, 0x0E, 0x03, 0x02, 0x1A, 0x05, 0x00};

    private static final int INTEGER = 0x02;
    private static final int BIT_STRING = 0x03;
    private static final int OCTET_STRING = 0x04;
    private static final int OBJECT_IDENTIFIER = 0x06;
    private static final int ENUMERATED = 0x0A;
    private static final int GENERALIZED_TIME = 0x18;
    private static final int SEQUENCE = 0x30;
    /** [0] EXPLICIT, constructed: responseBytes, nextUpdate. */
    private static final int EXPLICIT_0 = 0xA0;
    /** GeneralName uniformResourceIdentifier, [6] IMPLICIT IA5String. */
    private static final int URI_NAME = 0x86;
    /** CertStatus good [0] IMPLICIT NULL, revoked [1] IMPLICIT RevokedInfo (constructed), unknown [2]. */
    private static final int STATUS_GOOD = 0x80;
    private static final int STATUS_REVOKED = 0xA1;

    private static final DateTimeFormatter GENERALIZED = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");

    private OcspMessages() {
    }

    /** What a response says about one certificate. */
    enum Status { GOOD, REVOKED, UNKNOWN }

    /**
     * The answer about one certificate.
     *
     * @param nextUpdate when newer information will be available; empty when the responder did not say
     */
    record Answer(Status status, Instant thisUpdate, Optional<Instant> nextUpdate) {
    }

    /** The first {@code http://} OCSP responder the certificate's authority information access extension names. */
    static Optional<URI> responder(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(AUTHORITY_INFO_ACCESS);
        if (extension == null) {
            return Optional.empty();
        }
        try {
            // The extension value is an OCTET STRING around the SEQUENCE OF AccessDescription.
            Tlv descriptions = Tlv.parse(Tlv.parse(extension, 0).content(), 0);
            for (Tlv description : descriptions.children()) {
                List<Tlv> parts = description.children();
                if (parts.size() == 2 && parts.get(0).is(OBJECT_IDENTIFIER, ID_AD_OCSP)
                        && parts.get(1).tag() == URI_NAME) {
                    String url = new String(parts.get(1).content(), StandardCharsets.US_ASCII);
                    if (url.regionMatches(true, 0, "http://", 0, 7)) {
                        return Optional.of(URI.create(url));
                    }
                }
            }
        } catch (IOException | IllegalArgumentException | IndexOutOfBoundsException malformed) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** An OCSPRequest for {@code certificate}, issued by {@code issuer}: one CertID with SHA-1 hashes, no nonce. */
    static byte[] request(X509Certificate certificate, X509Certificate issuer) throws IOException {
        byte[] certId = sequence(SHA1_ALGORITHM,
                tlv(OCTET_STRING, sha1(issuer.getSubjectX500Principal().getEncoded())),
                tlv(OCTET_STRING, sha1(publicKeyBits(issuer))),
                tlv(INTEGER, certificate.getSerialNumber().toByteArray()));
        byte[] request = sequence(certId);
        byte[] requestList = sequence(request);
        byte[] tbsRequest = sequence(requestList);
        return sequence(tbsRequest);
    }

    /**
     * What the OCSPResponse {@code response} says about the certificate with {@code serial}.
     *
     * @throws IOException when the responder did not answer "successful" (naming its status), the response is not a
     *                     basic one, or it says nothing about {@code serial}
     */
    static Answer read(byte[] response, BigInteger serial) throws IOException {
        try {
            return readChecked(response, serial);
        } catch (IndexOutOfBoundsException missingField) {
            throw new IOException("the OCSP response lacks a required field", missingField);
        }
    }

    private static Answer readChecked(byte[] response, BigInteger serial) throws IOException {
        List<Tlv> outer = Tlv.parse(response, 0).children();
        if (outer.isEmpty() || outer.get(0).tag() != ENUMERATED) {
            throw new IOException("not an OCSP response");
        }
        int status = new BigInteger(outer.get(0).content()).intValue();
        if (status != 0) {
            throw new IOException("the OCSP responder answered " + responseStatus(status));
        }
        if (outer.size() < 2 || outer.get(1).tag() != EXPLICIT_0) {
            throw new IOException("the OCSP response has no responseBytes");
        }
        List<Tlv> responseBytes = outer.get(1).children().get(0).children();
        if (responseBytes.size() != 2 || !responseBytes.get(0).is(OBJECT_IDENTIFIER, ID_PKIX_OCSP_BASIC)) {
            throw new IOException("the OCSP response is not a basic one (id-pkix-ocsp-basic)");
        }
        Tlv basic = Tlv.parse(responseBytes.get(1).content(), 0);
        Tlv responseData = basic.children().get(0);
        // ResponseData: [0] version?, responderID ([1] or [2]), producedAt, responses (the first SEQUENCE), [1] ext?
        for (Tlv field : responseData.children()) {
            if (field.tag() == SEQUENCE) {
                for (Tlv single : field.children()) {
                    Optional<Answer> answer = answerFor(single, serial);
                    if (answer.isPresent()) {
                        return answer.get();
                    }
                }
                break;
            }
        }
        throw new IOException("the OCSP response says nothing about serial number " + serial);
    }

    private static Optional<Answer> answerFor(Tlv singleResponse, BigInteger serial) throws IOException {
        List<Tlv> fields = singleResponse.children();
        List<Tlv> certId = fields.get(0).children();
        if (certId.size() != 4 || !new BigInteger(certId.get(3).content()).equals(serial)) {
            return Optional.empty();
        }
        Status status = switch (fields.get(1).tag()) {
            case STATUS_GOOD -> Status.GOOD;
            case STATUS_REVOKED -> Status.REVOKED;
            default -> Status.UNKNOWN;
        };
        Instant thisUpdate = time(fields.get(2));
        Optional<Instant> nextUpdate = Optional.empty();
        for (Tlv field : fields.subList(3, fields.size())) {
            if (field.tag() == EXPLICIT_0) {
                nextUpdate = Optional.of(time(field.children().get(0)));
            }
        }
        return Optional.of(new Answer(status, thisUpdate, nextUpdate));
    }

    private static String responseStatus(int status) {
        return switch (status) {
            case 1 -> "malformedRequest";
            case 2 -> "internalError";
            case 3 -> "tryLater";
            case 5 -> "sigRequired";
            case 6 -> "unauthorized";
            default -> "status " + status;
        };
    }

    /** A GeneralizedTime, "YYYYMMDDHHMMSS[.fff]Z" (RFC 5280 §4.1.2.5.2); fractions of a second are dropped. */
    private static Instant time(Tlv value) throws IOException {
        String text = new String(value.content(), StandardCharsets.US_ASCII);
        if (value.tag() != GENERALIZED_TIME || text.length() < 15 || !text.endsWith("Z")) {
            throw new IOException("not a GeneralizedTime in UTC: " + text);
        }
        try {
            return LocalDateTime.parse(text.substring(0, 14), GENERALIZED).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IOException("not a GeneralizedTime: " + text, e);
        }
    }

    /** The subjectPublicKey BIT STRING of the certificate's key, without its unused-bits octet. */
    private static byte[] publicKeyBits(X509Certificate certificate) throws IOException {
        for (Tlv part : Tlv.parse(certificate.getPublicKey().getEncoded(), 0).children()) {
            if (part.tag() == BIT_STRING) {
                byte[] content = part.content();
                return Arrays.copyOfRange(content, 1, content.length);
            }
        }
        throw new IOException("the issuer's public key has no BIT STRING");
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static byte[] sequence(byte[]... elements) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] element : elements) {
            content.writeBytes(element);
        }
        return tlv(SEQUENCE, content.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int octets = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | octets);
            for (int i = octets - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** One DER element (tag, length, value) inside {@code source}; single-octet tags only, as OCSP needs. */
    private record Tlv(int tag, byte[] source, int offset, int length) {
        static Tlv parse(byte[] source, int at) throws IOException {
            return parse(source, at, source.length);
        }

        /** The element at {@code at}, which must end by {@code limit}. */
        static Tlv parse(byte[] source, int at, int limit) throws IOException {
            if (at + 2 > limit) {
                throw new IOException("DER element cut short at offset " + at);
            }
            int tag = source[at] & 0xFF;
            if ((tag & 0x1F) == 0x1F) {
                throw new IOException("multi-octet DER tags are not used in OCSP (offset " + at + ")");
            }
            int length = source[at + 1] & 0xFF;
            int offset = at + 2;
            if (length >= 0x80) {
                int octets = length & 0x7F;
                if (octets == 0 || octets > 3 || offset + octets > limit) {
                    throw new IOException("unsupported DER length at offset " + at);
                }
                length = 0;
                for (int i = 0; i < octets; i++) {
                    length = (length << 8) | (source[offset++] & 0xFF);
                }
            }
            if (offset + length > limit) {
                throw new IOException("DER element at offset " + at + " runs past the end of its container");
            }
            return new Tlv(tag, source, offset, length);
        }

        byte[] content() {
            return Arrays.copyOfRange(source, offset, offset + length);
        }

        List<Tlv> children() throws IOException {
            List<Tlv> children = new ArrayList<>();
            int at = offset;
            while (at < offset + length) {
                Tlv child = parse(source, at, offset + length);
                children.add(child);
                at = child.offset() + child.length();
            }
            return children;
        }

        boolean is(int expectedTag, byte[] expectedContent) {
            return tag == expectedTag && Arrays.equals(source, offset, offset + length, expectedContent, 0,
                    expectedContent.length);
        }
    }
}
