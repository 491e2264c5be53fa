package dev.ferry.pubsub;

import dev.ferry.pubsub.wire.MessageId;
import dev.ferry.pubsub.wire.WireMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Gossipsub's message cache: recent messages by ID, for IWANT, in {@code historyLength} windows of one heartbeat each;
 * the newest {@code historyGossip} windows are what IHAVE announces. Held to {@code maxBytes} of payload: past it the
 * oldest messages go first (a peer asking for them later gets nothing), so a burst of large messages cannot fill the
 * heap. Not thread-safe (the router's lock guards it).
 */
final class MessageCache {
    /** Bytes counted per message besides its payload (IDs, fields, the entry itself). */
    static final int OVERHEAD = 256;
    private final int historyLength;
    private final int historyGossip;
    private final long maxBytes;
    private final ArrayDeque<ArrayDeque<Entry>> windows = new ArrayDeque<>(); // newest first
    private final Map<MessageId, WireMessage> messages = new HashMap<>();
    private long bytes;

    private record Entry(MessageId id, String topic, int size) {}

    MessageCache(int historyLength, int historyGossip, long maxBytes) {
        this.historyLength = historyLength;
        this.historyGossip = historyGossip;
        this.maxBytes = maxBytes;
        windows.addFirst(new ArrayDeque<>());
    }

    void put(MessageId id, WireMessage m) {
        if (messages.putIfAbsent(id, m) == null) {
            int size = m.dataLength() + OVERHEAD;
            windows.peekFirst().addLast(new Entry(id, m.topic(), size));
            bytes += size;
            while (bytes > maxBytes && evictOldest()) {
                // keep going until under the budget
            }
        }
    }

    private boolean evictOldest() {
        while (!windows.isEmpty()) {
            ArrayDeque<Entry> oldest = windows.peekLast();
            Entry e = oldest.pollFirst();
            if (e != null) {
                messages.remove(e.id());
                bytes -= e.size();
                return true;
            }
            if (windows.size() == 1) {
                return false;
            }
            windows.removeLast();
        }
        return false;
    }

    WireMessage get(MessageId id) {
        return messages.get(id);
    }

    /** IDs of the gossip windows' messages of {@code topic}. */
    List<MessageId> gossipIds(String topic) {
        List<MessageId> ids = new ArrayList<>();
        Iterator<ArrayDeque<Entry>> it = windows.iterator();
        for (int i = 0; i < historyGossip && it.hasNext(); i++) {
            for (Entry e : it.next()) {
                if (e.topic().equals(topic) && messages.containsKey(e.id())) {
                    ids.add(e.id());
                }
            }
        }
        return ids;
    }

    /** Opens a new window; drops the oldest past {@code historyLength}. */
    void shift() {
        windows.addFirst(new ArrayDeque<>());
        while (windows.size() > historyLength) {
            for (Entry e : windows.removeLast()) {
                messages.remove(e.id());
                bytes -= e.size();
            }
        }
    }

    int size() {
        return messages.size();
    }

    long bytes() {
        return bytes;
    }
}
