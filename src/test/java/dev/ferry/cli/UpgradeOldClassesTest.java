package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeModel;
import java.lang.classfile.Instruction;
import java.lang.classfile.MethodModel;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The build step {@code src/build/UpgradeOldClasses.java}, which rewrites picocli's Java 5 class files in the product
 * jar as Java 8 ones (the JVM's ahead-of-time cache holds no older ones), run on the picocli jar ferry depends on: the
 * result keeps every entry and every instruction, every rewritten class passes the type-checking verifier, and picocli
 * still parses and prints usage from it.
 */
class UpgradeOldClassesTest {
    private static final Path TOOL = Path.of(System.getProperty("ferry.project.dir", "."), "src", "build", "UpgradeOldClasses.java");

    @Test
    void picocliRewrittenAsJava8KeepsItsInstructionsAndVerifies(@TempDir Path dir) throws Exception {
        Path original = Path.of(CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(original.toString()).endsWith(".jar");
        Path upgraded = dir.resolve("picocli-upgraded.jar");
        assertThat(runTool(original, upgraded)).contains("class files of", "rewritten as Java 8");

        Map<String, byte[]> before = entries(original);
        Map<String, byte[]> after = entries(upgraded);
        assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());
        List<String> rewritten = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : before.entrySet()) {
            byte[] was = e.getValue();
            byte[] now = after.get(e.getKey());
            if (!e.getKey().endsWith(".class") || major(was) >= 50) {
                assertThat(now).as(e.getKey()).isEqualTo(was);
                continue;
            }
            rewritten.add(e.getKey());
            assertThat(major(now)).as(e.getKey()).isEqualTo(ClassFile.JAVA_8_VERSION);
            assertSameInstructions(e.getKey(), ClassFile.of().parse(was), ClassFile.of().parse(now));
        }
        // picocli is one source file of several hundred nested classes, all compiled for Java 5
        assertThat(rewritten).hasSizeGreaterThan(100).contains("picocli/CommandLine.class");

        try (URLClassLoader loader = new URLClassLoader(new URL[] {upgraded.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            for (String name : rewritten) {
                String binaryName = name.substring(0, name.length() - ".class".length()).replace('/', '.');
                // initializing links, and linking runs the verifier over every method against the new stack maps
                Class<?> c = Class.forName(binaryName, true, loader);
                assertThat(c.getClassLoader()).isSameAs(loader);
            }
            assertThat(parseTimeout(loader, "--timeout", "42")).isEqualTo(42);
        }
    }

    @Test
    void aJarWithoutOldClassesIsLeftAsItWas(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("current.jar");
        byte[] current = Files.readAllBytes(Path.of(UpgradeOldClassesTest.class.getResource("UpgradeOldClassesTest.class").toURI()));
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new ZipEntry("a/Current.class"));
            out.write(current);
            out.putNextEntry(new ZipEntry("a/notes.txt"));
            out.write("kept".getBytes(StandardCharsets.UTF_8));
        }
        Path copy = dir.resolve("copy.jar");
        assertThat(runTool(jar, copy)).contains(" 0 class files");
        Map<String, byte[]> after = entries(copy);
        assertThat(after.keySet()).containsExactly("a/Current.class", "a/notes.txt");
        assertThat(after.get("a/Current.class")).isEqualTo(current);
        assertThat(new String(after.get("a/notes.txt"), StandardCharsets.UTF_8)).isEqualTo("kept");
    }

    /** Builds a command with one int option through the rewritten picocli (reflection: its classes are not ours). */
    private static Object parseTimeout(ClassLoader loader, String... args) throws Exception {
        Class<?> specType = loader.loadClass("picocli.CommandLine$Model$CommandSpec");
        Class<?> optionType = loader.loadClass("picocli.CommandLine$Model$OptionSpec");
        Object spec = specType.getMethod("create").invoke(null);
        Object builder = optionType.getMethod("builder", String[].class).invoke(null, (Object) new String[] {"--timeout"});
        var type = builder.getClass().getMethod("type", Class.class);
        type.setAccessible(true); // declared by a package-private superclass of the public builder
        builder = type.invoke(builder, int.class);
        Object option = builder.getClass().getMethod("build").invoke(builder);
        specType.getMethod("addOption", optionType).invoke(spec, option);
        Class<?> commandLineType = loader.loadClass("picocli.CommandLine");
        Object commandLine = commandLineType.getConstructor(Object.class).newInstance(spec);
        String usage = (String) commandLineType.getMethod("getUsageMessage").invoke(commandLine);
        assertThat(usage).contains("--timeout");
        Object parsed = commandLineType.getMethod("parseArgs", String[].class).invoke(commandLine, (Object) args);
        return parsed.getClass().getMethod("matchedOptionValue", String.class, Object.class).invoke(parsed, "--timeout", -1);
    }

    private static void assertSameInstructions(String name, ClassModel was, ClassModel now) {
        assertThat(now.thisClass().asInternalName()).isEqualTo(was.thisClass().asInternalName());
        assertThat(now.methods()).hasSameSizeAs(was.methods());
        for (int i = 0; i < was.methods().size(); i++) {
            MethodModel a = was.methods().get(i);
            MethodModel b = now.methods().get(i);
            String where = name + " " + a.methodName().stringValue() + a.methodType().stringValue();
            assertThat(b.methodName().stringValue() + b.methodType().stringValue()).as(where)
                    .isEqualTo(a.methodName().stringValue() + a.methodType().stringValue());
            assertThat(b.code().isPresent()).as(where).isEqualTo(a.code().isPresent());
            if (a.code().isEmpty()) {
                continue;
            }
            assertThat(opcodes(b.code().get())).as(where).isEqualTo(opcodes(a.code().get()));
            boolean branches = opcodes(a.code().get()).stream().anyMatch(o -> o.contains("IF") || o.contains("GOTO") || o.contains("SWITCH"))
                    || !a.code().get().exceptionHandlers().isEmpty();
            if (branches) {
                assertThat(b.code().get().findAttribute(Attributes.stackMapTable()))
                        .as(where + " has stack maps").isPresent();
            }
        }
    }

    /** The method's instructions as opcode names (the constant pool is shared, so operands keep their indexes too). */
    private static List<String> opcodes(CodeModel code) {
        List<String> ops = new ArrayList<>();
        for (var element : code) {
            if (element instanceof Instruction insn) {
                ops.add(insn.opcode().name());
            }
        }
        return ops;
    }

    private static String runTool(Path in, Path out) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), TOOL.toString(), in.toString(), out.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }

    private static Map<String, byte[]> entries(Path jar) throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                m.put(e.getName(), in.readAllBytes());
            }
        }
        return m;
    }

    private static int major(byte[] classBytes) {
        return (classBytes[6] & 0xff) << 8 | (classBytes[7] & 0xff);
    }
}
