package org.katzenpost.thin;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.katzenpost.apicheck.ApiCheck;

/**
 * Fails when the compiled public API of this module differs from {@code thinclient/api/thinclient.api}, or when a public
 * signature names a type from an internal package not listed in {@code thinclient/api/thinclient.internal-leaks}.
 * Regenerate both with {@code -Dapi.update=true}; see docs/api-dump.md.
 */
class ApiDumpTest {
    @Test
    void publicApiMatchesTheCommittedDump() {
        Assumptions.assumeTrue(ApiCheck.verify("thinclient", ThinClient.class),
                "api.update=true: the dump was rewritten, not compared");
    }
}
