package org.katzenpost.thin.pigeonhole;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.katzenpost.thin.DaemonErrorException;
import org.katzenpost.thin.PayloadTooLargeException;
import org.katzenpost.thin.RequestTimeoutException;
import org.katzenpost.thin.ThinClientException;
import org.katzenpost.thin.ThinErrorCode;

class ErrorMappingTest {
    private static final String OP = "start_resending_encrypted_message";
    private static final Courier COURIER = Courier.of(new byte[32], "courier");

    @Test
    void replicaCodesMatchPigeonholeErrorsGo() {
        String[] names = {"SUCCESS", "BOX_ID_NOT_FOUND", "INVALID_BOX_ID", "INVALID_SIGNATURE", "DATABASE_FAILURE",
            "INVALID_PAYLOAD", "STORAGE_FULL", "INTERNAL_ERROR", "INVALID_EPOCH", "REPLICATION_FAILED",
            "BOX_ALREADY_EXISTS", "TOMBSTONE"};
        assertThat(ReplicaErrorCode.values()).hasSize(12);
        for (int i = 0; i < names.length; i++) {
            ReplicaErrorCode c = ReplicaErrorCode.fromCode(i).orElseThrow();
            assertThat(c.name()).isEqualTo(names[i]);
            assertThat(c.code()).isEqualTo(i);
        }
        assertThat(ReplicaErrorCode.fromCode(12)).isEmpty();
        assertThat(ReplicaErrorCode.fromCode(-1)).isEmpty();
        assertThat(ReplicaErrorCode.describe(10)).isEqualTo("box already exists (replica code 10)");
        assertThat(ReplicaErrorCode.describe(99)).isEqualTo("unknown replica error code 99");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11})
    void resendCodesOneToElevenAreReplicaErrors(int code) {
        ThinClientException e = PigeonholeErrors.resend(OP, code, COURIER);
        assertThat(e).isExactlyInstanceOf(ReplicaErrorException.class);
        ReplicaErrorException r = (ReplicaErrorException) e;
        assertThat(r.rawCode()).isEqualTo(code);
        assertThat(r.code()).isEqualTo(ReplicaErrorCode.fromCode(code).orElseThrow());
        assertThat(r.courier()).contains(COURIER);
        assertThat(r.operation()).isEqualTo(OP);
        assertThat(r.getMessage()).startsWith(OP + " failed: ").contains("replica code " + code);
        assertThat(r.isExpectedOutcome()).isEqualTo(code == 1 || code == 10 || code == 11);
        assertThat(PigeonholeClient.isExpectedOutcome(r)).isEqualTo(code == 1 || code == 10 || code == 11);
    }

    /** docs/protocol.md#error-namespaces: 3 and 4 are read as replica codes, and the exception names the thin reading too. */
    @Test
    void threeAndFourAreAmbiguous() {
        ReplicaErrorException three = (ReplicaErrorException) PigeonholeErrors.resend(OP, 3, null);
        assertThat(three.code()).isEqualTo(ReplicaErrorCode.INVALID_SIGNATURE);
        assertThat(three.ambiguousThinCode()).contains(ThinErrorCode.INVALID_REQUEST);
        assertThat(three.getMessage()).contains("invalid signature").contains("invalid request")
                .contains("cannot be told apart");
        ReplicaErrorException four = (ReplicaErrorException) PigeonholeErrors.resend(OP, 4, null);
        assertThat(four.code()).isEqualTo(ReplicaErrorCode.DATABASE_FAILURE);
        assertThat(four.ambiguousThinCode()).contains(ThinErrorCode.INTERNAL_ERROR);
        assertThat(four.getMessage()).contains("database failure").contains("daemon internal error");
        assertThat(((ReplicaErrorException) PigeonholeErrors.resend(OP, 1, null)).ambiguousThinCode()).isEmpty();
        assertThat(((ReplicaErrorException) PigeonholeErrors.resend(OP, 11, null)).ambiguousThinCode()).isEmpty();
        assertThat(four.courier()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {12, 13, 22, 23, 25, 31, 32})
    void resendThinCodesAreDaemonErrors(int code) {
        ThinClientException e = PigeonholeErrors.resend(OP, code, COURIER);
        assertThat(e).isExactlyInstanceOf(DaemonErrorException.class);
        assertThat(((DaemonErrorException) e).rawCode()).isEqualTo(code);
        assertThat(((DaemonErrorException) e).code()).isEqualTo(ThinErrorCode.fromCode(code).orElseThrow());
        assertThat(PigeonholeClient.isExpectedOutcome(e)).isFalse();
    }

    @Test
    void cancelledIsItsOwnException() {
        ThinClientException e = PigeonholeErrors.resend(OP, 24, COURIER);
        assertThat(e).isInstanceOf(ResendingCancelledException.class).isInstanceOf(DaemonErrorException.class);
        assertThat(((ResendingCancelledException) e).code()).isEqualTo(ThinErrorCode.START_RESENDING_CANCELLED);
        assertThat(((ResendingCancelledException) e).courier()).contains(COURIER);
        assertThat(e).isNotInstanceOf(java.util.concurrent.CancellationException.class);
        ThinClientException copy = PigeonholeErrors.copy("start_resending_copy_command", 24, 0, 0);
        assertThat(copy).isInstanceOf(ResendingCancelledException.class);
        assertThat(((ResendingCancelledException) copy).courier()).isEmpty();
        assertThat(PigeonholeClient.isExpectedOutcome(e)).isFalse();
    }

    @Test
    void payloadTooLargeAndUnknownCodes() {
        assertThat(PigeonholeErrors.resend(OP, 27, null)).isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining("thin code 27");
        ThinClientException unknown = PigeonholeErrors.resend(OP, 200, null);
        assertThat(unknown).isExactlyInstanceOf(DaemonErrorException.class)
                .hasMessageContaining("unknown thin client error code 200");
        assertThat(((DaemonErrorException) unknown).code()).isNull();
        assertThat(((DaemonErrorException) unknown).rawCode()).isEqualTo(200);
    }

    @Test
    void copyCommandFailure() {
        ThinClientException e = PigeonholeErrors.copy("start_resending_copy_command", 26, 10, 3);
        assertThat(e).isInstanceOf(CopyCommandFailedException.class).isInstanceOf(DaemonErrorException.class);
        CopyCommandFailedException c = (CopyCommandFailedException) e;
        assertThat(c.code()).isEqualTo(ThinErrorCode.COPY_COMMAND_FAILED);
        assertThat(c.replicaErrorCode()).contains(ReplicaErrorCode.BOX_ALREADY_EXISTS);
        assertThat(c.rawReplicaErrorCode()).isEqualTo(10);
        assertThat(c.failedEnvelopeIndex()).hasValue(3);
        assertThat(c.getMessage()).contains("copy command failed").contains("box already exists")
                .contains("copy-stream element 3");
        assertThat(PigeonholeClient.isExpectedOutcome(c)).isFalse();

        CopyCommandFailedException none = (CopyCommandFailedException) PigeonholeErrors.copy("x", 26, 0, 0);
        assertThat(none.replicaErrorCode()).isEmpty();
        assertThat(none.failedEnvelopeIndex()).isEmpty();
        assertThat(none.getMessage()).contains("no replica reason");
        CopyCommandFailedException odd = (CopyCommandFailedException) PigeonholeErrors.copy("x", 26, 77, -1);
        assertThat(odd.replicaErrorCode()).isEmpty();
        assertThat(odd.rawReplicaErrorCode()).isEqualTo(77);
        assertThat(odd.getMessage()).contains("unknown replica error code 77").contains("18446744073709551615");

        assertThat(PigeonholeErrors.copy("x", 4, 0, 0)).isExactlyInstanceOf(DaemonErrorException.class);
        assertThat(PigeonholeErrors.copy("x", 3, 0, 0)).isExactlyInstanceOf(DaemonErrorException.class);
    }

    /** Outside the resend reply, every code is a thin code: 1–11 are not replica errors there. */
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 4, 10, 11, 22, 28, 29, 30})
    void otherRepliesUseTheThinNamespace(int code) {
        ThinClientException e = PigeonholeErrors.thin("voucher_induct", code);
        assertThat(e).isExactlyInstanceOf(DaemonErrorException.class);
        assertThat(((DaemonErrorException) e).rawCode()).isEqualTo(code);
        assertThat(e.getMessage()).startsWith("voucher_induct failed: ").contains("thin code " + code);
    }

    @Test
    void isExpectedOutcomeUnwrapsFutureWrappers() {
        ReplicaErrorException tomb = new ReplicaErrorException(OP, ReplicaErrorCode.TOMBSTONE);
        assertThat(PigeonholeClient.isExpectedOutcome(tomb)).isTrue();
        assertThat(PigeonholeClient.isExpectedOutcome(new CompletionException(tomb))).isTrue();
        assertThat(PigeonholeClient.isExpectedOutcome(new ExecutionException(new CompletionException(tomb)))).isTrue();
        assertThat(PigeonholeClient.isExpectedOutcome(
                new ReplicaErrorException(OP, ReplicaErrorCode.BOX_ID_NOT_FOUND))).isTrue();
        assertThat(PigeonholeClient.isExpectedOutcome(
                new ReplicaErrorException(OP, ReplicaErrorCode.BOX_ALREADY_EXISTS))).isTrue();
        assertThat(PigeonholeClient.isExpectedOutcome(
                new ReplicaErrorException(OP, ReplicaErrorCode.STORAGE_FULL))).isFalse();
        assertThat(PigeonholeClient.isExpectedOutcome(new RequestTimeoutException("t"))).isFalse();
        assertThat(PigeonholeClient.isExpectedOutcome(new RuntimeException("x"))).isFalse();
        assertThat(PigeonholeClient.isExpectedOutcome(new CompletionException(null))).isFalse();
        assertThat(PigeonholeClient.isExpectedOutcome(null)).isFalse();
        assertThat(ReplicaErrorCode.SUCCESS.isExpectedOutcome()).isFalse();
    }
}
