package dev.ferry.api.gateway;

import dev.ferry.dag.cbor.CborValue;
import dev.ferry.dag.cbor.CborValue.CborArray;
import dev.ferry.dag.cbor.CborValue.CborBytes;
import dev.ferry.dag.cbor.CborValue.CborLink;
import dev.ferry.dag.cbor.CborValue.CborMap;
import dev.ferry.dag.cbor.CborValue.CborText;
import dev.ferry.dag.json.DagJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A data model value written as indented dag-json for an HTML page: map keys in dag-json order, every link
 * ({@code {"/": "cid"}}) made an anchor to {@code /ipfs/cid}, all text HTML-escaped. The output stops once it holds
 * {@code maxChars} characters (a 2 MiB block can print to many times that), and says it was cut.
 */
final class IndentedDagJson {
    private static final String INDENT = "  ";

    /** The HTML (for a {@code <pre>}) and whether it was cut short. */
    record Rendered(String html, boolean cut) {
    }

    private final StringBuilder out = new StringBuilder();
    private final int maxChars;
    private boolean cut;

    private final ContentLinks links;

    private IndentedDagJson(int maxChars, ContentLinks links) {
        this.maxChars = maxChars;
        this.links = links;
    }

    static Rendered render(CborValue value, int maxChars, ContentLinks links) {
        IndentedDagJson w = new IndentedDagJson(maxChars, links);
        w.value(value, 0);
        return new Rendered(w.out.toString(), w.cut);
    }

    private void value(CborValue v, int depth) {
        if (cut) {
            return;
        }
        switch (v) {
            case CborLink l -> {
                String cid = DirectoryListing.escape(l.cid().toString());
                markup("{\"/\": \"" + links.href(l.cid())
                        .map(h -> "<a href=\"" + DirectoryListing.escape(h) + "\">" + cid + "</a>").orElse(cid) + "\"}");
            }
            case CborBytes b -> {
                markup("{\"/\": {\"bytes\": \"");
                text(Base64.getEncoder().withoutPadding().encodeToString(b.bytes()));
                markup("\"}}");
            }
            case CborArray a -> {
                if (a.items().isEmpty()) {
                    markup("[]");
                    return;
                }
                markup("[\n");
                for (int i = 0; i < a.items().size() && !cut; i++) {
                    markup(INDENT.repeat(depth + 1));
                    value(a.items().get(i), depth + 1);
                    markup(i + 1 < a.items().size() ? ",\n" : "\n");
                }
                markup(INDENT.repeat(depth) + "]");
            }
            case CborMap m -> {
                if (m.entries().isEmpty()) {
                    markup("{}");
                    return;
                }
                List<Map.Entry<String, CborValue>> entries = new ArrayList<>(m.entries().entrySet());
                entries.sort((x, y) -> Arrays.compareUnsigned(x.getKey().getBytes(StandardCharsets.UTF_8),
                        y.getKey().getBytes(StandardCharsets.UTF_8)));
                markup("{\n");
                for (int i = 0; i < entries.size() && !cut; i++) {
                    markup(INDENT.repeat(depth + 1));
                    scalar(new CborText(entries.get(i).getKey()));
                    markup(": ");
                    value(entries.get(i).getValue(), depth + 1);
                    markup(i + 1 < entries.size() ? ",\n" : "\n");
                }
                markup(INDENT.repeat(depth) + "}");
            }
            default -> scalar(v);
        }
    }

    /** null, booleans, numbers and strings exactly as dag-json writes them. */
    private void scalar(CborValue v) {
        text(new String(DagJson.encode(v), StandardCharsets.UTF_8));
    }

    /** Markup of this class's own making (short, already safe). */
    private void markup(String s) {
        if (cut) {
            return;
        }
        out.append(s);
        if (out.length() >= maxChars) {
            cut = true;
        }
    }

    /** Text from the document, escaped for element content (quotes need none there), until the budget is spent. */
    private void text(String s) {
        for (int i = 0; i < s.length() && !cut; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> out.append(c);
            }
            if (out.length() >= maxChars && i + 1 < s.length()) {
                cut = true;
            }
        }
    }
}
