package io.scephub.hub.cds;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Build step: rewrites a jar's pre-Java-6 class files as Java 8 class files with stack-map frames, so the JDK's
 * class-data-sharing archive can hold them.
 *
 * <p>JDK 17 leaves out of a CDS archive every class the split verifier cannot check: class files older than version
 * 50 ("Pre JDK 6 class not supported by CDS") and version-50 files without {@code StackMapTable}, which fail over to the
 * old verifier. picocli ships Java 5 class files; its ~170 classes were the largest part of the CLI's start-up the
 * archive did not cover. The bytecode is kept as it is: ASM only recomputes the frames and raises the version. Each
 * rewritten class is then loaded and initialised from the new jar, so a wrong frame fails the build with a
 * {@link VerifyError} instead of a user's command. A jar whose classes are all version 51 or newer is left alone, so
 * running the step again changes nothing.
 *
 * <p>Usage: {@code java -cp classes:asm.jar io.scephub.hub.cds.StackMapUpgrade JAR}.
 */
public final class StackMapUpgrade {
    private static final int JAVA_7 = 51;

    private StackMapUpgrade() {
    }

    public static void main(String[] args) throws IOException, ClassNotFoundException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: StackMapUpgrade JAR (got " + args.length + " arguments)");
        }
        Path jar = Path.of(args[0]);
        int upgraded = upgrade(jar);
        System.out.println(jar.getFileName() + ": " + upgraded + " class files upgraded to Java 8 with stack-map frames");
    }

    /** Rewrites {@code jar} in place (through a temporary file beside it) and returns how many classes changed. */
    static int upgrade(Path jar) throws IOException, ClassNotFoundException {
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        List<String> upgraded = new ArrayList<>();
        try (URLClassLoader hierarchy = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
                JarFile in = new JarFile(jar.toFile());
                JarOutputStream out = new JarOutputStream(Files.newOutputStream(tmp))) {
            Enumeration<JarEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                byte[] bytes;
                try (InputStream stream = in.getInputStream(entry)) {
                    bytes = stream.readAllBytes();
                }
                if (isClass(entry) && majorVersion(bytes) < JAVA_7) {
                    bytes = withFrames(bytes, hierarchy);
                    upgraded.add(entry.getName());
                }
                JarEntry copy = new JarEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        }
        if (upgraded.isEmpty()) {
            Files.delete(tmp);
            return 0;
        }
        verify(tmp, upgraded);
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
        return upgraded.size();
    }

    private static boolean isClass(JarEntry entry) {
        return entry.getName().endsWith(".class") && !entry.getName().endsWith("module-info.class");
    }

    private static int majorVersion(byte[] classFile) {
        return ((classFile[6] & 0xFF) << 8) | (classFile[7] & 0xFF);
    }

    private static byte[] withFrames(byte[] classFile, ClassLoader hierarchy) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                // Frames merge types by their common superclass: resolved against the jar itself and the JDK,
                // never against this build step's own class path.
                return hierarchy;
            }
        };
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                    String[] interfaces) {
                super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }

    /** Loads and links every rewritten class from the new jar: the JVM's verifier checks the computed frames. */
    private static void verify(Path jar, List<String> classFiles) throws IOException, ClassNotFoundException {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            for (String file : classFiles) {
                String name = file.substring(0, file.length() - ".class".length()).replace('/', '.');
                Class.forName(name, true, loader);
            }
        }
    }
}
