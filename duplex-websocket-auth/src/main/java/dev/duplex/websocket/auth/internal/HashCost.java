package dev.duplex.websocket.auth.internal;

import dev.duplex.websocket.auth.PasswordHash;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What checking a password against an encoded {@link PasswordHash} costs: its algorithm and that algorithm's work
 * factor (PBKDF2 iterations, or the bcrypt cost). Two hashes with equal {@code HashCost} take the same time to check.
 *
 * @param algorithm {@code pbkdf2-sha256} or {@code bcrypt}
 * @param factor    the PBKDF2 iteration count, or the bcrypt cost (2^cost rounds)
 */
public record HashCost(String algorithm, int factor) {
    private static final Pattern PBKDF2 = Pattern.compile("\\$pbkdf2-sha256\\$i=(\\d{1,9})\\$.*");
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$.*");

    /**
     * The cost of checking against {@code encoded}.
     *
     * @throws IllegalArgumentException when {@code encoded} is not a hash {@link PasswordHash#isRecognised recognised}
     */
    public static HashCost of(String encoded) {
        if (!PasswordHash.isRecognised(encoded)) {
            throw new IllegalArgumentException("not a recognised password hash");
        }
        Matcher pbkdf2 = PBKDF2.matcher(encoded);
        if (pbkdf2.matches()) {
            return new HashCost("pbkdf2-sha256", Integer.parseInt(pbkdf2.group(1)));
        }
        Matcher bcrypt = BCRYPT.matcher(encoded);
        if (bcrypt.matches()) {
            return new HashCost("bcrypt", Integer.parseInt(bcrypt.group(1)));
        }
        throw new IllegalArgumentException("not a recognised password hash");
    }
}
