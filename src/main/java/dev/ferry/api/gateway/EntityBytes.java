package dev.ferry.api.gateway;

import java.util.Optional;

/**
 * The {@code entity-bytes=from:to} CAR parameter: inclusive offsets, negative ones counted from the end, {@code to}
 * absent ({@code *}) for the end of the entity.
 *
 * @param from first byte (negative: from the end)
 * @param to   last byte, inclusive (negative: from the end), null for {@code *}
 */
record EntityBytes(long from, Long to) {
    /** Longer values than this cannot be offsets. */
    static final int MAX_LENGTH = 48;

    /** An inclusive byte span within an entity. */
    record Span(long first, long last) {
    }

    /**
     * @throws GatewayException 400 for anything but {@code int:int} or {@code int:*}, or a range that is empty by
     *                          its own numbers ({@code 10:5})
     */
    static EntityBytes parse(String s) {
        if (s == null || s.length() > MAX_LENGTH) {
            throw GatewayException.badRequest("entity-bytes must be from:to");
        }
        int colon = s.indexOf(':');
        if (colon < 0) {
            throw GatewayException.badRequest("entity-bytes must be from:to");
        }
        long from = offset(s.substring(0, colon));
        String toText = s.substring(colon + 1);
        Long to = toText.equals("*") ? null : offset(toText);
        if (to != null && from >= 0 && to >= 0 && to < from) {
            throw GatewayException.badRequest("entity-bytes range ends before it starts");
        }
        if (to != null && from < 0 && to < 0 && to < from) {
            throw GatewayException.badRequest("entity-bytes range ends before it starts");
        }
        return new EntityBytes(from, to);
    }

    private static long offset(String s) {
        if (!s.matches("-?[0-9]{1,19}")) {
            throw GatewayException.badRequest("entity-bytes offsets must be integers or *");
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw GatewayException.badRequest("entity-bytes offset out of range");
        }
    }

    /** The span within an entity of {@code size} bytes; empty when nothing of it falls inside. */
    Optional<Span> resolve(long size) {
        long first = from >= 0 ? from : Math.max(0, size + from);
        long last = to == null ? size - 1 : to >= 0 ? Math.min(to, size - 1) : size + to;
        if (first >= size || last < first) {
            return Optional.empty();
        }
        return Optional.of(new Span(first, last));
    }

    /** The canonical text, for ETags. */
    String wire() {
        return from + ":" + (to == null ? "*" : to.toString());
    }
}
