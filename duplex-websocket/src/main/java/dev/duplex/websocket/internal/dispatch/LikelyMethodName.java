package dev.duplex.websocket.internal.dispatch;

import java.util.Locale;

/**
 * Which of the spec's remote methods a public method was probably meant to be: {@code onTextMesage} →
 * {@code onTextMessage}, {@code onclose} → {@code onClose}. Names are compared ignoring case, by edit distance
 * (insertions, deletions, substitutions and swaps of neighbours): one edit for short names, two for names of ten
 * characters or more, so that a custom method such as {@code onPost} is not taken for {@code onPong}. Only names
 * that begin with "on" in any case are considered.
 *
 * <p>Thread safety: stateless.
 */
final class LikelyMethodName {
    private LikelyMethodName() {
    }

    /** {@return the spec method {@code name} is closest to within the allowed edits, or {@code null}} */
    static String meantFor(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("on")) {
            // A getter such as idleTimeout() is two edits from onIdleTimeout, but it is no remote method misspelled.
            return null;
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String reserved : ServiceModel.RESERVED) {
            if (reserved.equals(name)) {
                return null;
            }
            int allowed = reserved.length() >= 10 ? 2 : 1;
            int distance = distance(lower, reserved.toLowerCase(Locale.ROOT));
            if (distance <= allowed && distance < bestDistance) {
                best = reserved;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** The optimal string alignment distance between {@code a} and {@code b}. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
