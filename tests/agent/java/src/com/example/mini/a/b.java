package com.example.mini.a;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * What R8 makes of an app's own copy of OkHttp's CertificatePinner.check: class and method renamed,
 * the exception message kept. The agent cannot hook it by name; its pinning fallback finds it from
 * the "Certificate pinning failure" it throws.
 */
public final class b {
    private final String a;

    public b(String pin) {
        this.a = pin;
    }

    public void a(String host, List<Certificate> chain) throws SSLPeerUnverifiedException {
        for (Certificate c : chain) {
            if (a.equals("sha256/" + Base64.getEncoder().encodeToString(sha256(c.getPublicKey().getEncoded())))) {
                return;
            }
        }
        throw new SSLPeerUnverifiedException("Certificate pinning failure!\n  Pinned certificates for " + host + ":\n    " + a);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
