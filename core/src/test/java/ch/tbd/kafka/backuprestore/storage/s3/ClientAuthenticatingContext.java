package ch.tbd.kafka.backuprestore.storage.s3;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * A server's {@link SSLContext} whose every connection requires a client certificate that its trust managers trust.
 *
 * <p>s3proxy takes an {@code SSLContext} but has no setting for client authentication; Jetty, underneath, keeps the
 * client authentication of the engines the context makes when it is not told otherwise. So this context makes
 * engines that need a client certificate.
 *
 * <p>Its engines speak only the given protocol. With TLS 1.2 the server refuses a client inside the client's handshake,
 * which the client sees as an alert or as a connection broken in the handshake; with TLS 1.3 the refusal comes after
 * the client's handshake, and the client may see no more than a connection broken while it sends its request.
 */
final class ClientAuthenticatingContext extends SSLContext {

    private ClientAuthenticatingContext(SSLContext delegate, String protocol) {
        super(new Spi(delegate, protocol), delegate.getProvider(), delegate.getProtocol());
    }

    /**
     * A context presenting {@code keyManagers}, trusting only clients that {@code trustManagers} trust, and speaking
     * only {@code protocol}, such as {@code TLSv1.2}.
     */
    static SSLContext of(KeyManager[] keyManagers, TrustManager[] trustManagers, String protocol)
            throws Exception {
        SSLContext delegate = SSLContext.getInstance("TLS");
        delegate.init(keyManagers, trustManagers, new SecureRandom());
        return new ClientAuthenticatingContext(delegate, protocol);
    }

    private static final class Spi extends SSLContextSpi {

        private final SSLContext delegate;
        private final String protocol;

        Spi(SSLContext delegate, String protocol) {
            this.delegate = delegate;
            this.protocol = protocol;
        }

        @Override
        protected void engineInit(KeyManager[] keyManagers, TrustManager[] trustManagers, SecureRandom random)
                throws KeyManagementException {
            throw new KeyManagementException("Already initialised");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return delegate.getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return delegate.getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return needingClientAuth(delegate.createSSLEngine());
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return needingClientAuth(delegate.createSSLEngine(host, port));
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return delegate.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return delegate.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            SSLParameters parameters = delegate.getDefaultSSLParameters();
            parameters.setNeedClientAuth(true);
            parameters.setProtocols(new String[] {protocol});
            return parameters;
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return delegate.getSupportedSSLParameters();
        }

        private SSLEngine needingClientAuth(SSLEngine engine) {
            engine.setNeedClientAuth(true);
            engine.setEnabledProtocols(new String[] {protocol});
            return engine;
        }
    }
}
