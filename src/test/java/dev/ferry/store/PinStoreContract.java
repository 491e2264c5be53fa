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
}
