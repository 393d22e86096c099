package org.katzenpost.apicheck.sample;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.katzenpost.apicheck.sample.internal.Leak;

/** Sample API for ApiDumpTest. */
public final class Circle implements Shape, Comparable<Circle> {
    /** A constant. */
    public static final int MAX = 3;
    protected int radiusBits;
    int packagePrivate;

    /** @param r the radius */
    public Circle(double r) {
        radiusBits = (int) r;
    }

    @Override
    public double area() {
        return radiusBits;
    }

    @Override
    public int compareTo(Circle o) {
        return Integer.compare(radiusBits, o.radiusBits);
    }

    /**
     * @param <T> a number
     * @param m a map
     * @param xs ints
     * @return nothing
     * @throws IOException never
     */
    public <T extends Number & Comparable<T>> List<? super T> pick(Map<String, ? extends T> m, int... xs)
            throws IOException {
        return null;
    }

    /** @return an internal type, on purpose */
    public Leak leak() {
        return null;
    }

    private void secret() {}

    /** A visible nested type. */
    public static class Nested {
        /** @return lambdas inside must not show */
        public Runnable run() {
            return () -> secretStatic();
        }

        private static void secretStatic() {}
    }

    static class Hidden {
        public void notApi() {}
    }
}
