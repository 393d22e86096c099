package org.katzenpost.it;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an integration test class that stops, kills or restarts the shared kpclientd. {@link DisruptiveClassesLast}
 * runs such classes after every other class, so a daemon restart never lands in the middle of another test.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface DisruptsDaemon {
}
