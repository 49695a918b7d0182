package com.android.org.conscrypt;

import android.security.NetworkSecurityPolicy;
import android.security.net.config.SystemCertificateSource;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.X509Certificate;

/**
 * Stand-in for the platform glue of Conscrypt (external/conscrypt, repackaged
 * com.android.org.conscrypt.Platform, android-13.0.0_r1): the CT switch TrustManagerImpl asks, and
 * the default certificate store TrustManagerFactoryImpl.init(null) takes.
 */
final class Platform {
    private Platform() {}

    static boolean isCTVerificationRequired(String hostname) {
        return NetworkSecurityPolicy.getInstance().isCertificateTransparencyVerificationRequired(hostname);
    }

    /** Android: KeyStore.getInstance("AndroidCAStore").load(null, null); here the system store stand-in. */
    static KeyStore getDefaultCertKeyStore() throws KeyStoreException {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            ks.load(null, null);
        } catch (IOException | GeneralSecurityException e) {
            throw new KeyStoreException(e);
        }
        int i = 0;
        for (X509Certificate cert : SystemCertificateSource.getCertificates()) {
            ks.setCertificateEntry("system:" + i++, cert);
        }
        return ks;
    }
}
