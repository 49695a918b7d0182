// Android TLS trust for the run's CA. THIS MODULE CHANGES BEHAVIOUR ON PURPOSE: it makes the
// app trust the audit proxy's CA and neutralises certificate pinning so the proxy can read
// the traffic. It is enabled only when init gets `tls_ca_pem`; every piece installs on its
// own and is reported as hook_installed / hook_skipped (absent class) like catalogue hooks.
// Written from the documented APIs: Conscrypt TrustManagerImpl / TrustedCertificateIndex,
// javax.net.ssl.SSLContext.init, okhttp3.CertificatePinner.check, Android network security
// config pins (NetworkSecurityTrustManager.checkPins), TrustKit's PinningTrustManager.
import Java from "frida-java-bridge";
import * as events from "./events.js";
import { busyThreads } from "./values.js";

let ca: any = null;          // our X509Certificate
let caSubject = "";

function noteFired(id: string, api: string, detail: Record<string, unknown>): void {
  events.push({
    seq: events.nextSeq(), time: Date.now(), thread: `tid-${Process.getCurrentThreadId()}`, hook: id,
    values: { args: detail }, stack: null, fg: events.foreground(),
    api, data_type: null, event: "tls",
  } as any);
}

function piece(id: string, fn: () => void): void {
  try {
    fn();
    events.diag("hook_installed", id, null, { tls: true });
  } catch (e) {
    events.diag("hook_skipped", id, String(e).split("\n")[0], { tls: true });
  }
}

function loadCa(pem: string): any {
  const CertificateFactory = Java.use("java.security.cert.CertificateFactory");
  const ByteArrayInputStream = Java.use("java.io.ByteArrayInputStream");
  const JString = Java.use("java.lang.String");
  const bytes = JString.$new(pem).getBytes("UTF-8");
  const cf = CertificateFactory.getInstance("X.509");
  const X509 = Java.use("java.security.cert.X509Certificate");
  return Java.cast(cf.generateCertificate(ByteArrayInputStream.$new(bytes)), X509);
}

function ourTrustManagers(): any {
  const KeyStore = Java.use("java.security.KeyStore");
  const TMF = Java.use("javax.net.ssl.TrustManagerFactory");
  const ks = KeyStore.getInstance(KeyStore.getDefaultType());
  ks.load(null, null);
  ks.setCertificateEntry("harness-ca", ca);
  const tmf = TMF.getInstance(TMF.getDefaultAlgorithm());
  tmf.init(ks);
  return tmf.getTrustManagers();
}

function issuedByUs(cert: any): boolean {
  try {
    return String(cert.getIssuerX500Principal().getName()) === caSubject;
  } catch (e) {
    return false;
  }
}

export function installTls(pem: string): void {
  piece("tls.load_ca", () => {
    ca = loadCa(pem);
    caSubject = String(ca.getSubjectX500Principal().getName());
  });
  if (ca === null) return;

  piece("tls.sslcontext_init", () => {
    const SSLContext = Java.use("javax.net.ssl.SSLContext");
    const ov = SSLContext.init.overload("[Ljavax.net.ssl.KeyManager;", "[Ljavax.net.ssl.TrustManager;",
      "java.security.SecureRandom");
    const tms = ourTrustManagers();
    ov.implementation = function (this: any, km: any, tm: any, rnd: any) {
      // Custom X509TrustManager wrappers (and pinning ones) are replaced by one trusting our CA.
      noteFired("tls.sslcontext_init", "javax.net.ssl.SSLContext.init", { replaced: tm === null ? 0 : tm.length });
      return ov.call(this, km, tms, rnd);
    };
  });

  piece("tls.trust_manager_impl", () => {
    const TMI = Java.use("com.android.org.conscrypt.TrustManagerImpl");
    const X509 = Java.use("java.security.cert.X509Certificate");   // once, not per handshake
    const ov = TMI.verifyChain;
    ov.overloads.forEach((o: any) => {
      o.implementation = function (this: any, ...args: any[]) {
        const chain = args[0];
        try {
          const n = chain.size();
          if (n > 0 && issuedByUs(Java.cast(chain.get(n - 1), X509))) {
            noteFired("tls.trust_manager_impl", "com.android.org.conscrypt.TrustManagerImpl.verifyChain", { host: String(args[2]) });
            return chain;
          }
        } catch (e) { /* fall through to the platform check */ }
        return o.apply(this, args);
      };
    });
  });

  piece("tls.trusted_certificate_index", () => {
    const Index = Java.use("com.android.org.conscrypt.TrustedCertificateIndex");
    const TrustAnchor = Java.use("java.security.cert.TrustAnchor");
    const anchor = TrustAnchor.$new(ca, null);
    const ov = Index.findByIssuerAndSignature.overload("java.security.cert.X509Certificate");
    ov.implementation = function (this: any, cert: any) {
      const found = ov.call(this, cert);
      return found === null && issuedByUs(cert) ? anchor : found;
    };
  });

  piece("tls.network_security_config_pins", () => {
    const NSTM = Java.use("android.security.net.config.NetworkSecurityTrustManager");
    NSTM.checkPins.overloads.forEach((o: any) => {
      o.implementation = function () {
        noteFired("tls.network_security_config_pins", "android.security.net.config.NetworkSecurityTrustManager.checkPins", {});
      };
    });
  });

  for (const cls of ["okhttp3.CertificatePinner", "com.squareup.okhttp.CertificatePinner"]) {
    piece(`tls.${cls.split(".").slice(-2).join("_").toLowerCase()}`, () => {
      const CP = Java.use(cls);
      let n = 0;
      for (const name of ["check", "check$okhttp"]) {
        if (CP[name] === undefined) continue;
        CP[name].overloads.forEach((o: any) => {
          o.implementation = function (this: any, ...args: any[]) {
            const tid = Process.getCurrentThreadId();
            if (!busyThreads.has(tid)) noteFired(`tls.${cls}`, `${cls}.${name}`, { host: String(args[0]) });
            // Pinning check neutralised: return without throwing (void method).
          };
          n++;
        });
      }
      if (n === 0) throw new Error(`no check() on ${cls}`);
    });
  }

  piece("tls.trustkit", () => {
    const PTM = Java.use("com.datatheorem.android.trustkit.pinning.PinningTrustManager");
    PTM.checkServerTrusted.overloads.forEach((o: any) => {
      o.implementation = function () {
        noteFired("tls.trustkit", "com.datatheorem.android.trustkit.pinning.PinningTrustManager.checkServerTrusted", {});
      };
    });
  });
}
