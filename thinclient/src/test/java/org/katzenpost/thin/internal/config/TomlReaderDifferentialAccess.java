package org.katzenpost.thin.internal.config;

import com.fasterxml.jackson.databind.JsonNode;

/** Lets the fuzz target (another package) compare trees the way {@link TomlReaderDifferentialTest} does. */
public final class TomlReaderDifferentialAccess {
    private TomlReaderDifferentialAccess() {}

    /**
     * Our tree, comparable with {@link #jackson}'s.
     *
     * @param tree a tree from {@link TomlReader#parse}
     * @return plain maps, lists and values, date-times as a marker
     */
    public static Object normalise(Object tree) {
        return TomlReaderDifferentialTest.normalise(tree);
    }

    /**
     * Whether Jackson is known to misread the document (see {@link TomlReaderDifferentialTest#jacksonMisreads}).
     *
     * @param doc the document
     * @return true if the trees are not comparable
     */
    public static boolean jacksonMisreads(String doc) {
        return TomlReaderDifferentialTest.jacksonMisreads(doc);
    }

    /**
     * Jackson's tree as plain Java values.
     *
     * @param node Jackson's tree
     * @return plain maps, lists and values, date-times as a marker
     */
    public static Object jackson(JsonNode node) {
        return TomlReaderDifferentialTest.jackson(node);
    }
}
