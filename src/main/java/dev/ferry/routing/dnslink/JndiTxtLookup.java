package dev.ferry.routing.dnslink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * TXT lookups through the JDK's DNS client (JNDI): against the given servers ({@code host:port}), or the system's
 * ({@code /etc/resolv.conf}) when none are given.
 */
public final class JndiTxtLookup implements TxtLookup {
    private final String providerUrl;
    private final int timeoutMillis;

    /** @param servers {@code host[:port]} of DNS servers to ask in turn; empty for the system's */
    public JndiTxtLookup(List<String> servers, int timeoutMillis) {
        StringBuilder url = new StringBuilder();
        for (String s : servers) {
            url.append(url.isEmpty() ? "" : " ").append("dns://").append(s);
        }
        this.providerUrl = servers.isEmpty() ? "dns:" : url.toString();
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public List<String> txt(String name) throws IOException {
        Hashtable<String, String> env = new Hashtable<>();
        env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        env.put("java.naming.provider.url", providerUrl);
        env.put("com.sun.jndi.dns.timeout.initial", Integer.toString(timeoutMillis));
        env.put("com.sun.jndi.dns.timeout.retries", "2");
        DirContext ctx = null;
        try {
            ctx = new InitialDirContext(env);
            Attributes attrs = ctx.getAttributes(name.endsWith(".") ? name : name + ".", new String[] {"TXT"});
            Attribute txt = attrs.get("TXT");
            List<String> out = new ArrayList<>();
            if (txt == null) {
                return out;
            }
            NamingEnumeration<?> values = txt.getAll();
            while (values.hasMore()) {
                out.add(unquote(String.valueOf(values.next())));
            }
            return out;
        } catch (NameNotFoundException e) {
            return List.of();
        } catch (NamingException e) {
            throw new IOException("DNS lookup of " + name + " failed: " + e.getMessage(), e);
        } finally {
            if (ctx != null) {
                try {
                    ctx.close();
                } catch (NamingException e) {
                    // nothing held
                }
            }
        }
    }

    /**
     * JNDI gives a TXT record as its character-strings separated by spaces, each quoted when it holds a space or a
     * quote; the record's text is their concatenation.
     */
    static String unquote(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ' ') {
                i++;
            } else if (c == '"') {
                i++;
                while (i < s.length() && s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\' && i + 1 < s.length()) {
                        i++;
                    }
                    out.append(s.charAt(i++));
                }
                i++; // the closing quote
            } else {
                while (i < s.length() && s.charAt(i) != ' ') {
                    out.append(s.charAt(i++));
                }
            }
        }
        return out.toString();
    }
}
