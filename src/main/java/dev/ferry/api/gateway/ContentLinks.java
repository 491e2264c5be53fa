package dev.ferry.api.gateway;

import dev.ferry.multiformats.Cid;
import java.util.Optional;

/**
 * Where a page this gateway renders (directory listing, DAG preview) points its links to other content. On the path
 * gateway {@code /ipfs/CID} is that content; on a subdomain host the same path would name a file inside the site's
 * own root, so links go to the gateway the host belongs to ({@code //localhost:8080/ipfs/CID}, which then sends the
 * browser to that content's own subdomain); a DNSLink website has no gateway of its own to point to, so its pages
 * show CIDs without links.
 *
 * @param base what comes before {@code /ipfs/CID}: "" (this origin) or {@code //host[:port]}; null for no links
 */
record ContentLinks(String base) {
    static final ContentLinks PATH_GATEWAY = new ContentLinks("");
    static final ContentLinks NONE = new ContentLinks(null);

    /** Links to the gateway {@code host} (its name and port as the request's Host gave them). */
    static ContentLinks toGateway(String host) {
        return new ContentLinks("//" + host);
    }

    /** The URL of {@code cid}'s content, or empty when this origin's pages show CIDs without links. */
    Optional<String> href(Cid cid) {
        return base == null ? Optional.empty() : Optional.of(base + "/ipfs/" + cid);
    }
}
