package org.katzenpost.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that needs the real local testnet ({@code scripts/testnet up}). Without a reachable
 * kpclientd its tests are reported as skipped, unless {@code KATZENPOST_IT_REQUIRED=1}, when they run and fail.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(TestnetCondition.class)
public @interface RequiresTestnet {}
