package ch.tbd.kafka.backuprestore.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The fixture itself: that the in-JVM server speaks enough S3 for the connector, and checks signatures. */
class S3ServerTest {

    private static S3Server server;

    @BeforeAll
    static void startServer() {
        server = S3Server.start();
        server.createBucket("fixture");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void shouldStoreAndReturnObjectsAndCountWrites() {
        long before = server.objectWrites();
        server.client().putObject(b -> b.bucket("fixture").key("a/b/c.avro"), RequestBody.fromBytes(new byte[] {1, 2, 3}));

        assertThat(server.client().getObjectAsBytes(b -> b.bucket("fixture").key("a/b/c.avro")).asByteArray())
                .containsExactly(1, 2, 3);
        assertThat(server.client().listObjectsV2(b -> b.bucket("fixture").prefix("a/")).contents())
                .extracting(o -> o.key())
                .containsExactly("a/b/c.avro");
        assertThat(server.objectWrites()).isEqualTo(before + 1);
    }

    @Test
    void shouldCompleteMultipartUploads() {
        byte[] part1 = new byte[5 * 1024 * 1024];
        new Random(1).nextBytes(part1);
        byte[] part2 = {9, 8, 7};
        S3Client client = server.client();
        String uploadId = client.createMultipartUpload(b -> b.bucket("fixture").key("big")).uploadId();
        String etag1 = client.uploadPart(b -> b.bucket("fixture").key("big").uploadId(uploadId).partNumber(1),
                RequestBody.fromBytes(part1)).eTag();
        String etag2 = client.uploadPart(b -> b.bucket("fixture").key("big").uploadId(uploadId).partNumber(2),
                RequestBody.fromBytes(part2)).eTag();
        client.completeMultipartUpload(b -> b.bucket("fixture").key("big").uploadId(uploadId)
                .multipartUpload(m -> m.parts(
                        CompletedPart.builder().partNumber(1).eTag(etag1).build(),
                        CompletedPart.builder().partNumber(2).eTag(etag2).build())));

        byte[] stored = client.getObjectAsBytes(b -> b.bucket("fixture").key("big")).asByteArray();
        assertThat(stored).hasSize(part1.length + part2.length);
        assertThat(server.multipartUploads()).isEqualTo(1);
    }

    @Test
    void shouldLogReadsWithTheirRangeAndTheBytesServed() {
        byte[] content = new byte[100_000];
        new Random(2).nextBytes(content);
        server.client().putObject(b -> b.bucket("fixture").key("logged"), RequestBody.fromBytes(content));
        server.clearRequests();

        server.client().getObjectAsBytes(b -> b.bucket("fixture").key("logged"));
        server.client().getObjectAsBytes(b -> b.bucket("fixture").key("logged").range("bytes=0-999"));
        server.client().headObject(b -> b.bucket("fixture").key("logged"));
        server.client().listObjectsV2(b -> b.bucket("fixture").prefix("log"));

        assertThat(server.gets("fixture"))
                .extracting(S3Server.ObjectRequest::range, S3Server.ObjectRequest::bytesServed)
                .containsExactly(tuple(null, 100_000L), tuple("bytes=0-999", 1_000L));
        assertThat(server.requests())
                .extracting(S3Server.ObjectRequest::method)
                .containsExactly(S3Server.Method.GET, S3Server.Method.GET, S3Server.Method.HEAD, S3Server.Method.LIST);
    }

    @Test
    void shouldFlipOneByte() {
        server.client().putObject(b -> b.bucket("fixture").key("flipped"), RequestBody.fromBytes(new byte[] {1, 2, 3}));

        server.flipByte("fixture", "flipped", 1);

        assertThat(server.client().getObjectAsBytes(b -> b.bucket("fixture").key("flipped")).asByteArray())
                .containsExactly(1, ~2, 3);
    }

    @Test
    void shouldRejectWrongSecret() {
        try (S3Client wrong = S3Client.builder()
                .endpointOverride(server.endpoint())
                .region(Region.of(server.region()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(server.accessKey(), "not-the-secret")))
                .build()) {
            assertThatThrownBy(() -> wrong.listObjectsV2(b -> b.bucket("fixture")))
                    .isInstanceOf(S3Exception.class)
                    .extracting(e -> ((S3Exception) e).statusCode())
                    .isEqualTo(403);
        }
    }
}
