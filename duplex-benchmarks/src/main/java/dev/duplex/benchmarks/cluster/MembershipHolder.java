package dev.duplex.benchmarks.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Holds subscriber connections for the memory measurement of run-cluster.sh, driven by one-line commands on stdin,
 * each answered with one line on stdout:
 * <ul>
 *   <li>{@code open N} — opens N more connections over the nodes (round-robin), in no group:
 *       {@code OPEN open=N};</li>
 *   <li>{@code join G} — every connection joins groups {@code m0} … {@code m(G-1)}; once the nodes answered every
 *       join: {@code JOINED memberships=M open=N} (M: connections × G so far);</li>
 *   <li>{@code close} — closes them all: {@code CLOSED}, and the process ends.</li>
 * </ul>
 * Owned by the thread reading stdin.
 */
final class MembershipHolder {
    private final Subscribers subscribers;
    private int memberships;

    MembershipHolder(List<Integer> ports) {
        this.subscribers = new Subscribers(ports, new DeliveryTally(ports.size()));
    }

    /** Carries out one command; returns its answer. */
    String command(String line) throws InterruptedException {
        String[] words = line.trim().split(" ");
        switch (words[0]) {
            case "open" -> {
                subscribers.open(Integer.parseInt(words[1]));
                return "OPEN open=" + subscribers.open();
            }
            case "join" -> {
                List<String> groups = new ArrayList<>();
                for (int i = 0; i < Integer.parseInt(words[1]); i++) {
                    groups.add("m" + i);
                }
                subscribers.joinAll(groups);
                memberships += subscribers.size() * groups.size();
                return "JOINED memberships=" + memberships + " open=" + subscribers.open();
            }
            case "close" -> {
                subscribers.close();
                return "CLOSED";
            }
            default -> {
                return "UNKNOWN " + line;
            }
        }
    }

    /**
     * {@code cluster hold --ports P1,P2}: reads commands until {@code close} or the end of stdin.
     *
     * @param args the options above
     * @throws IOException          when stdin cannot be read
     * @throws InterruptedException when interrupted
     */
    static void main(String[] args) throws IOException, InterruptedException {
        var holder = new MembershipHolder(Arrays.stream(CommandLine.parse(args).required("ports").split(","))
                .map(Integer::valueOf).toList());
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = System.out;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String answer = holder.command(line);
            out.println(answer);
            out.flush();
            if (answer.equals("CLOSED")) {
                break;
            }
        }
        System.exit(0);
    }
}
