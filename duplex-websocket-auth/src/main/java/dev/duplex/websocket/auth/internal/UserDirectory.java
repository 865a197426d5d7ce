package dev.duplex.websocket.auth.internal;

import dev.duplex.websocket.auth.PasswordHash;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The users of one reading of a user file, and the hash a password is checked against for each name asked about.
 *
 * <p>A name the file does not list is checked against a stand-in, whose result is ignored, so that refusing an
 * unknown user costs what refusing a wrong password costs: the stand-in is the hash of an entry of the file with the
 * {@link HashCost} most of its entries share (on a tie, the higher work factor), so it has the same algorithm, work factor and
 * salt length as a real one. A file without users gets a PBKDF2 hash with
 * {@link PasswordHash#DEFAULT_PBKDF2_ITERATIONS}, made once per process.
 *
 * <p>Thread safety: immutable.
 */
final class UserDirectory {
    private final Map<String, UserFile.User> users;
    private final String unknownUserHash;

    UserDirectory(Map<String, UserFile.User> users) {
        this.users = Map.copyOf(users);
        this.unknownUserHash = standIn(users);
    }

    private static String standIn(Map<String, UserFile.User> users) {
        Map<HashCost, List<String>> hashesByCost = users.values().stream().map(UserFile.User::passwordHash)
                .collect(Collectors.groupingBy(HashCost::of));
        return hashesByCost.entrySet().stream()
                .max(Comparator.comparingInt((Map.Entry<HashCost, List<String>> entry) -> entry.getValue().size())
                        .thenComparingInt(entry -> entry.getKey().factor()))
                .map(entry -> entry.getValue().get(0))
                .orElseGet(DefaultCost::hash);
    }

    /** The stand-in for a file without users, made when first needed. */
    private static final class DefaultCost {
        private static final String HASH = PasswordHash.pbkdf2("no user is listed".toCharArray());

        static String hash() {
            return HASH;
        }
    }

    /** The user named {@code name}, or {@code null} when the file does not list one. */
    UserFile.User user(String name) {
        return users.get(name);
    }

    /** The hash to check a password for {@code name} against: the user's own, or the stand-in for unknown names. */
    String hashToCheck(String name) {
        UserFile.User user = users.get(name);
        return user == null ? unknownUserHash : user.passwordHash();
    }

    int size() {
        return users.size();
    }
}
