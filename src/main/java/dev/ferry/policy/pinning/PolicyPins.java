package dev.ferry.policy.pinning;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.PinEntry;
import dev.ferry.store.TableFile;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The roots this node pinned under a policy, their holders, and the retired holders (peers dropped while
 * unreachable, told to let go when they are seen again). One file, replaced atomically at every change; when a holder
 * was last seen is not kept (after a restart every holder has {@link PinningConfig#repairAfter()} to show up).
 * Thread-safe.
 *
 * <pre>
 * ferry-policy-pins v1
 * pin &lt;root CID&gt; &lt;policy&gt; [&lt;name&gt;]                   the name (a named pin only): its UTF-8 in
 *                                                       unpadded base64url, strictly decoded, at most 255 bytes
 * holder &lt;peer ID&gt; &lt;ASKED|CONFIRMED&gt; &lt;added unix ms&gt; &lt;bytes&gt; [&lt;proven unix ms&gt;]
 *                                                       holders of the pin above; the last field only once the
 *                                                       holder passed a storage proof
 * service &lt;service&gt; &lt;request id&gt; &lt;ASKED|CONFIRMED&gt;                   its remote pinning service requests
 * retired &lt;peer ID&gt; &lt;root CID&gt;
 * retired-service &lt;service&gt; &lt;request id&gt;                                  requests still to delete
 * end &lt;pins&gt; &lt;holders&gt; &lt;retired&gt; &lt;services&gt; &lt;retired services&gt;
 * </pre>
 * The proven time and the name were added without a new version: a file written before them reads as it is (its
 * pins unnamed), and a table without proven holders or named pins is written exactly as before.
 */
public final class PolicyPins {
    private static final long MAX_FILE_BYTES = 64L << 20;
    private static final Base64.Encoder NAME_ENCODER = Base64.getUrlEncoder().withoutPadding();
    static final String MAGIC = "ferry-policy-pins v1";
    /** The file's name in the repository. */
    public static final String FILE = "policy-pins";
    /** Retired holders remembered at most (the oldest are forgotten). */
    static final int MAX_RETIRED = 4096;

    /** A holder dropped while unreachable, still to be told. */
    public record Retired(PeerId peer, Cid root) {}

    /** A remote pinning service request still to delete. */
    public record RetiredService(String service, String requestId) {}

    private final Path file;
    private final Map<Cid, PolicyPin> pins = new LinkedHashMap<>();
    private final Set<Retired> retired = new LinkedHashSet<>();
    private final Set<RetiredService> retiredServices = new LinkedHashSet<>();

    private PolicyPins(Path file) {
        this.file = file;
    }

    /** Opens the table in {@code file}; every holder counts as seen at {@code nowMillis}. */
    public static PolicyPins open(Path file, long nowMillis) {
        PolicyPins p = new PolicyPins(file);
        p.read(nowMillis);
        return p;
    }

    public synchronized Optional<PolicyPin> get(Cid root) {
        return Optional.ofNullable(pins.get(root));
    }

    public synchronized List<PolicyPin> list() {
        return List.copyOf(pins.values());
    }

    public synchronized List<Retired> retired() {
        return List.copyOf(retired);
    }

    public synchronized List<RetiredService> retiredServices() {
        return List.copyOf(retiredServices);
    }

    synchronized void retire(ServicePin p) {
        retiredServices.add(new RetiredService(p.service(), p.requestId()));
        while (retiredServices.size() > MAX_RETIRED) {
            retiredServices.remove(retiredServices.iterator().next());
        }
    }

    /** Forgets deleted service requests (durably). */
    synchronized void forgetServices(List<RetiredService> done) {
        if (done.isEmpty()) {
            return;
        }
        done.forEach(retiredServices::remove);
        save();
    }

    /** Adds or replaces a pin, durably. */
    public synchronized void put(PolicyPin pin) {
        PolicyPin old = pins.put(pin.root(), pin);
        try {
            save();
        } catch (RuntimeException e) {
            if (old == null) {
                pins.remove(pin.root());
            } else {
                pins.put(pin.root(), old);
            }
            throw e;
        }
    }

    /** Gives the pin of {@code root}, if there is one, the name {@code name} (empty: none), durably; returns it. */
    public synchronized Optional<PolicyPin> rename(Cid root, String name) {
        PolicyPin old = pins.get(root);
        if (old == null) {
            return Optional.empty();
        }
        PolicyPin renamed = new PolicyPin(root, old.policy(), old.holders(), old.services(), name);
        if (!old.name().equals(name)) {
            put(renamed);
        }
        return Optional.of(renamed);
    }

    /** Replaces a pin in memory only (a holder's last sighting), or durably when {@code durable}. */
    synchronized void update(PolicyPin pin, boolean durable) {
        if (!pins.containsKey(pin.root())) {
            return; // removed meanwhile
        }
        if (durable) {
            put(pin);
        } else {
            pins.put(pin.root(), pin);
        }
    }

    /** Removes a pin, durably, its holders becoming retired; returns it. */
    public synchronized Optional<PolicyPin> remove(Cid root) {
        PolicyPin old = pins.remove(root);
        if (old != null) {
            old.holders().forEach(h -> retire(h.peer(), root));
            old.services().forEach(this::retire);
            save();
        }
        return Optional.ofNullable(old);
    }

    synchronized void retire(PeerId peer, Cid root) {
        retired.add(new Retired(peer, root));
        while (retired.size() > MAX_RETIRED) {
            retired.remove(retired.iterator().next());
        }
    }

    /** Forgets retired holders (durably). */
    synchronized void forget(List<Retired> done) {
        if (done.isEmpty()) {
            return;
        }
        done.forEach(retired::remove);
        save();
    }

    synchronized void saveNow() {
        save();
    }

    private void save() {
        StringBuilder sb = new StringBuilder(MAGIC).append('\n');
        int holders = 0;
        int services = 0;
        for (PolicyPin p : pins.values()) {
            sb.append("pin ").append(p.root()).append(' ').append(p.policy());
            if (!p.name().isEmpty()) {
                sb.append(' ').append(NAME_ENCODER.encodeToString(p.name().getBytes(StandardCharsets.UTF_8)));
            }
            sb.append('\n');
            for (ReplicaHolder h : p.holders()) {
                sb.append("holder ").append(h.peer()).append(' ').append(h.state()).append(' ').append(h.addedAt())
                        .append(' ').append(h.bytes());
                if (h.proven()) {
                    sb.append(' ').append(h.provenAt());
                }
                sb.append('\n');
                holders++;
            }
            for (ServicePin sp : p.services()) {
                sb.append("service ").append(sp.service()).append(' ').append(sp.requestId()).append(' ')
                        .append(sp.state()).append('\n');
                services++;
            }
        }
        for (Retired r : retired) {
            sb.append("retired ").append(r.peer()).append(' ').append(r.root()).append('\n');
        }
        for (RetiredService r : retiredServices) {
            sb.append("retired-service ").append(r.service()).append(' ').append(r.requestId()).append('\n');
        }
        sb.append("end ").append(pins.size()).append(' ').append(holders).append(' ').append(retired.size())
                .append(' ').append(services).append(' ').append(retiredServices.size()).append('\n');
        TableFile.write(file, sb);
    }

    private void read(long now) {
        Cid current = null;
        String policy = null;
        String name = "";
        List<ReplicaHolder> holders = new ArrayList<>();
        List<ServicePin> services = new ArrayList<>();
        int holderCount = 0;
        int serviceCount = 0;
        String end = null;
        if (!Files.exists(file)) {
            return;
        }
        for (String l : TableFile.read(file, MAGIC, MAX_FILE_BYTES)) {
            if (end != null) {
                throw new IllegalStateException(file + ": lines after the end line");
            }
            String[] f = l.split(" ", -1);
            try {
                switch (f[0]) {
                    case "pin" -> {
                        if (f.length != 4) {
                            expect(f, 3);
                        }
                        if (current != null) {
                            pins.put(current, new PolicyPin(current, policy, holders, services, name));
                        }
                        current = Cid.parse(f[1]);
                        policy = new PinningPolicy(f[2], 1, 0).name();
                        name = f.length == 4 ? name(f[3]) : "";
                        holders = new ArrayList<>();
                        services = new ArrayList<>();
                        if (pins.containsKey(current)) {
                            throw new IllegalArgumentException("root listed twice");
                        }
                    }
                    case "holder" -> {
                        if (f.length != 6) {
                            expect(f, 5);
                        }
                        if (current == null) {
                            throw new IllegalArgumentException("holder before any pin");
                        }
                        holders.add(new ReplicaHolder(PeerId.parse(f[1]), ReplicaHolder.State.valueOf(f[2]),
                                Long.parseLong(f[3]), now, Long.parseLong(f[4]),
                                f.length == 6 ? positive(f[5]) : 0));
                        holderCount++;
                    }
                    case "service" -> {
                        expect(f, 4);
                        if (current == null) {
                            throw new IllegalArgumentException("service before any pin");
                        }
                        services.add(new ServicePin(new PinningPolicy("p", 1, 0, List.of(f[1])).services().getFirst(),
                                f[2], ReplicaHolder.State.valueOf(f[3])));
                        serviceCount++;
                    }
                    case "retired-service" -> {
                        expect(f, 3);
                        retiredServices.add(new RetiredService(f[1], new ServicePin(f[1], f[2],
                                ReplicaHolder.State.ASKED).requestId()));
                    }
                    case "retired" -> {
                        expect(f, 3);
                        retired.add(new Retired(PeerId.parse(f[1]), Cid.parse(f[2])));
                    }
                    case "end" -> end = l;
                    default -> throw new IllegalArgumentException("unknown line");
                }
            } catch (RuntimeException e) {
                throw new IllegalStateException(file + ": bad line '" + l + "': " + e.getMessage(), e);
            }
        }
        if (current != null) {
            pins.put(current, new PolicyPin(current, policy, holders, services, name));
        }
        String expected = "end " + pins.size() + " " + holderCount + " " + retired.size() + " " + serviceCount + " "
                + retiredServices.size();
        if (end == null) {
            throw new IllegalStateException(file + ": truncated (no end line)");
        }
        if (!end.equals(expected)) {
            throw new IllegalStateException(file + ": " + end + " does not match its content (" + expected + ")");
        }
    }

    /** A stored name: canonical unpadded base64url of well-formed UTF-8, a valid pin name, never empty. */
    private static String name(String field) {
        if (field.isEmpty() || field.length() > 4 * PinEntry.MAX_NAME_BYTES / 3 + 4) {
            throw new IllegalArgumentException("a pin name field is 1 to 255 bytes");
        }
        byte[] bytes = Base64.getUrlDecoder().decode(field);
        if (!NAME_ENCODER.encodeToString(bytes).equals(field)) {
            throw new IllegalArgumentException("a pin name is unpadded canonical base64url");
        }
        String name;
        try {
            name = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("a pin name is not well-formed UTF-8", e);
        }
        PinEntry.checkName(name);
        return name;
    }

    private static long positive(String s) {
        long v = Long.parseLong(s);
        if (v <= 0) {
            throw new IllegalArgumentException("a proven time is positive");
        }
        return v;
    }

    private static void expect(String[] f, int n) {
        if (f.length != n) {
            throw new IllegalArgumentException(n + " fields expected");
        }
    }
}
