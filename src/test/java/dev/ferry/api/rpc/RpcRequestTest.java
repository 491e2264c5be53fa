package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import org.junit.jupiter.api.Test;

class RpcRequestTest {
    private static RpcRequest parse(String query) {
        return RpcRequest.parse("x", query, null, InputStream.nullInputStream());
    }

    @Test
    void listOptionsMayRepeatAndOthersMayNotDisagree() {
        RpcRequest r = parse("arg=a&cid=Qm1&status=pinned&cid=Qm2&origin=%2Fip4%2F1.2.3.4&name=n&name=n");
        assertThat(r.args()).containsExactly("a");
        assertThat(r.options("cid")).containsExactly("Qm1", "Qm2");
        assertThat(r.options("status")).containsExactly("pinned");
        assertThat(r.options("origin")).containsExactly("/ip4/1.2.3.4");
        assertThat(r.options("absent")).isEmpty();
        assertThat(r.option("name")).contains("n");
        assertThatThrownBy(() -> parse("name=a&name=b")).isInstanceOf(RpcException.class)
                .hasMessageContaining("given twice");
    }
}
