package org.katzenpost.groups;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The name {@link CborEventCodec} writes for a record of a sealed event hierarchy (default: the record's simple
 * class name). Give one to keep old events readable when a record is renamed.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {
    /**
     * The name on the wire.
     *
     * @return the name
     */
    String value();
}
