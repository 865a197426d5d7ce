package dev.duplex.benchmarks.cluster;

import java.util.Arrays;

/**
 * {@code java -jar duplex-benchmarks.jar cluster node|load|hold [options]}: the cluster benchmark's processes (see
 * run-cluster.sh). {@code node}: {@link ClusterNode}; {@code load}: {@link ClusterLoad}; {@code hold}: the memory
 * measurement's connection holder.
 */
public final class ClusterMain {
    private ClusterMain() {
    }

    /**
     * Runs the command named by {@code args[0]}.
     *
     * @param args the command, then its options
     * @throws Exception when the command fails
     */
    public static void main(String[] args) throws Exception {
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (args.length == 0 ? "" : args[0]) {
            case "node" -> ClusterNode.main(rest);
            case "load" -> ClusterLoad.main(rest);
            case "hold" -> MembershipHolder.main(rest);
            default -> {
                System.err.println("""
                        usage: java -jar duplex-benchmarks.jar cluster node --redis URI [--port 0] [--node-id ID]
                               java -jar duplex-benchmarks.jar cluster load --ports P1,P2,... [--subscribers 1000] \
                        [--rate 1000] [--size 64] [--warmup 3s] [--duration 5s] [--redis-pid PID] \
                        [--node-pids PID,...] [--tag key=value]...
                               java -jar duplex-benchmarks.jar cluster hold --ports P1,P2,...   (commands on stdin)""");
                System.exit(2);
            }
        }
    }
}
