package ch.tbd.kafka.backuprestore.storage.s3;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach a bucket. Credentials come, in this order of preference, from static keys, a named profile, or the AWS
 * SDK's default provider chain (environment, system properties, web identity, instance or container role).
 *
 * @param bucket           the bucket name
 * @param region           the signing region, for example {@code eu-central-1}
 * @param endpoint         an endpoint override for S3-compatible stores, or {@code null} for AWS
 * @param pathStyleAccess  address the bucket as {@code endpoint/bucket} rather than {@code bucket.endpoint}
 * @param profileName      a profile of the shared credentials file, or {@code null}
 * @param accessKeyId      a static access key id, or {@code null}
 * @param secretAccessKey  the secret that goes with {@code accessKeyId}, or {@code null}
 * @param sessionToken     a session token for temporary static credentials, or {@code null}
 * @param proxy            an HTTP(S) proxy between the client and S3, or {@code null}
 * @param proxyUser        the proxy user name, or {@code null}
 * @param proxyPassword    the proxy password, or {@code null}
 * @param encryption       server-side encryption of stored objects
 * @param partSizeBytes    size of the parts of a multipart upload; objects up to this size go in one request
 * @param apiCallTimeout   the time one S3 call may take, retries included
 * @param tls              trust store and client certificate for the connection, or {@link TlsSettings#none()}
 */
public record S3Settings(
        String bucket,
        String region,
        URI endpoint,
        boolean pathStyleAccess,
        String profileName,
        String accessKeyId,
        String secretAccessKey,
        String sessionToken,
        URI proxy,
        String proxyUser,
        String proxyPassword,
        ServerSideEncryption encryption,
        int partSizeBytes,
        Duration apiCallTimeout,
        TlsSettings tls) {

    /** S3 rejects multipart parts below 5 MiB, except the last. */
    public static final int MIN_PART_SIZE_BYTES = 5 * 1024 * 1024;

    public S3Settings {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(encryption, "encryption");
        Objects.requireNonNull(apiCallTimeout, "apiCallTimeout");
        Objects.requireNonNull(tls, "tls");
        if (partSizeBytes < MIN_PART_SIZE_BYTES) {
            throw new IllegalArgumentException("partSizeBytes must be at least " + MIN_PART_SIZE_BYTES);
        }
    }

    /** Settings with the JVM's own TLS trust and no client certificate. */
    public S3Settings(String bucket, String region, URI endpoint, boolean pathStyleAccess, String profileName,
            String accessKeyId, String secretAccessKey, String sessionToken, URI proxy, String proxyUser,
            String proxyPassword, ServerSideEncryption encryption, int partSizeBytes, Duration apiCallTimeout) {
        this(bucket, region, endpoint, pathStyleAccess, profileName, accessKeyId, secretAccessKey, sessionToken,
                proxy, proxyUser, proxyPassword, encryption, partSizeBytes, apiCallTimeout, TlsSettings.none());
    }

    /** Settings for a bucket with defaults for everything else: default credentials chain, no proxy. */
    public static S3Settings of(String bucket, String region) {
        return new S3Settings(bucket, region, null, false, null, null, null, null, null, null, null,
                ServerSideEncryption.none(), 8 * 1024 * 1024, Duration.ofMinutes(2));
    }

    public S3Settings withEndpoint(URI newEndpoint, boolean newPathStyleAccess) {
        return new S3Settings(bucket, region, newEndpoint, newPathStyleAccess, profileName, accessKeyId,
                secretAccessKey, sessionToken, proxy, proxyUser, proxyPassword, encryption, partSizeBytes,
                apiCallTimeout, tls);
    }

    public S3Settings withStaticCredentials(String newAccessKeyId, String newSecretAccessKey) {
        return new S3Settings(bucket, region, endpoint, pathStyleAccess, profileName, newAccessKeyId,
                newSecretAccessKey, sessionToken, proxy, proxyUser, proxyPassword, encryption, partSizeBytes,
                apiCallTimeout, tls);
    }

    public S3Settings withEncryption(ServerSideEncryption newEncryption) {
        return new S3Settings(bucket, region, endpoint, pathStyleAccess, profileName, accessKeyId,
                secretAccessKey, sessionToken, proxy, proxyUser, proxyPassword, newEncryption, partSizeBytes,
                apiCallTimeout, tls);
    }

    public S3Settings withPartSizeBytes(int newPartSizeBytes) {
        return new S3Settings(bucket, region, endpoint, pathStyleAccess, profileName, accessKeyId,
                secretAccessKey, sessionToken, proxy, proxyUser, proxyPassword, encryption, newPartSizeBytes,
                apiCallTimeout, tls);
    }

    public S3Settings withTls(TlsSettings newTls) {
        return new S3Settings(bucket, region, endpoint, pathStyleAccess, profileName, accessKeyId,
                secretAccessKey, sessionToken, proxy, proxyUser, proxyPassword, encryption, partSizeBytes,
                apiCallTimeout, newTls);
    }

    /** Never prints secrets. */
    @Override
    public String toString() {
        return "S3Settings[bucket=" + bucket + ", region=" + region + ", endpoint=" + endpoint
                + ", pathStyleAccess=" + pathStyleAccess + ", profileName=" + profileName
                + ", staticCredentials=" + (accessKeyId != null) + ", proxy=" + proxy
                + ", encryption=" + encryption.type() + ", partSizeBytes=" + partSizeBytes
                + (tls.isNone() ? "" : ", tls=" + tls) + "]";
    }
}
