package dev.moniker.guardrail;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Personal data: e-mail addresses, phone numbers (libphonenumber, national US and international formats, only
 * numbers valid for their region), payment card numbers (Luhn-checked, with a card network's prefix and length),
 * IBANs (mod-97-checked), US social security numbers (written with separators, impossible groups excluded) and
 * IP addresses. Checksums, prefixes and validity rules keep an order number from being read as a card number.
 */
public final class PiiDetector implements Detector {

    static final String CATEGORY = "PII";

    private static final Pattern EMAIL = Pattern.compile(
            "(?<![\\w.+%-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.[A-Za-z]{2,24}(?![\\w-])");
    private static final Pattern CARD = Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])");
    private static final Pattern IBAN = Pattern.compile("(?<![A-Za-z0-9])[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])");
    private static final Pattern SSN = Pattern.compile("(?<![\\d-])(\\d{3})([- ])(\\d{2})\\2(\\d{4})(?![\\d-])");
    private static final Pattern IPV4 = Pattern.compile(
            "(?<![\\w.])(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}(?![\\w.])");
    private static final Pattern IPV6 = Pattern.compile("(?<![\\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\\w:])");

    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

    /**
     * Each pattern runs only when the text has what every match of it needs (an {@code @}, enough digits, a colon):
     * one pass counts the digits, so ordinary prose costs a scan, not seven regular expressions and a phone parser.
     */
    @Override
    public List<Finding> find(String text) {
        List<Finding> found = new ArrayList<>();
        int digits = digits(text);
        if (text.indexOf('@') >= 0) {
            matches(EMAIL, text, "email_address", found);
        }
        if (digits >= 13) {
            cards(text, found);
        }
        if (digits >= 8) {
            ibans(text, found);
        }
        if (digits >= 9) {
            ssns(text, found);
        }
        if (digits >= 4 && text.indexOf('.') >= 0) {
            matches(IPV4, text, "ip_address", found);
        }
        if (text.indexOf(':') >= 0) {
            ipv6(text, found);
        }
        if (digits >= 7) {
            phones(text, found);
        }
        return found.isEmpty() ? found : Findings.disjoint(found);
    }

    /**
     * The text's digits, counted up to 13 (the most any prefilter asks for): one vectorised {@code indexOf} pass per
     * digit, not a loop over every character, since prose has few digits and prompts are long.
     */
    private static int digits(String text) {
        int count = 0;
        if (text.length() <= 64) { // a stream's window: one pass costs less than ten searches
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c >= '0' && c <= '9' && ++count >= 13) {
                    return count;
                }
            }
            return count;
        }
        for (char digit = '0'; digit <= '9'; digit++) {
            for (int i = text.indexOf(digit); i >= 0; i = text.indexOf(digit, i + 1)) {
                if (++count >= 13) {
                    return count;
                }
            }
        }
        return count;
    }

    private static void matches(Pattern pattern, String text, String type, List<Finding> found) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(new Finding(CATEGORY, type, m.start(), m.end()));
        }
    }

    private static void cards(String text, List<Finding> found) {
        Matcher m = CARD.matcher(text);
        while (m.find()) {
            String digits = m.group().replaceAll("[ -]", "");
            if (Checksums.luhn(digits) && cardNetwork(digits)) {
                found.add(new Finding(CATEGORY, "credit_card_number", m.start(), m.end()));
            }
        }
    }

    /** A known network's prefix with one of its lengths: Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay. */
    static boolean cardNetwork(String digits) {
        int length = digits.length();
        int two = Integer.parseInt(digits.substring(0, 2));
        int four = Integer.parseInt(digits.substring(0, 4));
        if (digits.charAt(0) == '4') {
            return length == 13 || length == 16 || length == 19;
        }
        if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) {
            return length == 16;
        }
        if (two == 34 || two == 37) {
            return length == 15;
        }
        if (four == 6011 || two == 65 || (four >= 6440 && four <= 6499)) {
            return length >= 16 && length <= 19;
        }
        if (four >= 3528 && four <= 3589) {
            return length >= 16 && length <= 19;
        }
        if (two == 36 || two == 38 || (four >= 3000 && four <= 3059)) {
            return length >= 14 && length <= 19;
        }
        return two == 62 && length >= 16 && length <= 19;
    }

    private static void ibans(String text, List<Finding> found) {
        Matcher m = IBAN.matcher(text);
        while (m.find()) {
            if (Checksums.iban(m.group().replace(" ", ""))) {
                found.add(new Finding(CATEGORY, "iban", m.start(), m.end()));
            }
        }
    }

    /** Area 000, 666 and 900-999, group 00 and serial 0000 are never issued. */
    private static void ssns(String text, List<Finding> found) {
        Matcher m = SSN.matcher(text);
        while (m.find()) {
            int area = Integer.parseInt(m.group(1));
            if (area != 0 && area != 666 && area < 900 && !m.group(3).equals("00") && !m.group(4).equals("0000")) {
                found.add(new Finding(CATEGORY, "us_social_security_number", m.start(), m.end()));
            }
        }
    }

    private static void ipv6(String text, List<Finding> found) {
        Matcher m = IPV6.matcher(text);
        while (m.find()) {
            if (Checksums.ipv6(m.group())) {
                found.add(new Finding(CATEGORY, "ip_address", m.start(), m.end()));
            }
        }
    }

    private void phones(String text, List<Finding> found) {
        for (PhoneNumberMatch match : phones.findNumbers(text, "US", PhoneNumberUtil.Leniency.VALID, Long.MAX_VALUE)) {
            found.add(new Finding(CATEGORY, "phone_number", match.start(), match.end()));
        }
    }
}
