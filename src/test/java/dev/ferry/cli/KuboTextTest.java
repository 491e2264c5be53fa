package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KuboTextTest {
    @Test
    void numbersAreShortThenFullAboveAThousand() {
        assertThat(KuboText.number(0)).isEqualTo("0");
        assertThat(KuboText.number(999)).isEqualTo("999");
        assertThat(KuboText.number(1000)).isEqualTo("1k\t(1,000)");
        assertThat(KuboText.number(4140)).isEqualTo("4k\t(4,140)");
        assertThat(KuboText.number(1_999_999)).isEqualTo("1M\t(1,999,999)"); // cut, not rounded
        assertThat(KuboText.number(12_345_678_901L)).isEqualTo("12G\t(12,345,678,901)");
    }

    @Test
    void durationsAreGoTextCutAsKuboCutsThem() {
        assertThat(KuboText.duration(0)).isEqualTo("0s");
        assertThat(KuboText.duration(12_870_309_123L)).isEqualTo("12.870309s");
        assertThat(KuboText.duration(999)).isEqualTo("0s");
        assertThat(KuboText.duration(2_672_507_618_000L)).isEqualTo("44m32.507618s");
        assertThat(KuboText.shortDuration(2_672_507_618_000L)).isEqualTo("44m32.5s");
        assertThat(KuboText.shortDuration(12_345_678L)).isEqualTo("12.345ms");
    }

    @Test
    void tabwriterAlignsEachColumnOverTheLinesThatHaveIt() {
        assertThat(KuboText.tabwrite(List.of("TotalProvides:\t4k\t(4,140)", "AvgProvideDuration:\t1.5s",
                "LastReprovideBatchSize:\t3", "no tab here"))).containsExactly(
                "TotalProvides:          4k (4,140)",
                "AvgProvideDuration:     1.5s",
                "LastReprovideBatchSize: 3",
                "no tab here");
        // a line without the column ends it: the next lines align among themselves
        assertThat(KuboText.tabwrite(List.of("a:\t1", "", "longer:\t2", "b:\t3")))
                .containsExactly("a: 1", "", "longer: 2", "b:      3");
    }
}
