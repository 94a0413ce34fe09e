package dev.moniker.wire;

/**
 * Strict UTF-8 (RFC 3629): no overlong encodings ({@code C0 AF}), no surrogate code points ({@code ED A0 80}), nothing
 * above U+10FFFF, no truncated sequences. A body that is not valid UTF-8 is refused rather than passed on, since a
 * provider (or a guardrail) could read it differently than the gateway did.
 */
public final class Utf8 {

    private Utf8() {
    }

    /** The offset of the first byte that is not valid UTF-8, or -1 when all of it is. */
    public static int firstInvalid(byte[] bytes) {
        int i = 0;
        int n = bytes.length;
        while (i < n) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                i++;
                continue;
            }
            int length;
            int min;
            if (b >= 0xC2 && b <= 0xDF) {
                length = 2;
                min = 0x80;
            } else if (b >= 0xE0 && b <= 0xEF) {
                length = 3;
                min = 0x800;
            } else if (b >= 0xF0 && b <= 0xF4) {
                length = 4;
                min = 0x10000;
            } else {
                return i; // a continuation byte first, C0/C1 (always overlong), or F5..FF
            }
            if (i + length > n) {
                return i;
            }
            int code = b & (0xFF >> (length + 1));
            for (int k = 1; k < length; k++) {
                int next = bytes[i + k] & 0xFF;
                if ((next & 0xC0) != 0x80) {
                    return i;
                }
                code = (code << 6) | (next & 0x3F);
            }
            if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
                return i;
            }
            i += length;
        }
        return -1;
    }
}
