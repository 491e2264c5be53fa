package dev.ferry.node;

import dev.ferry.multiformats.Cid;
import dev.ferry.net.host.Host;
import dev.ferry.node.repo.Repo;
import dev.ferry.policy.pinning.RemotePinning;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

/**
 * Policy pins' requests at the remote pinning services of {@code Pinning.RemoteServices}, read from the config at
 * each call (a service added to a running daemon counts at once). This node's announced addresses go as origins.
 */
final class ServiceRequests implements RemotePinning {
    private final Repo repo;
    private final Host host;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ServiceRequests(Repo repo, Host host) {
        this.repo = repo;
        this.host = host;
    }

    private PinningServiceClient client(String service) throws IOException {
        RemoteServices.Service s = RemoteServices.get(repo.config(), service)
                .orElseThrow(() -> new IOException("remote service " + service + " is not configured"));
        return new PinningServiceClient(s.endpoint(), s.key(), http);
    }

    @Override
    public String add(String service, Cid root, String name) throws IOException {
        String self = "/p2p/" + host.peerId();
        List<String> origins = host.announceAddresses().stream().limit(20).map(a -> a + self).toList();
        try {
            return client(service).add(root, name, origins).requestId();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    @Override
    public String status(String service, String requestId) throws IOException {
        try {
            return client(service).get(requestId).status();
        } catch (PinningServiceClient.ServiceException e) {
            if (e.status() == 404) {
                return "gone";
            }
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    @Override
    public void remove(String service, String requestId) throws IOException {
        if (RemoteServices.get(repo.config(), service).isEmpty()) {
            return; // the service was removed from the config: nobody to tell
        }
        try {
            client(service).delete(requestId);
        } catch (PinningServiceClient.ServiceException e) {
            if (e.status() != 404) {
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }
}
