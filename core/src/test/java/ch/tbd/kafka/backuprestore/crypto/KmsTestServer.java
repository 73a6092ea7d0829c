package ch.tbd.kafka.backuprestore.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A stand-in for AWS KMS that speaks its wire protocol (AWS JSON 1.1, {@code TrentService.Encrypt} and
 * {@code TrentService.Decrypt}) so that the real SDK client is tested end to end: keys by id or alias, ciphertext blobs
 * that name their key and are bound to the encryption context, and KMS's errors by their {@code __type}. No KMS
 * emulator can be installed on the build machines; this covers what {@link KmsKeys} uses of KMS, and no more.
 */
public final class KmsTestServer implements AutoCloseable {

    public static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAKMSTEST", "kms-test-secret"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer server;
    private final Map<String, byte[]> keys = new ConcurrentHashMap<>();
    private final Map<String, String> aliases = new ConcurrentHashMap<>();
    private final Set<String> disabled = ConcurrentHashMap.newKeySet();
    private final AtomicInteger encrypts = new AtomicInteger();
    private final AtomicInteger decrypts = new AtomicInteger();
    private final AtomicInteger throttleNext = new AtomicInteger();

    private KmsTestServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public static KmsTestServer start() throws IOException {
        return new KmsTestServer();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Creates a key under {@code alias} ({@code alias/NAME}); returns its ARN. */
    public String createKey(String alias) {
        String id = java.util.UUID.randomUUID().toString();
        byte[] material = new byte[32];
        RANDOM.nextBytes(material);
        String arn = "arn:aws:kms:eu-central-1:111122223333:key/" + id;
        keys.put(arn, material);
        aliases.put(alias, arn);
        return arn;
    }

    public void disable(String arn) {
        disabled.add(arn);
    }

    /** The next {@code requests} requests are answered with a ThrottlingException. */
    public void throttleNext(int requests) {
        throttleNext.set(requests);
    }

    public int encrypts() {
        return encrypts.get();
    }

    public int decrypts() {
        return decrypts.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                answer(exchange, 400, error("ThrottlingException", "Rate exceeded"));
                return;
            }
            switch (target == null ? "" : target) {
                case "TrentService.Encrypt" -> encrypt(exchange, request);
                case "TrentService.Decrypt" -> decrypt(exchange, request);
                default -> answer(exchange, 400, error("UnsupportedOperationException", "not here: " + target));
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            answer(exchange, 500, error("KMSInternalException", e.toString()));
        }
    }

    private void encrypt(HttpExchange exchange, JsonNode request) throws IOException, GeneralSecurityException {
        encrypts.incrementAndGet();
        String keyId = request.path("KeyId").asText();
        String arn = aliases.getOrDefault(keyId, keyId);
        if (!keys.containsKey(arn)) {
            answer(exchange, 400, error("NotFoundException", "Key '" + keyId + "' does not exist"));
            return;
        }
        if (disabled.contains(arn)) {
            answer(exchange, 400, error("DisabledException", arn + " is disabled."));
            return;
        }
        byte[] plaintext = Base64.getDecoder().decode(request.path("Plaintext").asText());
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        Cipher cipher = cipher(Cipher.ENCRYPT_MODE, arn, nonce, request.path("EncryptionContext"));
        byte[] sealed = cipher.doFinal(plaintext);
        byte[] arnBytes = arn.getBytes(StandardCharsets.UTF_8);
        ByteBuffer blob = ByteBuffer.allocate(2 + arnBytes.length + nonce.length + sealed.length);
        blob.putShort((short) arnBytes.length).put(arnBytes).put(nonce).put(sealed);
        ObjectNode response = JSON.createObjectNode();
        response.put("CiphertextBlob", Base64.getEncoder().encodeToString(blob.array()));
        response.put("KeyId", arn);
        response.put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
        answer(exchange, 200, response);
    }

    private void decrypt(HttpExchange exchange, JsonNode request) throws IOException {
        decrypts.incrementAndGet();
        ByteBuffer blob = ByteBuffer.wrap(Base64.getDecoder().decode(request.path("CiphertextBlob").asText()));
        String arn;
        byte[] nonce = new byte[12];
        byte[] sealed;
        try {
            byte[] arnBytes = new byte[blob.getShort()];
            blob.get(arnBytes).get(nonce);
            arn = new String(arnBytes, StandardCharsets.UTF_8);
            sealed = new byte[blob.remaining()];
            blob.get(sealed);
        } catch (RuntimeException e) {
            answer(exchange, 400, error("InvalidCiphertextException", null));
            return;
        }
        if (!keys.containsKey(arn)) {
            answer(exchange, 400, error("InvalidCiphertextException", null));
            return;
        }
        if (disabled.contains(arn)) {
            answer(exchange, 400, error("DisabledException", arn + " is disabled."));
            return;
        }
        try {
            byte[] plaintext = cipher(Cipher.DECRYPT_MODE, arn, nonce, request.path("EncryptionContext"))
                    .doFinal(sealed);
            ObjectNode response = JSON.createObjectNode();
            response.put("Plaintext", Base64.getEncoder().encodeToString(plaintext));
            response.put("KeyId", arn);
            response.put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
            answer(exchange, 200, response);
        } catch (GeneralSecurityException e) {
            answer(exchange, 400, error("InvalidCiphertextException", null));
        }
    }

    private Cipher cipher(int mode, String arn, byte[] nonce, JsonNode context) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(keys.get(arn), "AES"), new GCMParameterSpec(128, nonce));
        // The context is bound to the ciphertext, in a stable order.
        cipher.updateAAD(new java.util.TreeMap<>(JSON.convertValue(context.isMissingNode() ? JSON.createObjectNode()
                : context, Map.class)).toString().getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private static ObjectNode error(String type, String message) {
        ObjectNode error = JSON.createObjectNode();
        error.put("__type", type);
        if (message != null) {
            error.put("message", message);
        }
        return error;
    }

    private static void answer(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
