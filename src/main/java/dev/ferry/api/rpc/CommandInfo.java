package dev.ferry.api.rpc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One command of the command tree as Kubo's {@code commands} describes it: its name, its subcommands, and the names
 * of each of its options (without dashes, the long one first).
 */
public record CommandInfo(String name, List<CommandInfo> subcommands, List<List<String>> options) {
    public CommandInfo {
        subcommands = subcommands.stream().sorted(Comparator.comparing(CommandInfo::name)).toList();
        options = options.stream().map(List::copyOf).toList();
    }

    /** Kubo's JSON: {@code {"Name", "Subcommands": [...], "Options": [{"Names": [...]}]}}. */
    public Map<String, Object> toJson() {
        List<Object> subs = new ArrayList<>();
        for (CommandInfo c : subcommands) {
            subs.add(c.toJson());
        }
        List<Object> opts = new ArrayList<>();
        for (List<String> names : options) {
            opts.add(Map.of("Names", names));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", name);
        m.put("Subcommands", subs);
        m.put("Options", opts);
        return m;
    }

    /**
     * Kubo's text: every command path, one a line, and with {@code flags} a line per option of every command below
     * the root ({@code ferry add --recursive / ferry add -r}), all sorted.
     */
    public List<String> lines(boolean flags) {
        List<String> out = new ArrayList<>();
        collect("", flags, out);
        out.sort(Comparator.naturalOrder());
        return out;
    }

    private void collect(String prefix, boolean flags, List<String> out) {
        String path = prefix + name;
        out.add(path);
        if (!prefix.isEmpty() && flags) {
            for (List<String> names : options) {
                List<String> each = new ArrayList<>();
                for (String n : names) {
                    each.add(path + " " + (n.length() == 1 ? "-" : "--") + n);
                }
                out.add(String.join(" / ", each));
            }
        }
        for (CommandInfo c : subcommands) {
            c.collect(path + " ", flags, out);
        }
    }
}
