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
 * the newest {@code historyGossip} windows are what IHAVE announces. Not thread-safe (the router's lock guards it).
 */
final class MessageCache {
    private final int historyLength;
    private final int historyGossip;
    private final ArrayDeque<List<Entry>> windows = new ArrayDeque<>(); // newest first
    private final Map<MessageId, WireMessage> messages = new HashMap<>();

    private record Entry(MessageId id, String topic) {}

    MessageCache(int historyLength, int historyGossip) {
        this.historyLength = historyLength;
        this.historyGossip = historyGossip;
        windows.addFirst(new ArrayList<>());
    }

    void put(MessageId id, WireMessage m) {
        if (messages.putIfAbsent(id, m) == null) {
            windows.peekFirst().add(new Entry(id, m.topic()));
        }
    }

    WireMessage get(MessageId id) {
        return messages.get(id);
    }

    /** IDs of the gossip windows' messages of {@code topic}. */
    List<MessageId> gossipIds(String topic) {
        List<MessageId> ids = new ArrayList<>();
        Iterator<List<Entry>> it = windows.iterator();
        for (int i = 0; i < historyGossip && it.hasNext(); i++) {
            for (Entry e : it.next()) {
                if (e.topic().equals(topic)) {
                    ids.add(e.id());
                }
            }
        }
        return ids;
    }

    /** Opens a new window; drops the oldest past {@code historyLength}. */
    void shift() {
        windows.addFirst(new ArrayList<>());
        while (windows.size() > historyLength) {
            for (Entry e : windows.removeLast()) {
                messages.remove(e.id());
            }
        }
    }

    int size() {
        return messages.size();
    }
}
