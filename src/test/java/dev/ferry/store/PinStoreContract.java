package dev.ferry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link PinStore} shares. */
abstract class PinStoreContract {
    protected PinStore pins;

    protected abstract PinStore newStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        pins = newStore();
    }

    @AfterEach
    void close() {
        pins.close();
    }

    static Cid cid(int n) {
        return Cid.of(1, Multicodec.RAW.code(), new byte[] {(byte) n, (byte) (n >> 8)});
    }

    @Test
    void addListRemove() {
        pins.add(cid(1), PinType.RECURSIVE);
        pins.add(cid(2), PinType.DIRECT);
        assertThat(pins.list()).isEqualTo(Map.of(cid(1), PinType.RECURSIVE, cid(2), PinType.DIRECT));
        assertThat(pins.isPinned(cid(1), PinType.RECURSIVE)).isTrue();
        assertThat(pins.isPinned(cid(1), PinType.DIRECT)).isFalse();
        assertThat(pins.pinType(cid(3))).isEmpty();
        assertThat(pins.remove(cid(1), PinType.DIRECT)).isFalse(); // wrong type: stays
        assertThat(pins.remove(cid(1), PinType.RECURSIVE)).isTrue();
        assertThat(pins.remove(cid(1), PinType.RECURSIVE)).isFalse();
        assertThat(pins.list()).isEqualTo(Map.of(cid(2), PinType.DIRECT));
    }

    @Test
    void theStrongerPinWins() {
        pins.add(cid(1), PinType.DIRECT);
        pins.add(cid(1), PinType.RECURSIVE); // upgrade
        assertThat(pins.pinType(cid(1))).hasValue(PinType.RECURSIVE);
        pins.add(cid(1), PinType.DIRECT); // no downgrade
        assertThat(pins.pinType(cid(1))).hasValue(PinType.RECURSIVE);
    }

    @Test
    void indirectIsNeverStored() {
        assertThatThrownBy(() -> pins.add(cid(1), PinType.INDIRECT)).isInstanceOf(IllegalArgumentException.class);
        assertThat(pins.list()).isEmpty();
    }

    @Test
    void v0AndV1AreDistinctPins() {
        Cid v0 = Cid.of(0, Multicodec.DAG_PB.code(), new byte[] {1});
        pins.add(v0, PinType.RECURSIVE);
        assertThat(pins.isPinned(v0.toV1(), PinType.RECURSIVE)).isFalse();
        assertThat(pins.isPinned(v0, PinType.RECURSIVE)).isTrue();
    }

    @Test
    void listIsASnapshot() {
        pins.add(cid(1), PinType.RECURSIVE);
        Map<Cid, PinType> before = pins.list();
        pins.add(cid(2), PinType.RECURSIVE);
        assertThat(before).hasSize(1);
        assertThatThrownBy(() -> before.put(cid(3), PinType.DIRECT)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void namesGoWithThePin() {
        pins.add(cid(1), PinType.RECURSIVE, "site");
        pins.add(cid(2), PinType.DIRECT);
        assertThat(pins.entries()).isEqualTo(Map.of(cid(1), new PinEntry(PinType.RECURSIVE, "site"),
                cid(2), PinEntry.of(PinType.DIRECT)));
        assertThat(pins.entry(cid(1))).hasValue(new PinEntry(PinType.RECURSIVE, "site"));
        assertThat(pins.list()).isEqualTo(Map.of(cid(1), PinType.RECURSIVE, cid(2), PinType.DIRECT));
        assertThat(pins.remove(cid(1), PinType.RECURSIVE)).isTrue();
        assertThat(pins.entry(cid(1))).isEmpty();
        pins.add(cid(1), PinType.RECURSIVE); // a new pin does not inherit the old name
        assertThat(pins.entry(cid(1))).hasValue(PinEntry.of(PinType.RECURSIVE));
    }

    /** As Kubo's pinner: pinning again replaces the pin, name included; a direct pin under a recursive one is no-op. */
    @Test
    void pinningAgainRenames() {
        pins.add(cid(1), PinType.RECURSIVE, "old");
        pins.add(cid(1), PinType.RECURSIVE, "new");
        assertThat(pins.entry(cid(1))).hasValue(new PinEntry(PinType.RECURSIVE, "new"));
        pins.add(cid(1), PinType.DIRECT, "ignored");
        assertThat(pins.entry(cid(1))).hasValue(new PinEntry(PinType.RECURSIVE, "new"));
        pins.add(cid(1), PinType.RECURSIVE);
        assertThat(pins.entry(cid(1))).hasValue(PinEntry.of(PinType.RECURSIVE));
        pins.add(cid(2), PinType.DIRECT, "d");
        pins.add(cid(2), PinType.RECURSIVE, "r"); // the upgrade takes the new name
        assertThat(pins.entry(cid(2))).hasValue(new PinEntry(PinType.RECURSIVE, "r"));
    }

    @Test
    void badNamesAreRefusedAndChangeNothing() {
        pins.add(cid(1), PinType.RECURSIVE, "kept");
        assertThatThrownBy(() -> pins.add(cid(1), PinType.RECURSIVE, "x".repeat(256)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("pin name is 256 bytes (max 255 bytes)");
        assertThatThrownBy(() -> pins.add(cid(2), PinType.DIRECT, "\uDC00"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(pins.entries()).isEqualTo(Map.of(cid(1), new PinEntry(PinType.RECURSIVE, "kept")));
    }
}
