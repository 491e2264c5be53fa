package dev.ferry.routing.router;

import java.util.Locale;

/**
 * What kind of content a CID is, as far as the node can tell before fetching it (see {@link RoutingPolicy} for the
 * rules and thresholds). A CID may be of several classes. The labels are the config values.
 */
public enum ContentClass {
    /** Marked private on this node (private content rules). */
    PRIVATE("private"),
    /** Known to have been added within {@link RoutingPolicy#recentWithin()}. */
    RECENT("recent"),
    /** Known size below {@link RoutingPolicy#smallBelow()} bytes. */
    SMALL("small"),
    /** Known to be on the public IPFS network: delivered by Bitswap or a gateway before, or marked public. */
    PUBLIC("public"),
    /** Known size of at least {@link RoutingPolicy#largeFrom()} bytes. */
    LARGE("large"),
    /** Known to have been added more than {@link RoutingPolicy#archivedAfter()} ago. */
    ARCHIVED("archived");

    private final String label;

    ContentClass(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** @throws IllegalArgumentException for an unknown label */
    public static ContentClass fromLabel(String text) {
        String l = text.strip().toLowerCase(Locale.ROOT);
        for (ContentClass c : values()) {
            if (c.label.equals(l)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown content class '" + text
                + "' (private, recent, small, public, large, archived)");
    }

    /** The labels of {@code classes} in declaration order. */
    public static java.util.List<String> valuesInOrder(java.util.Set<ContentClass> classes) {
        return java.util.Arrays.stream(values()).filter(classes::contains).map(ContentClass::label).toList();
    }

    @Override
    public String toString() {
        return label;
    }
}
