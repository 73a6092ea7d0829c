package ch.tbd.kafka.backuprestore.benchmark;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Values that look like the JSON events of a shop: repeated field names, a small vocabulary, random numbers. They
 * compress about as well as real ones do, unlike the random bytes of Kafka's performance tools, so the codec's cost
 * and gain in the backup are realistic.
 */
final class JsonLikeValues {

    static final int MIN_BYTES = 128;

    private static final String[] STATUSES = {"CREATED", "PAID", "PACKED", "SHIPPED", "DELIVERED", "RETURNED"};
    private static final String[] COUNTRIES = {"CH", "DE", "AT", "FR", "IT", "NL", "SE", "US"};
    private static final String[] WORDS = {"fast", "delivery", "gift", "wrap", "please", "call", "before",
        "arrival", "leave", "at", "door", "second", "floor", "thank", "you", "express", "fragile", "handle", "with",
        "care"};

    private JsonLikeValues() {}

    /** The value of record {@code index}: always the same bytes for the same index, exactly {@code size} long. */
    static byte[] value(long index, int size) {
        if (size < MIN_BYTES) {
            throw new IllegalArgumentException("a value needs at least " + MIN_BYTES + " bytes");
        }
        SplittableRandom random = new SplittableRandom(index);
        StringBuilder json = new StringBuilder(size + 64);
        json.append("{\"orderId\":").append(index)
                .append(",\"customer\":\"customer-").append(random.nextInt(100_000)).append('"')
                .append(",\"country\":\"").append(COUNTRIES[random.nextInt(COUNTRIES.length)]).append('"')
                .append(",\"status\":\"").append(STATUSES[random.nextInt(STATUSES.length)]).append('"')
                .append(",\"items\":[");
        // Items while there is room for one more and the closing note; the note fills the rest to the exact size.
        int items = 0;
        while (json.length() + 90 < size - 16) {
            if (items++ > 0) {
                json.append(',');
            }
            json.append("{\"sku\":\"SKU-").append(random.nextInt(10_000))
                    .append("\",\"quantity\":").append(1 + random.nextInt(9))
                    .append(",\"unitPrice\":").append(random.nextInt(500)).append('.').append(random.nextInt(10))
                    .append(random.nextInt(10)).append('}');
        }
        json.append("],\"note\":\"");
        int end = size - 2;
        while (json.length() < end) {
            json.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
        }
        json.setLength(Math.min(json.length(), end));
        json.append("\"}");
        byte[] bytes = json.toString().getBytes(StandardCharsets.US_ASCII);
        if (bytes.length != size) {
            // Only when the fixed fields alone outgrow a small size: cut, it stays JSON-like enough.
            byte[] exact = new byte[size];
            System.arraycopy(bytes, 0, exact, 0, Math.min(size, bytes.length));
            return exact;
        }
        return bytes;
    }
}
