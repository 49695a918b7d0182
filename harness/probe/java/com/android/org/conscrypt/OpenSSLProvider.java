package com.android.org.conscrypt;

import java.security.Provider;

/**
 * Stand-in for Conscrypt's OpenSSLProvider (external/conscrypt common/.../OpenSSLProvider.java,
 * android-13.0.0_r1): the JCA provider whose services are named after its own package (PREFIX), so
 * a shaded copy (Play services' com.google.android.gms.org.conscrypt) serves its own classes.
 * Simplified: the trust-manager service only; no ciphers, digests, keys or SSLContext (the JDK's
 * SunJSSE carries the handshake on the JVM).
 */
public final class OpenSSLProvider extends Provider {
    private static final long serialVersionUID = 1L;
    private static final String PREFIX = OpenSSLProvider.class.getPackage().getName() + ".";

    public OpenSSLProvider() {
        this("AndroidOpenSSL");   // Platform.getDefaultProviderName() on Android
    }

    public OpenSSLProvider(String providerName) {
        super(providerName, "1.0", "Android's OpenSSL-backed security provider");
        put("TrustManagerFactory.PKIX", PREFIX + "TrustManagerFactoryImpl");
        put("Alg.Alias.TrustManagerFactory.X509", "PKIX");
    }
}
