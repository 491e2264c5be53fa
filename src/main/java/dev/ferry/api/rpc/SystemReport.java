package dev.ferry.api.rpc;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Kubo's {@code diag sys}: the machine and runtime a node runs on, with Kubo's keys ({@code diskinfo},
 * {@code environment}, {@code ipfs_commit}, {@code ipfs_version}, {@code memory}, {@code net}, {@code runtime}). Go's
 * figures become the JVM's: {@code environment} names {@code JAVA_HOME} and {@code FERRY_PATH} (the repository in
 * use) instead of {@code GOPATH} and {@code IPFS_PATH}; {@code runtime} has the JVM's name and version, the processors
 * it sees and its platform threads, instead of Go's compiler and goroutines.
 */
public final class SystemReport {
    private SystemReport() {}

    /** The report for a node on {@code repo}, running ferry {@code version}; {@code online}: it has its network up. */
    public static Map<String, Object> of(Path repo, String version, boolean online) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("diskinfo", disk(repo));
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("FERRY_PATH", repo.toAbsolutePath().toString());
        env.put("JAVA_HOME", System.getProperty("java.home", ""));
        out.put("environment", env);
        out.put("ipfs_commit", "");
        out.put("ipfs_version", version);
        out.put("memory", memory());
        Map<String, Object> net = new LinkedHashMap<>();
        net.put("interface_addresses", interfaceAddresses());
        net.put("online", online);
        out.put("net", net);
        out.put("runtime", runtime());
        return out;
    }

    private static Map<String, Object> disk(Path repo) {
        Map<String, Object> d = new LinkedHashMap<>();
        try {
            FileStore store = Files.getFileStore(repo);
            d.put("fstype", store.type());
            d.put("total_space", store.getTotalSpace());
            d.put("free_space", store.getUsableSpace());
        } catch (IOException e) {
            throw new RpcException(500, "cannot read the disk of " + repo + ": " + e.getMessage());
        }
        return d;
    }

    /** {@code swap}: swap in use on the machine; {@code virt}: the process's committed virtual memory; and the heap. */
    private static Map<String, Object> memory() {
        Map<String, Object> m = new LinkedHashMap<>();
        long swap = 0;
        long virt = 0;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            swap = Math.max(0, os.getTotalSwapSpaceSize() - os.getFreeSwapSpaceSize());
            virt = Math.max(0, os.getCommittedVirtualMemorySize());
        }
        m.put("swap", swap);
        m.put("virt", virt);
        Runtime rt = Runtime.getRuntime();
        m.put("heap_used", rt.totalMemory() - rt.freeMemory());
        m.put("heap_max", rt.maxMemory());
        return m;
    }

    /** Every address of every interface that is up, as multiaddrs ({@code /ip4/...}, {@code /ip6/...}). */
    static List<String> interfaceAddresses() {
        List<String> out = new ArrayList<>();
        try {
            for (NetworkInterface nif : NetworkInterface.networkInterfaces().toList()) {
                if (!nif.isUp()) {
                    continue;
                }
                for (InetAddress a : nif.inetAddresses().toList()) {
                    String host = a.getHostAddress();
                    int scope = host.indexOf('%');
                    if (scope >= 0) {
                        host = host.substring(0, scope);
                    }
                    out.add((a instanceof Inet6Address ? "/ip6/" : "/ip4/") + host);
                }
            }
        } catch (SocketException e) {
            throw new RpcException(500, "cannot list the network interfaces: " + e.getMessage());
        }
        return out;
    }

    private static Map<String, Object> runtime() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("os", System.getProperty("os.name", "").toLowerCase(Locale.ROOT));
        r.put("arch", System.getProperty("os.arch", ""));
        r.put("compiler", System.getProperty("java.vm.name", ""));
        r.put("version", "java" + Runtime.version());
        r.put("numcpu", Runtime.getRuntime().availableProcessors());
        r.put("numthreads", ManagementFactory.getThreadMXBean().getThreadCount());
        return r;
    }
}
