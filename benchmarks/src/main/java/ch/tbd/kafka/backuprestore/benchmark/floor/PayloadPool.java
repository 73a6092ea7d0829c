package ch.tbd.kafka.backuprestore.benchmark.floor;

import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;

/**
 * A thousand keys, values and header values of the requested sizes, made once at the task's start and used in turn,
 * so that making records costs the task next to nothing. Their bytes do not matter: the converters pass bytes through
 * and the worker's producer does not compress.
 */
final class PayloadPool {

    private static final int SIZE = 1000;

    private final byte[][] keys;
    private final byte[][] values;
    private final List<String> headerNames;
    private final byte[][][] headerValues;

    /** @param headers {@code name:bytes} of every header */
    PayloadPool(int keyBytes, int valueBytes, List<String> headers) {
        SplittableRandom random = new SplittableRandom(SIZE);
        keys = fill(random, keyBytes);
        values = fill(random, valueBytes);
        headerNames = headers.stream().map(header -> header.substring(0, header.lastIndexOf(':'))).toList();
        headerValues = new byte[headers.size()][][];
        for (int h = 0; h < headers.size(); h++) {
            String header = headers.get(h);
            headerValues[h] = fill(random, Integer.parseInt(header.substring(header.lastIndexOf(':') + 1).trim()));
        }
    }

    byte[] key(long index) {
        return keys[slot(index)];
    }

    byte[] value(long index) {
        return values[slot(index)];
    }

    /** New headers for every record, as a connector that copies them from its input makes them. */
    ConnectHeaders headers(long index) {
        ConnectHeaders headers = new ConnectHeaders();
        int slot = slot(index);
        for (int h = 0; h < headerValues.length; h++) {
            headers.add(headerNames.get(h), headerValues[h][slot], Schema.OPTIONAL_BYTES_SCHEMA);
        }
        return headers;
    }

    private static int slot(long index) {
        return (int) (index % SIZE);
    }

    private static byte[][] fill(SplittableRandom random, int bytes) {
        byte[][] pool = new byte[SIZE][bytes];
        for (byte[] payload : pool) {
            for (int i = 0; i < bytes; i++) {
                payload[i] = (byte) ('a' + random.nextInt(26));
            }
        }
        return pool;
    }
}
