package org.katzenpost.it;

import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * The integration suite's class order, made explicit (registered in {@code junit-platform.properties}): classes
 * that leave the shared daemon alone first, then those marked {@link DisruptsDaemon}; by name within each group so
 * that a run is reproducible.
 */
public final class DisruptiveClassesLast implements ClassOrderer {
    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator
                .comparing((ClassDescriptor d) -> d.isAnnotated(DisruptsDaemon.class))
                .thenComparing(d -> d.getTestClass().getName()));
    }
}
