package dev.duplex.benchmarks.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time used so far by this process or by another one, read at the start and end of a measured window. */
public final class ProcessCpu {
    /** Linux's USER_HZ: the unit of the times in {@code /proc/PID/stat}. */
    private static final double CLOCK_TICKS_PER_SECOND = 100.0;

    private ProcessCpu() {
    }

    /** CPU time of this whole process (every thread, the JVM's own included), in seconds, or NaN. */
    public static double ofThisProcess() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean bean) {
            return bean.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    /** User plus system CPU time of process {@code pid} from {@code /proc/PID/stat}, in seconds, or NaN. */
    public static double of(long pid) {
        if (pid <= 0) {
            return Double.NaN;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name (which may hold spaces) start at field 3; utime and stime are 14 and 15.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks / CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
