package android.security.net.config;

import java.util.Arrays;

/** Stand-in for android.security.net.config.Pin (frameworks/base, android-13.0.0_r1): digest of an SPKI. */
public final class Pin {
    public final String digestAlgorithm;
    public final byte[] digest;

    public Pin(String digestAlgorithm, byte[] digest) {
        this.digestAlgorithm = digestAlgorithm;
        this.digest = digest;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pin p && p.digestAlgorithm.equals(digestAlgorithm) && Arrays.equals(p.digest, digest);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(digest) ^ digestAlgorithm.hashCode();
    }
}
