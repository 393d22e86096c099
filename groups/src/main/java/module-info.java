/**
 * Typed event channels, group channels, group chat and replicated state on the store module's crash-safe
 * Pigeonhole channels. Start with {@link org.katzenpost.groups.EventChannel}.
 *
 * <p>Event types are application records read and made by reflection: on the module path, their package must be
 * exported (or opened) to this module.
 */
module org.katzenpost.groups {
    // public signatures name the store's channels and the thin client's types
    requires transitive org.katzenpost.store;
    requires transitive org.katzenpost.thin;
    requires org.slf4j;

    exports org.katzenpost.groups;
}
