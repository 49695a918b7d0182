package com.android.org.conscrypt;

import java.net.Socket;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Stand-in for Conscrypt's TrustManagerImpl (external/conscrypt common/.../TrustManagerImpl.java,
 * android-13.0.0_r1), the platform trust manager behind every HTTPS client on Android 7+. Same
 * entry points and the same lookup path: checkServerTrusted / getTrustedChainForServer ->
 * checkTrusted -> checkTrusted(ocsp, sct) -> findTrustAnchorBySubjectAndPublicKey ->
 * checkTrustedRecursive -> findAllTrustAnchorsByIssuerAndSignature -> verifyChain -> checkCT.
 * Trust anchors come from the KeyStore (the network security config's anchors) through a
 * TrustedCertificateIndex. Simplified: no CertPinManager (null since Android 7), no blocklist, no
 * AndroidCAStore/ConscryptCertStore branch, no OCSP or TLS SCT data, hostname match on DNS SANs,
 * CT policy "the leaf embeds an SCT list" with no log-list fail-open.
 */
public final class TrustManagerImpl extends X509ExtendedTrustManager {
    static final String SCT_LIST_OID = "1.3.6.1.4.1.11129.2.4.2";

    private final TrustedCertificateIndex trustedCertificateIndex;
    private final TrustedCertificateIndex intermediateIndex = new TrustedCertificateIndex();
    private final X509Certificate[] acceptedIssuers;
    private final CertPathValidator validator;
    private final CertificateFactory factory;
    private final Exception err;

    public TrustManagerImpl(KeyStore keyStore) {
        CertPathValidator validatorLocal = null;
        CertificateFactory factoryLocal = null;
        X509Certificate[] issuersLocal = new X509Certificate[0];
        Exception errLocal = null;
        try {
            validatorLocal = CertPathValidator.getInstance("PKIX");
            factoryLocal = CertificateFactory.getInstance("X509");
            issuersLocal = acceptedIssuers(keyStore);
        } catch (Exception e) {
            errLocal = e;
        }
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate cert : issuersLocal) {
            anchors.add(new TrustAnchor(cert, null));
        }
        this.trustedCertificateIndex = new TrustedCertificateIndex(anchors);
        this.acceptedIssuers = issuersLocal;
        this.validator = validatorLocal;
        this.factory = factoryLocal;
        this.err = errLocal;
    }

    private static X509Certificate[] acceptedIssuers(KeyStore ks) throws KeyStoreException {
        List<X509Certificate> trusted = new ArrayList<>();
        for (Enumeration<String> en = ks.aliases(); en.hasMoreElements();) {
            if (ks.getCertificate(en.nextElement()) instanceof X509Certificate cert) {
                trusted.add(cert);
            }
        }
        return trusted.toArray(new X509Certificate[0]);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checkTrusted(chain, authType, null, null, true);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkTrusted(chain, authType, null, null, true);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkTrusted(chain, authType, null, null, true);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checkTrusted(chain, authType, null, null, false);
    }

    /** Hostname-aware variant (NetworkSecurityTrustManager and X509TrustManagerExtensions call it). */
    public List<X509Certificate> checkServerTrusted(X509Certificate[] chain, String authType, String hostname)
            throws CertificateException {
        return checkTrusted(chain, null, null, authType, hostname, false);
    }

    public List<X509Certificate> getTrustedChainForServer(X509Certificate[] certs, String authType, Socket socket)
            throws CertificateException {
        SSLSession session = null;
        SSLParameters parameters = null;
        if (socket instanceof SSLSocket sslSocket) {
            session = sslSocket.getHandshakeSession();
            if (session == null) {
                throw new CertificateException("Not in handshake; no session available");
            }
            parameters = sslSocket.getSSLParameters();
        }
        return checkTrusted(certs, authType, session, parameters, false);
    }

    public List<X509Certificate> getTrustedChainForServer(X509Certificate[] certs, String authType,
            SSLEngine engine) throws CertificateException {
        SSLSession session = engine.getHandshakeSession();
        if (session == null) {
            throw new CertificateException("Not in handshake; no session available");
        }
        return checkTrusted(certs, authType, session, engine.getSSLParameters(), false);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        getTrustedChainForServer(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        getTrustedChainForServer(chain, authType, engine);
    }

    private List<X509Certificate> checkTrusted(X509Certificate[] certs, String authType, SSLSession session,
            SSLParameters parameters, boolean clientAuth) throws CertificateException {
        String hostname = session != null ? session.getPeerHost() : null;
        if (session != null && parameters != null
                && "HTTPS".equalsIgnoreCase(parameters.getEndpointIdentificationAlgorithm())
                && !verifyHostname(certs[0], hostname)) {
            throw new CertificateException("No subjectAltNames on the certificate match");
        }
        return checkTrusted(certs, null, null, authType, hostname, clientAuth);
    }

    private List<X509Certificate> checkTrusted(X509Certificate[] certs, byte[] ocspData, byte[] tlsSctData,
            String authType, String host, boolean clientAuth) throws CertificateException {
        if (certs == null || certs.length == 0 || authType == null || authType.isEmpty()) {
            throw new IllegalArgumentException("null or zero-length parameter");
        }
        if (err != null) {
            throw new CertificateException(err);
        }
        Set<X509Certificate> used = new HashSet<>();
        List<X509Certificate> untrustedChain = new ArrayList<>();
        List<TrustAnchor> trustedChain = new ArrayList<>();
        X509Certificate leaf = certs[0];
        TrustAnchor leafAsAnchor = findTrustAnchorBySubjectAndPublicKey(leaf);
        if (leafAsAnchor != null) {
            trustedChain.add(leafAsAnchor);
            used.add(leafAsAnchor.getTrustedCert());
        } else {
            untrustedChain.add(leaf);
        }
        used.add(leaf);
        return checkTrustedRecursive(certs, ocspData, tlsSctData, host, clientAuth, untrustedChain, trustedChain,
                used);
    }

    private List<X509Certificate> checkTrustedRecursive(X509Certificate[] certs, byte[] ocspData,
            byte[] tlsSctData, String host, boolean clientAuth, List<X509Certificate> untrustedChain,
            List<TrustAnchor> trustAnchorChain, Set<X509Certificate> used) throws CertificateException {
        CertificateException lastException = null;
        X509Certificate current = trustAnchorChain.isEmpty() ? untrustedChain.get(untrustedChain.size() - 1)
                : trustAnchorChain.get(trustAnchorChain.size() - 1).getTrustedCert();
        if (current.getIssuerX500Principal().equals(current.getSubjectX500Principal())) {
            return verifyChain(untrustedChain, trustAnchorChain, host, clientAuth, ocspData, tlsSctData);
        }
        boolean seenIssuer = false;
        for (TrustAnchor anchor : findAllTrustAnchorsByIssuerAndSignature(current)) {
            X509Certificate anchorCert = anchor.getTrustedCert();
            if (used.contains(anchorCert)) {
                continue;
            }
            seenIssuer = true;
            used.add(anchorCert);
            trustAnchorChain.add(anchor);
            try {
                return checkTrustedRecursive(certs, ocspData, tlsSctData, host, clientAuth, untrustedChain,
                        trustAnchorChain, used);
            } catch (CertificateException ex) {
                lastException = ex;
            }
            trustAnchorChain.remove(trustAnchorChain.size() - 1);
            used.remove(anchorCert);
        }
        if (!trustAnchorChain.isEmpty()) {
            if (!seenIssuer) {
                return verifyChain(untrustedChain, trustAnchorChain, host, clientAuth, ocspData, tlsSctData);
            }
            throw lastException;
        }
        for (int i = 1; i < certs.length; i++) {
            X509Certificate candidate = certs[i];
            if (used.contains(candidate)
                    || !current.getIssuerX500Principal().equals(candidate.getSubjectX500Principal())) {
                continue;
            }
            try {
                candidate.checkValidity();
            } catch (CertificateException ex) {
                lastException = new CertificateException("Unacceptable certificate: "
                        + candidate.getSubjectX500Principal(), ex);
                continue;
            }
            used.add(candidate);
            untrustedChain.add(candidate);
            try {
                return checkTrustedRecursive(certs, ocspData, tlsSctData, host, clientAuth, untrustedChain,
                        trustAnchorChain, used);
            } catch (CertificateException ex) {
                lastException = ex;
            }
            used.remove(candidate);
            untrustedChain.remove(untrustedChain.size() - 1);
        }
        for (TrustAnchor intermediate : intermediateIndex.findAllByIssuerAndSignature(current)) {
            X509Certificate cert = intermediate.getTrustedCert();
            if (used.contains(cert)) {
                continue;
            }
            used.add(cert);
            untrustedChain.add(cert);
            try {
                return checkTrustedRecursive(certs, ocspData, tlsSctData, host, clientAuth, untrustedChain,
                        trustAnchorChain, used);
            } catch (CertificateException ex) {
                lastException = ex;
            }
            untrustedChain.remove(untrustedChain.size() - 1);
            used.remove(cert);
        }
        if (lastException != null) {
            throw lastException;
        }
        CertPath certPath = factory.generateCertPath(untrustedChain);
        throw new CertificateException(new CertPathValidatorException(
                "Trust anchor for certification path not found.", null, certPath, -1));
    }

    private List<X509Certificate> verifyChain(List<X509Certificate> untrustedChain,
            List<TrustAnchor> trustAnchorChain, String host, boolean clientAuth, byte[] ocspData,
            byte[] tlsSctData) throws CertificateException {
        CertPath certPath = factory.generateCertPath(untrustedChain);
        if (trustAnchorChain.isEmpty()) {
            throw new CertificateException(new CertPathValidatorException(
                    "Trust anchor for certification path not found.", null, certPath, -1));
        }
        List<X509Certificate> wholeChain = new ArrayList<>(untrustedChain);
        for (TrustAnchor anchor : trustAnchorChain) {
            wholeChain.add(anchor.getTrustedCert());
        }
        if (!clientAuth && host != null && Platform.isCTVerificationRequired(host)) {
            checkCT(wholeChain, ocspData, tlsSctData);
        }
        if (untrustedChain.isEmpty()) {
            return wholeChain;
        }
        try {
            PKIXParameters params = new PKIXParameters(Set.of(trustAnchorChain.get(0)));
            params.setRevocationEnabled(false);
            validator.validate(certPath, params);
        } catch (java.security.InvalidAlgorithmParameterException | CertPathValidatorException e) {
            throw new CertificateException("Chain validation failed", e);
        }
        for (int i = 1; i < untrustedChain.size(); i++) {
            intermediateIndex.index(untrustedChain.get(i));
        }
        return wholeChain;
    }

    private void checkCT(List<X509Certificate> chain, byte[] ocspData, byte[] tlsData) throws CertificateException {
        X509Certificate leaf = chain.get(0);
        if (tlsData == null && ocspData == null && leaf.getExtensionValue(SCT_LIST_OID) == null) {
            throw new CertificateException(
                    "Certificate chain does not conform to required transparency policy: NOT_ENOUGH_SCTS");
        }
    }

    private Set<TrustAnchor> findAllTrustAnchorsByIssuerAndSignature(X509Certificate cert) {
        return trustedCertificateIndex.findAllByIssuerAndSignature(cert);
    }

    private TrustAnchor findTrustAnchorBySubjectAndPublicKey(X509Certificate cert) {
        return trustedCertificateIndex.findBySubjectAndPublicKey(cert);
    }

    /** Conscrypt's OkHostnameVerifier, reduced to DNS subjectAltNames with one left-most wildcard. */
    private static boolean verifyHostname(X509Certificate leaf, String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        try {
            Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
            if (sans == null) {
                return false;
            }
            for (List<?> san : sans) {
                if (!Integer.valueOf(2).equals(san.get(0))) {
                    continue;
                }
                String name = String.valueOf(san.get(1)).toLowerCase(Locale.ROOT);
                if (name.equals(h) || (name.startsWith("*.") && h.endsWith(name.substring(1))
                        && h.indexOf('.') == h.length() - name.length() + 1)) {
                    return true;
                }
            }
        } catch (CertificateParsingException e) {
            return false;
        }
        return false;
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return acceptedIssuers.clone();
    }
}
