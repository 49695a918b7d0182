package com.android.org.conscrypt;

import android.security.NetworkSecurityPolicy;

/**
 * Stand-in for the platform glue of Conscrypt (external/conscrypt, repackaged
 * com.android.org.conscrypt.Platform, android-13.0.0_r1): only the CT switch TrustManagerImpl asks.
 */
final class Platform {
    private Platform() {}

    static boolean isCTVerificationRequired(String hostname) {
        return NetworkSecurityPolicy.getInstance().isCertificateTransparencyVerificationRequired(hostname);
    }
}
