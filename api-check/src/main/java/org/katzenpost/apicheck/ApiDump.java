package org.katzenpost.apicheck;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Lists the public API of a module's compiled classes as stable, sorted text, in the spirit of the
 * {@code .api} files of Kotlin's binary-compatibility validator: one block per public or protected type
 * (its modifiers, kind, binary name, type parameters, supertypes and permitted subtypes), and inside it one
 * line per public or protected field, constructor and method that the type declares, with generic
 * signatures and {@code throws} clauses. Synthetic and bridge members, anonymous and local classes, and
 * nested types that are not reachable from outside their package are left out, as are packages that have a
 * segment named {@code internal}.
 *
 * <p>A module's descriptor ({@code module-info.class}) comes first, as a block of what users can see of it: its
 * exported packages, each with the modules it is exported to when the export is qualified (so that a package
 * sealed to the testkit stays sealed where a reviewer sees it), the packages it opens and its transitive requires.
 *
 * <p>It also collects every place where such a public signature names a type from an {@code internal}
 * package (a leak: a user who calls that member depends on internals).
 *
 * <p>Classes are read with reflection, without initialising them, through the given class loader.
 */
public final class ApiDump {
    /** Blocks of the dump, keyed by the type's binary name. */
    private final TreeMap<String, List<String>> blocks = new TreeMap<>();
    private final TreeSet<String> leaks = new TreeSet<>();
    /** The module descriptor's block, empty when the classes have none. */
    private final List<String> module = new ArrayList<>();

    private ApiDump() {}

