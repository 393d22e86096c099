package org.katzenpost.it;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Enables {@link RequiresTestnet} classes only when the testnet's kpclientd answers, or when CI requires them. */
public final class TestnetCondition implements ExecutionCondition {
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
