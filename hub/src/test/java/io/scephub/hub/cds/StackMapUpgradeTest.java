package io.scephub.hub.cds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import picocli.CommandLine;

class StackMapUpgradeTest {
    @TempDir
    Path dir;

    @Test
    void picocliBecomesJava8ClassFilesWithFramesThatStillRun() throws Exception {
        Path jar = copyOfPicocli();
        assertThat(majorVersions(jar)).as("picocli as published: Java 5 class files").contains(49);

        int upgraded = StackMapUpgrade.upgrade(jar);

        assertThat(upgraded).isGreaterThan(150);
        assertThat(majorVersions(jar)).containsOnly(52, 53); // 53: its module-info, left alone
        assertThat(methodsWithBranchesButNoFrames(jar)).isEmpty();
        assertThat(entryNames(jar)).isEqualTo(entryNames(copyOfPicocli()));
    }

    @Test
    void runningItAgainChangesNothing() throws Exception {
        Path jar = copyOfPicocli();
        StackMapUpgrade.upgrade(jar);
        byte[] once = Files.readAllBytes(jar);

        assertThat(StackMapUpgrade.upgrade(jar)).isZero();
        assertThat(Files.readAllBytes(jar)).isEqualTo(once);
    }

    private Path copyOfPicocli() throws Exception {
        Path published = picocliJar();
        Path copy = Files.createTempFile(dir, "picocli", ".jar");
        Files.copy(published, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return copy;
    }

    private static Path picocliJar() throws URISyntaxException {
        return Path.of(CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static List<Integer> majorVersions(Path jar) throws Exception {
        List<Integer> versions = new ArrayList<>();
        forEachClass(jar, bytes -> versions.add(((bytes[6] & 0xFF) << 8) | (bytes[7] & 0xFF)));
        return versions;
    }

    /** Methods with a jump or an exception handler need a StackMapTable from version 50 on; ASM reports it as frames. */
    private static List<String> methodsWithBranchesButNoFrames(Path jar) throws Exception {
        List<String> missing = new ArrayList<>();
        forEachClass(jar, bytes -> new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            private String owner;

            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                    String[] interfaces) {
                owner = name;
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    private boolean branches;
                    private boolean frames;

                    @Override
                    public void visitJumpInsn(int opcode, org.objectweb.asm.Label label) {
                        branches = true;
                    }

                    @Override
                    public void visitTryCatchBlock(org.objectweb.asm.Label start, org.objectweb.asm.Label end,
                            org.objectweb.asm.Label handler, String type) {
                        branches = true;
                    }

                    @Override
                    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
                        frames = true;
                    }

                    @Override
                    public void visitEnd() {
                        if (branches && !frames) {
                            missing.add(owner + "." + name + descriptor);
                        }
                    }
                };
            }
        }, 0));
        return missing;
    }

    private static List<String> entryNames(Path jar) throws Exception {
        List<String> names = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            file.stream().forEach(e -> names.add(e.getName()));
        }
        return names;
    }

    private interface ClassBytes {
        void accept(byte[] bytes) throws Exception;
    }

    private static void forEachClass(Path jar, ClassBytes action) throws Exception {
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (entry.getName().endsWith(".class")) {
                    try (InputStream in = file.getInputStream(entry)) {
                        action.accept(in.readAllBytes());
                    }
                }
            }
        }
    }
}
