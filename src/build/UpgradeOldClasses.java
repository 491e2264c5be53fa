import java.io.IOException;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Build step run on the shaded jar: rewrites every class file older than Java 6 (major version below 50; picocli is
 * compiled for Java 5) as a Java 8 class file with the stack maps the type-checking verifier reads. The instructions
 * stay as they are. Why: the JVM's ahead-of-time cache leaves out such old classes, and with them every class that
 * links to them, so each CLI start used to load and verify picocli from the jar (about a third of a `ferry version`).
 *
 * <p>Usage: {@code java UpgradeOldClasses.java IN.jar [OUT.jar]} (OUT defaults to IN, replaced atomically). Prints how
 * many classes it rewrote.
 */
public final class UpgradeOldClasses {
    private static final int OLDEST_KEPT = 50;
    private static final int TARGET = ClassFile.JAVA_8_VERSION;

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: java UpgradeOldClasses.java IN.jar [OUT.jar]");
            System.exit(2);
        }
        Path in = Path.of(args[0]);
        Path out = Path.of(args.length == 2 ? args[1] : args[0]);
        Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), out.getFileName().toString(), ".tmp");
        int rewritten = 0;
        // supertypes of the jar's own classes come from the jar, the JDK's from the JDK
        try (URLClassLoader jarOnly = new URLClassLoader(new URL[] {in.toUri().toURL()}, null)) {
            ClassHierarchyResolver resolver = ClassHierarchyResolver.defaultResolver()
                    .orElse(ClassHierarchyResolver.ofResourceParsing(jarOnly))
                    .cached();
            ClassFile classFile = ClassFile.of(
                    ClassFile.ClassHierarchyResolverOption.of(resolver), ClassFile.StackMapsOption.GENERATE_STACK_MAPS);
            ClassTransform upgrade = ClassTransform.dropping(e -> e instanceof ClassFileVersion)
                    .andThen(ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL))
                    .andThen(ClassTransform.endHandler(b -> b.withVersion(TARGET, 0)));
            try (ZipInputStream zin = new ZipInputStream(Files.newInputStream(in));
                    OutputStream os = Files.newOutputStream(tmp);
                    ZipOutputStream zout = new ZipOutputStream(os)) {
                for (ZipEntry e; (e = zin.getNextEntry()) != null; ) {
                    byte[] bytes = zin.readAllBytes();
                    if (!e.isDirectory() && e.getName().endsWith(".class") && majorVersion(bytes) < OLDEST_KEPT) {
                        bytes = classFile.transformClass(classFile.parse(bytes), upgrade);
                        rewritten++;
                    }
                    ZipEntry copy = new ZipEntry(e.getName());
                    copy.setTime(e.getTime());
                    zout.putNextEntry(copy);
                    zout.write(bytes);
                    zout.closeEntry();
                }
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        System.out.println("UpgradeOldClasses: " + rewritten + " class files of " + in.getFileName() + " rewritten as Java 8");
    }

    /** The class file's major version; a file too short to have one counts as current (it is copied untouched). */
    static int majorVersion(byte[] classBytes) {
        if (classBytes.length < 8) {
            return Integer.MAX_VALUE;
        }
        return (classBytes[6] & 0xff) << 8 | (classBytes[7] & 0xff);
    }
}
