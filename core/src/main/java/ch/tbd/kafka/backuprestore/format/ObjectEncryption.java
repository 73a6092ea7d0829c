package ch.tbd.kafka.backuprestore.format;

import ch.tbd.kafka.backuprestore.crypto.ObjectCipher;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How an object's blocks are encrypted, as its header says in {@code kafka.backup.encryption}:
 * {@code algorithm=AES-256-GCM;key=KEY_ID;codec=zstandard;data-key=BASE64}. The data key is there only wrapped by the
 * key of that id; the key itself never is. The object's other metadata (topic, partition, offsets, counts, timestamps,
 * block table and index) stays readable without the key, so that listing, planning and point-in-time reads need none;
 * the records (keys, values, headers) are encrypted.
 *
 * @param keyId      the key that wrapped the data key
 * @param codec      the compression under the encryption, by its Avro name
 * @param wrappedKey the object's data key, wrapped
 */
public record ObjectEncryption(String keyId, String codec, byte[] wrappedKey) {

    /** The codec name an encrypted object's Avro header gives: Avro's own readers refuse it instead of misreading. */
    public static final String AVRO_CODEC = "kafka-backup-encrypted";

    static ObjectEncryption of(ObjectCipher cipher, Codec codec) {
        return new ObjectEncryption(cipher.keyId(), codec.avroName(), cipher.wrappedKey());
    }

    String toMeta() {
        return "algorithm=" + ObjectCipher.ALGORITHM + ";key=" + keyId + ";codec=" + codec + ";data-key="
                + Base64.getEncoder().encodeToString(wrappedKey);
    }

    static ObjectEncryption parse(String meta, String objectName) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : meta.split(";")) {
            int equals = field.indexOf('=');
            if (equals > 0) {
                fields.put(field.substring(0, equals), field.substring(equals + 1));
            }
        }
        if (!ObjectCipher.ALGORITHM.equals(fields.get("algorithm"))) {
            throw new CorruptObjectException(objectName, "is encrypted with '" + fields.get("algorithm")
                    + "', which this release does not read (it reads " + ObjectCipher.ALGORITHM + ")");
        }
        try {
            return new ObjectEncryption(required(fields, "key", objectName), required(fields, "codec", objectName),
                    Base64.getDecoder().decode(required(fields, "data-key", objectName)));
        } catch (IllegalArgumentException e) {
            throw new CorruptObjectException(objectName, "has an unreadable data key in its header", e);
        }
    }

    private static String required(Map<String, String> fields, String name, String objectName) {
        String value = fields.get(name);
        if (value == null || value.isEmpty()) {
            throw new CorruptObjectException(objectName, "has encryption metadata without its '" + name + "'");
        }
        return value;
    }

    /** The cipher that reads the object, with the data key unwrapped by the ring's key. */
    ObjectCipher cipher(ch.tbd.kafka.backuprestore.crypto.KeyRing ring, String objectName) {
        return ObjectCipher.forObject(ring, keyId, wrappedKey, objectName);
    }
}
