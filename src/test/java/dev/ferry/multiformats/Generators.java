package dev.ferry.multiformats;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Shared jqwik generators of valid multiformat values. */
final class Generators {
    private Generators() {
    }

    static Arbitrary<Long> codes() {
        return Arbitraries.oneOf(
            Arbitraries.of(Multicodec.class).map(Multicodec::code),
            Arbitraries.longs().between(0, 1 << 21),
            Arbitraries.longs().between(0, Long.MAX_VALUE));
    }

    static Arbitrary<Multihash> multihashes() {
        Arbitrary<Multihash> sha256 = Arbitraries.bytes().array(byte[].class).ofMaxSize(64).map(Multihash::sha256);
        Arbitrary<Multihash> any = Combinators.combine(codes(),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(Multihash.MAX_DIGEST_LENGTH))
            .as(Multihash::of);
        Arbitrary<Multihash> identity = Arbitraries.bytes().array(byte[].class).ofMaxSize(42).map(Multihash::identity);
        return Arbitraries.oneOf(sha256, any, identity);
    }

    static Arbitrary<Cid> cids() {
        Arbitrary<Cid> v0 = Arbitraries.bytes().array(byte[].class).ofMaxSize(64).map(d -> Cid.v0(Multihash.sha256(d)));
        Arbitrary<Cid> v1 = Combinators.combine(codes(), multihashes()).as(Cid::v1);
        return Arbitraries.oneOf(v0, v1);
    }
}
