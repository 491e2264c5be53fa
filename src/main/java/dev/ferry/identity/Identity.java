package dev.ferry.identity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

/**
 * A node's key pair with its peer ID and DID. Immutable and thread-safe. Stored on disk as the libp2p
 * {@code PrivateKey} protobuf (as go-libp2p and js-libp2p keep it), readable by the owner only.
 */
public final class Identity {
    private final PrivateKey privateKey;
    private final PeerId peerId;
    private final Did did;

    private Identity(PrivateKey privateKey) {
        this.privateKey = privateKey;
        this.peerId = PeerId.fromPublicKey(privateKey.publicKey());
        this.did = switch (privateKey.type()) {
            case ED25519, SECP256K1 -> Did.of(privateKey.publicKey());
            case RSA, ECDSA -> null;
        };
    }

    /** A fresh Ed25519 identity. */
    public static Identity generate(SecureRandom random) {
        return new Identity(Ed25519PrivateKey.generate(random));
    }

    public static Identity fromPrivateKey(PrivateKey key) {
        return new Identity(key);
    }

    /**
     * @throws KeyFormatException if the bytes are not a supported private key
     */
    public static Identity unmarshal(byte[] privateKeyProtobuf) {
        return new Identity(PrivateKey.unmarshal(privateKeyProtobuf));
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public PublicKey publicKey() {
        return privateKey.publicKey();
    }

    public PeerId peerId() {
        return peerId;
    }

    /**
     * The did:key of this identity.
     *
     * @throws UnsupportedOperationException for RSA and ECDSA identities (no did:key form here)
     */
    public Did did() {
        if (did == null) {
            throw new UnsupportedOperationException("no did:key for " + privateKey.type() + " identities");
        }
        return did;
    }

    public byte[] sign(byte[] data) {
        return privateKey.sign(data);
    }

    /** The serialized libp2p {@code PrivateKey} protobuf. */
    public byte[] marshal() {
        return privateKey.marshal();
    }

    /**
     * Writes the key to {@code file} atomically (temporary file, then a hard link), owner read/write only where POSIX
     * permissions exist. Refuses to overwrite an existing file.
     */
    public void save(Path file) throws IOException {
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString());
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp;
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
            tmp = Files.createTempFile(dir, ".identity", ".tmp", PosixFilePermissions.asFileAttribute(ownerOnly));
        } else {
            tmp = Files.createTempFile(dir, ".identity", ".tmp");
        }
        try {
            Files.write(tmp, marshal(), StandardOpenOption.SYNC);
            try {
                // A hard link appears atomically and never replaces an existing key (a rename could).
                Files.createLink(file, tmp);
            } catch (UnsupportedOperationException e) {
                Files.move(tmp, file); // no REPLACE_EXISTING: fails if the key appeared meanwhile
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads a key written by {@link #save} (or by go-/js-libp2p as a raw {@code PrivateKey} protobuf).
     *
     * @throws KeyFormatException if the file does not hold a supported private key (or is larger than any could be)
     */
    public static Identity load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(KeyProto.MAX_MESSAGE + 1);
            if (bytes.length > KeyProto.MAX_MESSAGE) {
                throw new KeyFormatException(file + ": larger than any private key");
            }
            return unmarshal(bytes);
        }
    }

    @Override
    public String toString() {
        return "Identity[" + peerId + "]";
    }
}
