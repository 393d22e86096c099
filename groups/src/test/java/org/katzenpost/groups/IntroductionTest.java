package org.katzenpost.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.katzenpost.thin.pigeonhole.Blake2b256;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.ReadCap;

class IntroductionTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    static ReadCap randomCap() {
        byte[] b = new byte[ReadCap.LENGTH];
        RANDOM.nextBytes(b);
        return ReadCap.of(b);
    }

    static MessageBoxIndex randomIndex() {
        byte[] b = new byte[MessageBoxIndex.LENGTH];
        RANDOM.nextBytes(b);
        return MessageBoxIndex.of(b);
    }

    @Test
    void bytesAndTextRoundTrip() {
        ReadCap cap = randomCap();
        for (Introduction i : new Introduction[] {
                Introduction.of("Alice Ünïcode", cap, cap.firstIndex()),
                Introduction.of("bob", cap, randomIndex())}) {
            assertThat(Introduction.fromBytes(i.toBytes())).isEqualTo(i);
            assertThat(Introduction.fromText(i.toText())).isEqualTo(i);
            assertThat(Introduction.fromText(i.toText().toLowerCase())).as("any case").isEqualTo(i);
            String wrapped = i.toText().replaceAll("(.{60})", "$1\n");
            assertThat(Introduction.fromText(wrapped)).as("line breaks ignored").isEqualTo(i);
        }
    }

    @Test
    void textFitsAQrCodeInAlphanumericMode() {
        ReadCap cap = randomCap();
        String fromStart = Introduction.of("alice", cap, cap.firstIndex()).toText();
        String fromLater = Introduction.of("alice", cap, randomIndex()).toText();
        // QR alphanumeric mode: 0-9 A-Z space $ % * + - . / :
        assertThat(fromStart).matches("[0-9A-Z $%*+\\-./:]+");
        assertThat(fromLater).matches("[0-9A-Z $%*+\\-./:]+");
        // version 10 at error correction M holds 311 alphanumeric characters, version 13 at M 483
        assertThat(fromStart.length()).isLessThanOrEqualTo(311);
        assertThat(fromLater.length()).isLessThanOrEqualTo(483);
    }

    @Test
    void memberIdIsTheBlake2b256OfTheReadCap() {
        ReadCap cap = randomCap();
        byte[] want = Blake2b256.digest(cap.toBytes());
        Introduction i = Introduction.of("a", cap, randomIndex());
        assertThat(i.memberId().toBytes()).isEqualTo(want);
        assertThat(MemberId.fromHex(i.memberId().toHex())).isEqualTo(i.memberId());
        assertThat(Introduction.of("a", randomCap(), randomIndex()).memberId()).isNotEqualTo(i.memberId());
    }

    @Test
    void typosAndGarbageAreTypedErrors() {
        ReadCap cap = randomCap();
        String text = Introduction.of("alice", cap, cap.firstIndex()).toText();
        int at = Introduction.TEXT_PREFIX.length() + 20;
        char c = text.charAt(at);
        String typo = text.substring(0, at) + (c == 'A' ? 'B' : 'A') + text.substring(at + 1);
        assertThatThrownBy(() -> Introduction.fromText(typo)).isInstanceOf(IntroductionFormatException.class)
                .hasMessageContaining("checksum");
        assertThatThrownBy(() -> Introduction.fromText(text.substring(0, text.length() - 7)))
                .isInstanceOf(IntroductionFormatException.class);
        assertThatThrownBy(() -> Introduction.fromText("hello")).isInstanceOf(IntroductionFormatException.class);
        assertThatThrownBy(() -> Introduction.fromText(Introduction.TEXT_PREFIX + "!!"))
                .isInstanceOf(IntroductionFormatException.class);
        assertThatThrownBy(() -> Introduction.fromBytes(new byte[] {1, 2, 3}))
                .isInstanceOf(IntroductionFormatException.class);
        byte[] bytes = Introduction.of("alice", cap, cap.firstIndex()).toBytes();
        assertThatThrownBy(() -> Introduction.fromBytes(Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(IntroductionFormatException.class);
        assertThatThrownBy(() -> Introduction.of("a\nb", cap, cap.firstIndex()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Introduction.of("x".repeat(65), cap, cap.firstIndex()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringShowsNoSecret() {
        ReadCap cap = randomCap();
        Introduction i = Introduction.of("alice", cap, cap.firstIndex());
        assertThat(i.toString()).contains("alice").doesNotContain(cap.toBase64())
                .doesNotContain(i.toText().substring(Introduction.TEXT_PREFIX.length(), 40));
    }

    @Test
    void aRotatedMemberKeepsTheirIdInTheirIntroduction() {
        ReadCap first = randomCap();
        ReadCap now = randomCap();
        MemberId id = MemberId.of(first);
        Introduction i = Introduction.of("alice", now, now.firstIndex(), id);
        assertThat(i.memberId()).isEqualTo(id).isNotEqualTo(MemberId.of(now));
        assertThat(Introduction.fromText(i.toText()).memberId()).isEqualTo(id);
        assertThat(Introduction.fromBytes(i.toBytes())).isEqualTo(i);
        assertThat(Introduction.of("alice", now, now.firstIndex(), MemberId.of(now)).toBytes())
                .as("the id is left out when it is the cap's hash")
                .isEqualTo(Introduction.of("alice", now, now.firstIndex()).toBytes());
    }

    /** A fixed cap: bytes 0, 1, ..., 135. */
    private static ReadCap countingCap() {
        byte[] b = new byte[ReadCap.LENGTH];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) i;
        }
        return ReadCap.of(b);
    }

    @Test
    void memberIdsAndTextChecksumsStayByteIdentical() {
        // computed with BouncyCastle's Blake2bDigest(256) before groups moved to the thin client's BLAKE2b
        assertThat(MemberId.of(countingCap()).toHex())
                .isEqualTo("6a35d3dadc62dfe7819519f92181b2f8d38f5e0ed3d51a22cf8a133ab628d6f4");
        ReadCap cap = countingCap();
        assertThat(Introduction.of("alice", cap, cap.firstIndex()).toText()).isEqualTo(INTRO_VECTOR);
    }

    private static final String INTRO_VECTOR = "KATZEN-INTRO1:UNQXMALBNZSWC3DJMNSWC4SYRAAACAQDAQCQMBYIBEFAWDANBYHRAEISCMKBKFQXDAMRUGY4DUPB6IBBEIRSIJJGE4UCSKRLFQWS4LZQGEZDGNBVGY3TQOJ2HM6D2PR7IBAUEQ2EIVDEOSCJJJFUYTKOJ5IFCUSTKRKVMV2YLFNFWXC5LZPWAYLCMNSGKZTHNBUWU23MNVXG64DROJZXI5LWO54HS6T3PR6X474AQGBIHBEFQ2DVOV6C2U";
}
