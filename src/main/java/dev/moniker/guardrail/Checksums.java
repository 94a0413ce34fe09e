package dev.moniker.guardrail;

import java.math.BigInteger;

/** The check digits that tell a real identifier from a number of the same shape. */
final class Checksums {

    private static final BigInteger NINETY_SEVEN = BigInteger.valueOf(97);

    private Checksums() {
    }

    /** The Luhn (mod 10) check of payment card numbers. */
    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    /** ISO 13616: the country and check digits moved to the end, letters as 10..35, the number mod 97 is 1. */
    static boolean iban(String iban) {
        if (iban.length() < 15 || iban.length() > 34) {
            return false;
        }
        String moved = iban.substring(4) + iban.substring(0, 4);
        StringBuilder number = new StringBuilder(moved.length() * 2);
        for (char c : moved.toCharArray()) {
            if (Character.isDigit(c)) {
                number.append(c);
            } else if (c >= 'A' && c <= 'Z') {
                number.append(c - 'A' + 10);
            } else {
                return false;
            }
        }
        return new BigInteger(number.toString()).mod(NINETY_SEVEN).intValue() == 1;
    }

    /** A full IPv6 address, or a {@code ::}-compressed one with at least three groups (not a clock time, not {@code a::b}). */
    static boolean ipv6(String candidate) {
        int compressions = candidate.split("::", -1).length - 1;
        if (compressions > 1 || candidate.contains(":::")) {
            return false;
        }
        String[] groups = candidate.replace("::", ":x:").split(":", -1);
        int real = 0;
        for (String group : groups) {
            if (group.equals("x")) {
                continue;
            }
            if (group.isEmpty()) {
                if (compressions == 0) {
                    return false;
                }
                continue;
            }
            if (group.length() > 4) {
                return false;
            }
            real++;
        }
        return compressions == 0 ? real == 8 : real >= 3 && real <= 7;
    }
}
