package ch.tbd.kafka.backuprestore.storage;

import java.io.IOException;
import java.security.cert.CertificateException;
import java.util.Set;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * A TLS failure that needs a person: a certificate this side does not trust or that names another host, a client
 * certificate the store refuses, a handshake the two sides cannot agree on. No retry changes any of these, and the
 * AWS SDK reports them as I/O errors, which would otherwise be retried until the retry timeout.
 *
 * <p>A connection that breaks during the handshake (a reset, an end of stream) is a network failure like any other,
 * not one of these, and may pass. With TLS 1.3 a server checks the client's certificate only after the client has
 * finished its handshake, so its refusal can race with the client's request and reach the client as a broken pipe
 * instead of an alert; the AWS SDK keeps the failures of its earlier attempts of a call as suppressed exceptions, so
 * those are searched too, and one attempt that saw the alert is enough.
 */
enum TlsFailure {

    UNTRUSTED_CERTIFICATE("TLS: the store's certificate is not trusted. For a store with a certificate from a private"
            + " CA, set s3.ssl.truststore.location (and s3.ssl.truststore.password) to a trust store that holds that"
            + " CA's certificate; if it is set, check that it holds the CA that signed the certificate of this"
            + " endpoint, and that the certificate has not expired"),
    HOST_NAME_MISMATCH("TLS: the store's certificate is not made out to the host of this endpoint: use a host name"
            + " that the certificate names in s3.endpoint.url, or a certificate that names this host; the trust store"
            + " (s3.ssl.truststore.location) is not what is wrong"),
    CLIENT_CERTIFICATE_REFUSED("TLS: the store refused the client certificate, or requires one: check"
            + " s3.ssl.keystore.location (its certificate must be one the store trusts) and that the store trusts"
            + " the CA that signed it"),
    HANDSHAKE_FAILED("TLS: the handshake with the store failed: check that the endpoint speaks https on this port,"
            + " and s3.ssl.truststore.location and s3.ssl.keystore.location");

    /** Alerts a server sends when it does not accept the client's certificate, or that there is none. */
    private static final Set<String> CLIENT_CERTIFICATE_ALERTS = Set.of(
            "bad_certificate", "certificate_required", "certificate_unknown", "unknown_ca", "unsupported_certificate",
            "certificate_revoked", "certificate_expired", "access_denied");
    private static final String RECEIVED_ALERT = "Received fatal alert: ";

    private final String hint;

    TlsFailure(String hint) {
        this.hint = hint;
    }

    /** What to check, naming the settings that can fix it. */
    String hint() {
        return hint;
    }

    /**
     * The TLS failure in {@code failure}'s causes, or in those of the failed attempts it carries as suppressed
     * exceptions, that needs a person; {@code null} when there is none.
     */
    static TlsFailure of(Throwable failure) {
        TlsFailure found = inCauses(failure);
        for (Throwable cause = failure; found == null && cause != null; cause = cause.getCause()) {
            for (Throwable attempt : cause.getSuppressed()) {
                found = inCauses(attempt);
                if (found != null) {
                    break;
                }
            }
        }
        return found;
    }

    /**
     * Whether the connection broke during the TLS handshake. That is a network failure, but it is also how a store
     * that requires a client certificate refuses one that is missing or not trusted, often: the store sends its alert
     * and closes while the client still writes its part of the handshake, the close resets the connection, and the
     * alert is lost. So it may pass, and its message says what to check if it does not.
     */
    static boolean brokeDuringHandshake(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLHandshakeException && cause.getCause() instanceof IOException) {
                return true;
            }
            if (cause instanceof IOException && !(cause instanceof SSLException) && inHandshake(cause)) {
                return true;
            }
        }
        return false;
    }

    private static boolean inHandshake(Throwable failure) {
        for (StackTraceElement frame : failure.getStackTrace()) {
            if (frame.getMethodName().equals("startHandshake")) {
                return true;
            }
        }
        return false;
    }

    private static TlsFailure inCauses(Throwable failure) {
        boolean tls = false;
        boolean handshake = false;
        boolean brokenConnection = false;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLPeerUnverifiedException) {
                return HOST_NAME_MISMATCH;
            }
            if (cause instanceof CertificateException && tls) {
                return UNTRUSTED_CERTIFICATE;
            }
            if (cause instanceof SSLException sslException) {
                tls = true;
                handshake |= sslException instanceof SSLHandshakeException;
                if (isClientCertificateAlert(sslException.getMessage())) {
                    return CLIENT_CERTIFICATE_REFUSED;
                }
            } else if (cause instanceof IOException && tls) {
                brokenConnection = true;
            }
        }
        return handshake && !brokenConnection ? HANDSHAKE_FAILED : null;
    }

    private static boolean isClientCertificateAlert(String message) {
        if (message == null || !message.startsWith(RECEIVED_ALERT)) {
            return false;
        }
        return CLIENT_CERTIFICATE_ALERTS.contains(message.substring(RECEIVED_ALERT.length()).trim());
    }
}
