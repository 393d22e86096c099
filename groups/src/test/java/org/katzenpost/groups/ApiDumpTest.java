package org.katzenpost.groups;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.katzenpost.apicheck.ApiCheck;

/**
 * Fails when the compiled public API of this module differs from {@code groups/api/groups.api}, or when a public
 * signature names a type from an internal package not listed in {@code groups/api/groups.internal-leaks}.
 * Regenerate both with {@code -Dapi.update=true}; see docs/api-dump.md.
 */
class ApiDumpTest {
    @Test
    void publicApiMatchesTheCommittedDump() {
        Assumptions.assumeTrue(ApiCheck.verify("groups", GroupChannel.class),
                "api.update=true: the dump was rewritten, not compared");
    }
}
