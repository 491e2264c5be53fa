package dev.ferry.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.TestHosts;
import dev.ferry.pubsub.wire.ContentNotice;
import dev.ferry.pubsub.wire.ContentNoticeCodec;
import dev.ferry.store.Block;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ContentNoticesTest {
    private final TestHosts hosts = new TestHosts();
    private final List<AutoCloseable> open = new ArrayList<>();
    static final PeerId ALICE = Identity.generate(new SecureRandom()).peerId();
    static final Multiaddr ADDR = Multiaddr.parse("/ip4/127.0.0.1/tcp/4001");

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        hosts.close();
    }

    ContentNotices notices() throws Exception {
        Host h = hosts.start();
        Pubsub p = Pubsub.start(h, h.identity(), PubsubTest.fast());
        open.add(p);
        ContentNotices n = ContentNotices.start(p, h.peerId(), () -> List.of(ADDR), InstantSource.system());
        open.add(n);
        return n;
    }

    static Cid cid(int i) {
        return Block.raw(("root " + i).getBytes()).cid();
    }

    static PubsubMessage from(PeerId author, byte[] data) {
        return new PubsubMessage(Optional.ofNullable(author), OptionalLong.of(1), ContentNotices.TOPIC, data, author);
    }

    @Test
    void noticesAreRecordedPerRootNewestFirstAndBounded() throws Exception {
        ContentNotices n = notices();
        byte[] notice = ContentNoticeCodec.encode(new ContentNotice(List.of(cid(1), cid(2)), List.of(ADDR)));
        n.take(from(ALICE, notice));
        assertThat(n.announcers(cid(1))).singleElement().satisfies(a -> {
            assertThat(a.author()).isEqualTo(ALICE);
            assertThat(a.addresses()).containsExactly(ADDR);
        });
        assertThat(n.announcers(cid(2))).hasSize(1);
        assertThat(n.announcers(cid(3))).isEmpty();

        // many announcers of one root: the latest few are kept, newest first
        List<PeerId> authors = new ArrayList<>();
        for (int i = 0; i < ContentNotices.MAX_ANNOUNCERS + 3; i++) {
            PeerId p = Identity.generate(new SecureRandom()).peerId();
            authors.add(p);
            n.take(from(p, notice));
        }
        assertThat(n.announcers(cid(1))).extracting(ContentNotices.Announcement::author)
                .containsExactlyElementsOf(authors.reversed().subList(0, ContentNotices.MAX_ANNOUNCERS));

        // many roots: the table keeps the most recently announced
        for (int i = 0; i < ContentNotices.MAX_ROOTS + 100; i += ContentNotice.MAX_ROOTS) {
            List<Cid> roots = new ArrayList<>();
            for (int j = i; j < i + ContentNotice.MAX_ROOTS; j++) {
                roots.add(cid(1000 + j));
            }
            n.take(from(ALICE, ContentNoticeCodec.encode(new ContentNotice(roots, List.of()))));
        }
        assertThat(n.size()).isEqualTo(ContentNotices.MAX_ROOTS);
        assertThat(n.announcers(cid(1))).isEmpty();
    }

    @Test
    void anonymousAndMalformedNoticesAreRefused() throws Exception {
        ContentNotices n = notices();
        n.take(from(null, ContentNoticeCodec.encode(new ContentNotice(List.of(cid(1)), List.of()))));
        n.take(from(ALICE, "not a notice".getBytes()));
        assertThat(n.refused()).isEqualTo(2);
        assertThat(n.received()).isZero();
        assertThat(n.announcers(cid(1))).isEmpty();
    }

    @Test
    void aNoticeTravelsBetweenNodes() throws Exception {
        ContentNotices a = notices();
        ContentNotices b = notices();
        Pubsub pa = (Pubsub) open.get(0);
        Pubsub pb = (Pubsub) open.get(2);
        PubsubTest.connect(pa, pb);
        PubsubTest.await("b sees a's subscription", () -> pb.peers(ContentNotices.TOPIC).size() == 1);
        assertThat(a.announce(List.of(cid(7)))).isEqualTo(1);
        PubsubTest.await("b records it", () -> !b.announcers(cid(7)).isEmpty());
        assertThat(b.announcers(cid(7)).getFirst().author()).isEqualTo(PubsubTest.hostOf(pa).peerId());
        assertThat(a.announcers(cid(7))).isEmpty(); // our own notices are not recorded
    }

    @Test
    void theTopicValidatorWantsASignedWellFormedNotice() throws Exception {
        byte[] good = ContentNoticeCodec.encode(new ContentNotice(List.of(cid(1)), List.of(ADDR)));
        ContentNotices.validate(Optional.of(ALICE), good);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ContentNotices.validate(Optional.empty(), good))
                .isInstanceOf(InvalidMessageException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ContentNotices.validate(Optional.of(ALICE),
                "junk".getBytes())).isInstanceOf(InvalidMessageException.class);
    }
}
