package com.android.org.conscrypt;

import java.security.PublicKey;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * Stand-in for Conscrypt's TrustedCertificateIndex (external/conscrypt, android-13.0.0_r1): trust
 * anchors by subject; issuers found by subject and a signature check, anchors by subject and key.
 * TrustManagerImpl calls findAllByIssuerAndSignature and findBySubjectAndPublicKey (never
 * findByIssuerAndSignature, kept because Android 7.0's TrustManagerImpl still called it).
 */
public final class TrustedCertificateIndex {
    private final Map<X500Principal, List<TrustAnchor>> subjectToTrustAnchors = new HashMap<>();

    public TrustedCertificateIndex() {}

    public TrustedCertificateIndex(Set<TrustAnchor> anchors) {
        index(anchors);
    }

    private void index(Set<TrustAnchor> anchors) {
        for (TrustAnchor anchor : anchors) {
            index(anchor);
        }
    }

    public TrustAnchor index(X509Certificate cert) {
        TrustAnchor anchor = new TrustAnchor(cert, null);
        index(anchor);
        return anchor;
    }

    public void index(TrustAnchor anchor) {
        X509Certificate cert = anchor.getTrustedCert();
        X500Principal subject = cert != null ? cert.getSubjectX500Principal() : anchor.getCA();
        synchronized (subjectToTrustAnchors) {
            List<TrustAnchor> anchors = subjectToTrustAnchors.computeIfAbsent(subject, k -> new ArrayList<>(1));
            for (TrustAnchor known : anchors) {
                if (cert != null && cert.equals(known.getTrustedCert())) {
                    return;
                }
            }
            anchors.add(anchor);
        }
    }

    public void reset() {
        synchronized (subjectToTrustAnchors) {
            subjectToTrustAnchors.clear();
        }
    }

    public void reset(Set<TrustAnchor> anchors) {
        synchronized (subjectToTrustAnchors) {
            reset();
            index(anchors);
        }
    }

    private static PublicKey keyOf(TrustAnchor anchor) {
        X509Certificate ca = anchor.getTrustedCert();
        return ca != null ? ca.getPublicKey() : anchor.getCAPublicKey();
    }

    public TrustAnchor findByIssuerAndSignature(X509Certificate cert) {
        Set<TrustAnchor> all = findAllByIssuerAndSignature(cert);
        return all.isEmpty() ? null : all.iterator().next();
    }

    public TrustAnchor findBySubjectAndPublicKey(X509Certificate cert) {
        synchronized (subjectToTrustAnchors) {
            List<TrustAnchor> anchors = subjectToTrustAnchors.get(cert.getSubjectX500Principal());
            return anchors == null ? null : findBySubjectAndPublicKey(cert, anchors);
        }
    }

    private static TrustAnchor findBySubjectAndPublicKey(X509Certificate cert, Collection<TrustAnchor> anchors) {
        byte[] key = cert.getPublicKey().getEncoded();
        for (TrustAnchor anchor : anchors) {
            PublicKey ca = keyOf(anchor);
            if (ca != null && (ca.equals(cert.getPublicKey()) || Arrays.equals(ca.getEncoded(), key))) {
                return anchor;
            }
        }
        return null;
    }

    public Set<TrustAnchor> findAllByIssuerAndSignature(X509Certificate cert) {
        synchronized (subjectToTrustAnchors) {
            List<TrustAnchor> anchors = subjectToTrustAnchors.get(cert.getIssuerX500Principal());
            if (anchors == null) {
                return Collections.emptySet();
            }
            Set<TrustAnchor> result = new HashSet<>();
            for (TrustAnchor anchor : anchors) {
                try {
                    PublicKey key = keyOf(anchor);
                    if (key != null) {
                        cert.verify(key);
                        result.add(anchor);
                    }
                } catch (Exception notThisOne) {
                    // another key under the same subject
                }
            }
            return result;
        }
    }
}
