package org.katzenpost.it;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Enables {@link RequiresTestnet} classes only when the testnet's kpclientd answers, or when CI requires them. */
public final class TestnetCondition implements ExecutionCondition {
    /**
     * Ends a test that cannot run on this network: a failure when the testnet is required (CI), else a skip. Here
     * and not in {@link Testnet}, which scripts/soak compiles against the client jar alone, without JUnit.
     *
     * @param why what is missing, and how to provide it
     */
    public static void cannotRun(String why) {
        if (Testnet.required()) {
            throw new IllegalStateException(why);
        }
        org.junit.jupiter.api.Assumptions.abort(why);
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (Testnet.required()) {
            Testnet.awaitHealthyOnce();
            return ConditionEvaluationResult.enabled("KATZENPOST_IT_REQUIRED=1: integration tests must run");
        }
        String why = Testnet.unavailableReason();
        return why == null
                ? ConditionEvaluationResult.enabled("testnet reachable at " + Testnet.configPath())
                : ConditionEvaluationResult.disabled("no testnet: " + why
                        + " (start one with scripts/testnet up && scripts/testnet wait)");
    }
}
