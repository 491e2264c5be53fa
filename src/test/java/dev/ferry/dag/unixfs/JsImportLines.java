package dev.ferry.dag.unixfs;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the importer parity fixtures print (interop/unixfs/cases.mjs): {@code root <id> <cid>} and
 * {@code entry <id> <path> <cid> <size>} lines, tab-separated, read into each case's root and entries.
 *
 * @param roots   case id to root CID
 * @param entries case id to path to {@code "<cid> <size>"}, in the order js reported them
 */
record JsImportLines(Map<String, String> roots, Map<String, Map<String, String>> entries) {
    static JsImportLines parse(Iterable<String> lines) {
        Map<String, String> roots = new HashMap<>();
        Map<String, Map<String, String>> entries = new HashMap<>();
        for (String line : lines) {
            String[] f = line.split("\t", -1);
            if (f[0].equals("root")) {
                roots.put(f[1], f[2]);
            } else if (f[0].equals("entry")) {
                entries.computeIfAbsent(f[1], k -> new LinkedHashMap<>()).put(f[2], f[3] + " " + f[4]);
            }
        }
        return new JsImportLines(roots, entries);
    }
}
