package dev.duplex.websocket.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes for the {@link FileUserStoreConfig user file}: never the password itself, always a slow, salted
 * hash in one of two encoded forms.
 *
 * <ul>
 *   <li><b>PBKDF2</b> (the JDK's {@code PBKDF2WithHmacSHA256}, RFC 8018), in the PHC string format:
 *       {@code $pbkdf2-sha256$i=<iterations>$<salt>$<hash>}, salt and hash in standard base64 without padding
 *       (16 bytes of salt, 32 of hash). Default 600 000 iterations (OWASP's advice for this PRF).</li>
 *   <li><b>bcrypt</b>: {@code $2a$}, {@code $2b$} or {@code $2y$} followed by the cost and 53 characters, as made by
 *       {@code htpasswd -B} and most frameworks. Default cost 12. Passwords longer than 72 UTF-8 bytes are refused
 *       (bcrypt ignores the rest).</li>
 * </ul>
 *
 * <p>{@code duplex hash-password} prints such a hash.
 *
 * <p>Thread safety: stateless; safe from any thread. The methods take the password as a {@code char[]} so that the
 * caller can clear it afterwards; they do not clear it themselves.
 */
public final class PasswordHash {
    /** PBKDF2 iterations used by {@link #pbkdf2(char[])}: 600 000. */
    public static final int DEFAULT_PBKDF2_ITERATIONS = 600_000;
    /** bcrypt cost used by {@link #bcrypt(char[])}: 12 (2^12 rounds). */
    public static final int DEFAULT_BCRYPT_COST = 12;

    private static final String PBKDF2_PREFIX = "$pbkdf2-sha256$";
    private static final Pattern PBKDF2 = Pattern.compile(
            "\\$pbkdf2-sha256\\$i=(\\d{1,9})\\$([A-Za-z0-9+/]{16,})\\$([A-Za-z0-9+/]{43})");
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}");
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final int MIN_PBKDF2_ITERATIONS = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {
    }

    /**
     * A PBKDF2 hash of {@code password} with {@link #DEFAULT_PBKDF2_ITERATIONS} and a random salt.
     *
     * @param password the password; not empty
     * @return the hash in the PHC string format
     * @throws IllegalArgumentException when the password is empty
     */
    public static String pbkdf2(char[] password) {
        return pbkdf2(password, DEFAULT_PBKDF2_ITERATIONS);
    }

    /**
     * A PBKDF2 hash of {@code password} with {@code iterations} and a random salt.
     *
     * @param password   the password; not empty
     * @param iterations the iteration count; at least 1000 (the higher, the slower to check and to guess)
     * @return the hash in the PHC string format
     * @throws IllegalArgumentException when the password is empty or {@code iterations} is under 1000
     */
    public static String pbkdf2(char[] password, int iterations) {
        requireNonEmpty(password);
        if (iterations < MIN_PBKDF2_ITERATIONS) {
            throw new IllegalArgumentException("PBKDF2 iterations must be at least " + MIN_PBKDF2_ITERATIONS
                    + ", was " + iterations);
        }
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return PBKDF2_PREFIX + "i=" + iterations + "$" + base64.encodeToString(salt) + "$"
                + base64.encodeToString(derive(password, salt, iterations));
    }

    /**
     * A bcrypt ({@code $2b$}) hash of {@code password} with {@link #DEFAULT_BCRYPT_COST}.
     *
     * @param password the password; not empty, at most 72 bytes in UTF-8
     * @return the bcrypt hash
     * @throws IllegalArgumentException when the password is empty or longer than 72 UTF-8 bytes
     */
    public static String bcrypt(char[] password) {
        return bcrypt(password, DEFAULT_BCRYPT_COST);
    }

    /**
     * A bcrypt ({@code $2b$}) hash of {@code password} with {@code cost}.
     *
     * @param password the password; not empty, at most 72 bytes in UTF-8
     * @param cost     the cost, 4 to 31 (2^cost rounds)
     * @return the bcrypt hash
     * @throws IllegalArgumentException when the password is empty or too long, or the cost is out of range
     */
    public static String bcrypt(char[] password, int cost) {
        requireNonEmpty(password);
        if (cost < 4 || cost > 31) {
            throw new IllegalArgumentException("bcrypt cost must be between 4 and 31, was " + cost);
        }
        if (utf8Length(password) > 72) {
            throw new IllegalArgumentException("bcrypt uses only the first 72 bytes of a password; this one has "
                    + utf8Length(password) + " (use PBKDF2 for longer passwords)");
        }
        return BCrypt.with(BCrypt.Version.VERSION_2B).hashToString(cost, password);
    }

    /**
     * Whether {@code encoded} is a hash this class can check (and not, say, a password in plain text).
     *
     * @param encoded the text of a user file's hash field
     * @return {@code true} for a well-formed PBKDF2 (PHC) or bcrypt hash
     */
    public static boolean isRecognised(String encoded) {
        return PBKDF2.matcher(encoded).matches() || BCRYPT.matcher(encoded).matches();
    }

    /**
     * Whether {@code password} hashes to {@code encoded}, compared in constant time. An empty password never matches,
     * nor does a password over 72 UTF-8 bytes against a bcrypt hash. It takes as long as the hash was made to take.
     *
     * @param password the password to check
     * @param encoded  the stored hash
     * @return {@code true} when the password matches
     * @throws IllegalArgumentException when {@code encoded} is not a {@linkplain #isRecognised recognised} hash
     */
    public static boolean matches(char[] password, String encoded) {
        if (password.length == 0) {
            return false;
        }
        Matcher pbkdf2 = PBKDF2.matcher(encoded);
        if (pbkdf2.matches()) {
            int iterations = Integer.parseInt(pbkdf2.group(1));
            byte[] salt = Base64.getDecoder().decode(pbkdf2.group(2));
            byte[] expected = Base64.getDecoder().decode(pbkdf2.group(3));
            return MessageDigest.isEqual(expected, derive(password, salt, Math.max(iterations, 1)));
        }
        if (BCRYPT.matcher(encoded).matches()) {
            if (utf8Length(password) > 72) {
                return false;
            }
            return BCrypt.verifyer().verify(password, encoded.toCharArray()).verified;
        }
        throw new IllegalArgumentException("not a recognised password hash (expected " + PBKDF2_PREFIX
                + "... or $2a$/$2b$/$2y$...; make one with `duplex hash-password`)");
    }

    private static void requireNonEmpty(char[] password) {
        if (password.length == 0) {
            throw new IllegalArgumentException("the password is empty");
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static int utf8Length(char[] password) {
        return StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password)).remaining();
    }
}