    /**
     * Dumps the public API of every class file under {@code classesDir}.
     *
     * @param classesDir a compiled-classes folder such as {@code target/classes}
     * @param loader a class loader that can load those classes and everything their signatures name
     * @return the dump
     * @throws UncheckedIOException when the folder cannot be read
     * @throws IllegalStateException when a class cannot be loaded
     */
    public static ApiDump of(Path classesDir, ClassLoader loader) {
        ApiDump dump = new ApiDump();
        List<String> names;
        try (Stream<Path> files = Files.walk(classesDir)) {
            names = files.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> classesDir.relativize(p).toString())
                    .map(s -> s.substring(0, s.length() - ".class".length()).replace('\\', '.').replace('/', '.'))
                    .filter(n -> !n.equals("module-info") && !n.endsWith(".package-info"))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + classesDir, e);
        }
        Path info = classesDir.resolve("module-info.class");
        if (Files.isRegularFile(info)) {
            try (InputStream in = Files.newInputStream(info)) {
                dump.module.addAll(moduleBlock(ModuleDescriptor.read(in)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + info, e);
            }
        }
        for (String name : names) {
            Class<?> c;
            try {
                c = Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalStateException("cannot load " + name + " from " + classesDir + ": " + e, e);
            }
            if (isInternal(c.getPackageName()) || !isVisible(c)) {
                continue;
            }
            dump.add(c);
        }
        return dump;
    }

    /**
     * The dump as lines: blocks sorted by type name, members sorted within a block, one empty line after
     * each block.
     *
     * @return the lines, never null
     */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        if (!module.isEmpty()) {
            out.addAll(module);
            out.add("");
        }
        for (List<String> block : blocks.values()) {
            out.addAll(block);
            out.add("");
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Every public signature outside internal packages that names an internal type, one line each:
     * {@code member -> internal type}, sorted.
     *
     * @return the leaks, never null
     */
    public List<String> leaks() {
        return List.copyOf(leaks);
    }

    /**
     * The block of a module descriptor: {@code module name {}, then one sorted line per export
     * ({@code exports p} or {@code exports p to m1, m2}, targets sorted), per open package and per transitive
     * requires, then {@code }}. Plain and static requires are left out: users do not see them.
     *
     * @param descriptor the module's descriptor
     * @return the block's lines
     */
    public static List<String> moduleBlock(ModuleDescriptor descriptor) {
        TreeSet<String> lines = new TreeSet<>();
        for (ModuleDescriptor.Exports e : descriptor.exports()) {
            lines.add("\texports " + e.source() + targets(e.targets()));
        }
        for (ModuleDescriptor.Opens o : descriptor.opens()) {
            lines.add("\topens " + o.source() + targets(o.targets()));
        }
        for (ModuleDescriptor.Requires r : descriptor.requires()) {
            if (r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE)) {
                lines.add("\trequires transitive " + r.name());
            }
        }
        List<String> block = new ArrayList<>();
        block.add((descriptor.isOpen() ? "open module " : "module ") + descriptor.name() + " {");
        block.addAll(lines);
        block.add("}");
        return block;
    }

    private static String targets(Set<String> targets) {
        return targets.isEmpty() ? "" : " to " + String.join(", ", new TreeSet<>(targets));
    }

    /**
     * Whether a package is internal: it has a segment named {@code internal}.
     *
     * @param packageName a package name, possibly empty
     * @return true for {@code a.internal} and {@code a.internal.b}
     */
    public static boolean isInternal(String packageName) {
        return Arrays.asList(packageName.split("\\.")).contains("internal");
    }

    /** Public or protected, not anonymous or local, and every enclosing type public or protected too. */
    private static boolean isVisible(Class<?> c) {
        if (c.isAnonymousClass() || c.isLocalClass() || c.isSynthetic()) {
            return false;
        }
        for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
            int m = k.getModifiers();
            if (!Modifier.isPublic(m) && !Modifier.isProtected(m)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isExported(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private void add(Class<?> c) {
        String owner = c.getName();
        List<String> block = new ArrayList<>();
        block.add(header(c, owner) + " {");
        TreeSet<String> members = new TreeSet<>();
        Set<String> declared = new HashSet<>();
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (!k.isSynthetic() && isExported(k.getModifiers())) {
                String where = owner + ".<init>";
                members.add("2 " + visibility(k.getModifiers()) + typeParameters(k.getTypeParameters(), where)
                        + "<init>" + parameters(k, where) + exceptions(k, where));
            }
        }
        // A public type's API includes what it inherits from a superclass users cannot name (javac reaches those
        // methods through synthetic bridges, which are skipped below): dumped with the type, up to the first
        // superclass that has a block of its own (a visible one outside the internal packages).
        for (Class<?> k = c; k != null && (k == c || !isVisible(k) || isInternal(k.getPackageName()));
                k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (!f.isSynthetic() && isExported(f.getModifiers()) && declared.add(f.getName())) {
                    String where = owner + "." + f.getName();
                    members.add("1 " + visibility(f.getModifiers()) + flags(f.getModifiers(), f)
                            + type(f.getGenericType(), where) + " " + f.getName());
                }
            }
            for (Method m : k.getDeclaredMethods()) {
                if (!m.isSynthetic() && !m.isBridge() && isExported(m.getModifiers())
                        && declared.add(m.getName() + Arrays.toString(m.getParameterTypes()))) {
                    String where = owner + "." + m.getName();
                    members.add("3 " + visibility(m.getModifiers()) + flags(m.getModifiers(), m)
                            + typeParameters(m.getTypeParameters(), where) + type(m.getGenericReturnType(), where)
                            + " " + m.getName() + parameters(m, where) + exceptions(m, where));
                }
            }
        }
        for (String m : members) {
            block.add("\t" + m.substring(2));
        }
        block.add("}");
        blocks.put(owner, block);
    }

    private String header(Class<?> c, String owner) {
        int m = c.getModifiers();
        StringBuilder b = new StringBuilder(visibility(m));
        String kind;
        if (c.isAnnotation()) {
            kind = "@interface";
        } else if (c.isInterface()) {
            kind = "interface";
        } else if (c.isEnum()) {
            kind = "enum";
        } else if (c.isRecord()) {
            kind = "record";
        } else {
            kind = "class";
            if (Modifier.isAbstract(m)) {
                b.append("abstract ");
            }
        }
        if (c.getDeclaringClass() != null && Modifier.isStatic(m) && kind.equals("class")) {
            b.append("static ");
        }
        if (Modifier.isFinal(m) && kind.equals("class")) {
            b.append("final ");
        }
        if (c.isSealed()) {
            b.append("sealed ");
        }
        b.append(kind).append(' ').append(owner).append(typeParameters(c.getTypeParameters(), owner));
        Type sup = c.getGenericSuperclass();
        if (sup != null && sup != Object.class && !c.isEnum() && !c.isRecord()) {
            b.append(" extends ").append(type(sup, owner));
        }
        Type[] interfaces = c.getGenericInterfaces();
        if (interfaces.length > 0) {
            TreeSet<String> names = new TreeSet<>();
            for (Type t : interfaces) {
                names.add(type(t, owner));
            }
            b.append(c.isInterface() ? " extends " : " implements ").append(String.join(", ", names));
        }
        if (c.isSealed()) {
            TreeSet<String> names = new TreeSet<>();
            for (Class<?> p : c.getPermittedSubclasses()) {
                names.add(type(p, owner));
            }
            b.append(" permits ").append(String.join(", ", names));
        }
        return b.toString();
    }

    private static String visibility(int m) {
        return Modifier.isPublic(m) ? "public " : "protected ";
    }

    private static String flags(int m, Member member) {
        StringBuilder b = new StringBuilder();
        boolean inInterface = member.getDeclaringClass().isInterface();
        if (member instanceof Method method) {
            if (method.isDefault()) {
                b.append("default ");
            } else if (Modifier.isAbstract(m) && !inInterface) {
                b.append("abstract ");
            }
        }
        if (Modifier.isStatic(m)) {
            b.append("static ");
        }
        if (Modifier.isFinal(m)) {
            b.append("final ");
        }
        return b.toString();
    }

    private String parameters(Executable e, String where) {
        Type[] types = e.getGenericParameterTypes();
        // Inner-class constructors and enum constructors may report fewer generic than raw parameters.
        if (types.length != e.getParameterCount()) {
            types = e.getParameterTypes();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < types.length; i++) {
            String t = type(types[i], where);
            if (e.isVarArgs() && i == types.length - 1 && t.endsWith("[]")) {
                t = t.substring(0, t.length() - 2) + "...";
            }
            out.add(t);
        }
        return "(" + String.join(", ", out) + ")";
    }

    private String exceptions(Executable e, String where) {
        Type[] types = e.getGenericExceptionTypes();
        if (types.length == 0) {
            return "";
        }
        TreeSet<String> names = new TreeSet<>();
        for (Type t : types) {
            names.add(type(t, where));
        }
        return " throws " + String.join(", ", names);
    }

    private String typeParameters(TypeVariable<?>[] vars, String where) {
        if (vars.length == 0) {
            return "";
        }
        List<String> out = new ArrayList<>();
        for (TypeVariable<?> v : vars) {
            List<String> bounds = new ArrayList<>();
            for (Type t : v.getBounds()) {
                if (t != Object.class) {
                    bounds.add(type(t, where));
                }
            }
            out.add(bounds.isEmpty() ? v.getName() : v.getName() + " extends " + String.join(" & ", bounds));
        }
        return "<" + String.join(", ", out) + "> ";
    }

    /** Renders a type with binary class names; records a leak when it names an internal class. */
    private String type(Type t, String where) {
        if (t instanceof Class<?> c) {
            if (c.isArray()) {
                return type(c.getComponentType(), where) + "[]";
            }
            if (!c.isPrimitive() && isInternal(c.getPackageName())) {
                leaks.add(where + " -> " + c.getName());
            }
            return c.getName();
        }
        if (t instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            String head;
            if (p.getOwnerType() instanceof ParameterizedType owner) {
                head = type(owner, where) + "$" + raw.getSimpleName();
                type(raw, where);
            } else {
                head = type(raw, where);
            }
            List<String> args = new ArrayList<>();
            for (Type a : p.getActualTypeArguments()) {
                args.add(type(a, where));
            }
            return head + "<" + String.join(", ", args) + ">";
        }
        if (t instanceof TypeVariable<?> v) {
            return v.getName();
        }
        if (t instanceof WildcardType w) {
            if (w.getLowerBounds().length > 0) {
                return "? super " + type(w.getLowerBounds()[0], where);
            }
            Type[] upper = w.getUpperBounds();
            if (upper.length == 0 || upper[0] == Object.class) {
                return "?";
            }
            return "? extends " + type(upper[0], where);
        }
        if (t instanceof GenericArrayType g) {
            return type(g.getGenericComponentType(), where) + "[]";
        }
        throw new IllegalStateException("unexpected type " + t + " in " + where);
    }

    /**
     * The set of type names in the dump, for tests.
     *
     * @return binary names of the dumped types, sorted
     */
    public Set<String> typeNames() {
        return Collections.unmodifiableSet(blocks.keySet());
    }
}
