// Android TLS trust for the run's CA. THIS MODULE CHANGES BEHAVIOUR ON PURPOSE: it makes the
// app trust the audit proxy's CA and neutralises certificate pinning so the proxy can read the
// traffic. It is enabled only when init gets `tls_ca_pem`; every piece installs on its own and is
// reported as hook_installed / hook_skipped (absent class) like catalogue hooks.
//
// Narrow by design: each hook first runs the platform's own code and only overrides a refusal
// when the chain ends at the run's CA (signature checked), so other certificates are judged as
// before. The pieces follow the platform's real lookup path (Android 7-15):
//   TrustManagerImpl.checkServerTrusted / getTrustedChainForServer -> checkTrusted ->
//   findTrustAnchorBySubjectAndPublicKey (TrustedCertificateIndex.findBySubjectAndPublicKey) ->
//   checkTrustedRecursive -> findAllTrustAnchorsByIssuerAndSignature
//   (TrustedCertificateIndex.findAllByIssuerAndSignature) -> verifyChain -> checkCT,
// then NetworkSecurityTrustManager.checkPins; the same for Play services' own Conscrypt
// (com.google.android.gms.org.conscrypt, loaded late through its own class loader: retried).
// Pinning libraries: OkHttp 3/4 and 2 (okhttp3, com.squareup.okhttp), the platform's repackaged
// com.android.okhttp, TrustKit, custom trust managers given to SSLContext.init, and a fallback
// for obfuscated pinners (found from the "Certificate pinning failure" exception they throw).
// Native BoringSSL custom-verify callbacks (Cronet, Flutter) live in tls_boringssl.ts.
import Java from "frida-java-bridge";
import * as events from "./events.js";
import { installBoringSsl } from "./tls_boringssl.js";
import { busyThreads } from "./values.js";

let ca: any = null;          // our X509Certificate
let caKey: any = null;       // its PublicKey
let anchor: any = null;      // java.security.cert.TrustAnchor(ca, null)
let X509: any = null;
let Cert: any = null;        // java.security.cert.Certificate
const fallbackHooked = new Set<string>();

export function noteFired(id: string, api: string, detail: Record<string, unknown>): void {
  events.push({
    seq: events.nextSeq(), time: Date.now(), thread: `tid-${Process.getCurrentThreadId()}`, hook: id,
    values: { args: detail }, stack: null, fg: events.foreground(),
    api, data_type: null, event: "tls",
  } as any);
}

function piece(id: string, fn: () => void): boolean {
  try {
    fn();
    events.diag("hook_installed", id, null, { tls: true });
    return true;
  } catch (e) {
    events.diag("hook_skipped", id, String(e).split("\n")[0], { tls: true });
    return false;
  }
}

/** Runs `fn` with this thread marked busy: Java calls made for the check are not recorded. */
function quiet<T>(fn: () => T): T {
  const tid = Process.getCurrentThreadId();
  const was = busyThreads.has(tid);
  busyThreads.add(tid);
  try { return fn(); } finally { if (!was) busyThreads.delete(tid); }
}

function loadCa(pem: string): any {
  const CertificateFactory = Java.use("java.security.cert.CertificateFactory");
  const ByteArrayInputStream = Java.use("java.io.ByteArrayInputStream");
  const JString = Java.use("java.lang.String");
  const bytes = JString.$new(pem).getBytes("UTF-8");
  const cf = CertificateFactory.getInstance("X.509");
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

/** The run's CA itself (same subject and key). */
function isOurCa(cert: any): boolean {
  try {
    const c = Java.cast(cert, X509);
    return c.getSubjectX500Principal().equals(ca.getSubjectX500Principal())
      && c.getPublicKey().equals(caKey);
  } catch (e) {
    return false;
  }
}

/** Issued by the run's CA: issuer name and signature both checked. */
function issuedByUs(cert: any): boolean {
  try {
    const c = Java.cast(cert, X509);
    if (!c.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) return false;
    // verify(PublicKey) is declared on Certificate, not X509Certificate: the bridge needs that class
    Cert.verify.overload("java.security.PublicKey").call(Java.cast(cert, Cert), caKey);
    return true;
  } catch (e) {
    return false;
  }
}

/** X509Certificate[] or java.util.List of certificates (or a wrapper holding one) -> JS array. */
function certList(arg: any): any[] | null {
  if (arg === null || arg === undefined) return null;
  try {
    if (Array.isArray(arg) || typeof arg.length === "number") return Array.from(arg as ArrayLike<any>);
    let obj = arg;
    // OkHttp 4's check$okhttp takes a Function0 that yields the cleaned chain
    if (!quiet(() => Java.use("java.util.List").class.isInstance(obj))) {
      obj = quiet(() => Java.cast(obj, Java.use("kotlin.jvm.functions.Function0")).invoke());
    }
    const list = Java.cast(obj, Java.use("java.util.List"));
    const out: any[] = [];
    const n = list.size();
    for (let i = 0; i < n; i++) out.push(list.get(i));
    return out;
  } catch (e) {
    return null;
  }
}

/** A peer chain that ends at the run's CA: some certificate is our CA or issued by it. */
function chainIsOurs(certs: any[] | null): boolean {
  if (certs === null || certs.length === 0) return false;
  return quiet(() => certs.some(c => isOurCa(c) || issuedByUs(c)));
}

function firstChain(args: any[]): any[] | null {
  for (const a of args) {
    if (typeof a === "string" || typeof a === "number" || typeof a === "boolean") continue;
    const list = certList(a);
    if (list !== null && list.length > 0) return list;
  }
  return null;
}

/**
 * Hooks every overload of `cls.method`: runs the original; if it throws and the chain in its
 * arguments is ours, the refusal is dropped (void methods) and recorded.
 */
function overrideRefusal(id: string, cls: any, clsName: string, method: string, detail?: (args: any[]) => Record<string, unknown>): number {
  const m = cls[method];
  if (m === undefined) return 0;
  m.overloads.forEach((o: any) => {
    o.implementation = function (this: any, ...args: any[]) {
      try {
        return o.apply(this, args);
      } catch (e) {
        if (!chainIsOurs(firstChain(args))) throw e;
        noteFired(id, `${clsName}.${method}`, detail !== undefined ? detail(args) : {});
        return undefined;
      }
    };
  });
  return m.overloads.length;
}

function hookIndex(id: string, Index: any, clsName: string): void {
  const HashSet = Java.use("java.util.HashSet");
  const findAll = Index.findAllByIssuerAndSignature;
  if (findAll === undefined) throw new Error(`no findAllByIssuerAndSignature on ${clsName}`);
  const all = findAll.overload("java.security.cert.X509Certificate");
  all.implementation = function (this: any, cert: any) {
    const found = all.call(this, cert);
    if (!found.isEmpty() || !quiet(() => issuedByUs(cert))) return found;
    noteFired(id, `${clsName}.findAllByIssuerAndSignature`, {});
    const set = HashSet.$new();
    set.add(anchor);
    return set;
  };
  const bySubject = Index.findBySubjectAndPublicKey.overload("java.security.cert.X509Certificate");
  bySubject.implementation = function (this: any, cert: any) {
    const found = bySubject.call(this, cert);
    return found === null && quiet(() => isOurCa(cert)) ? anchor : found;
  };
  // Android 7.0's TrustManagerImpl still asked findByIssuerAndSignature (one anchor).
  if (Index.findByIssuerAndSignature !== undefined) {
    const one = Index.findByIssuerAndSignature.overload("java.security.cert.X509Certificate");
    one.implementation = function (this: any, cert: any) {
      const found = one.call(this, cert);
      return found === null && quiet(() => issuedByUs(cert)) ? anchor : found;
    };
  }
}

const CONSCRYPTS: [string, string][] = [
  ["conscrypt", "com.android.org.conscrypt"],
  ["gms_conscrypt", "com.google.android.gms.org.conscrypt"],
];

/** Index lookups and the CT check of one Conscrypt copy, through `factory` (a class loader's). */
function installConscrypt(short: string, pkg: string, factory: any): boolean {
  const idx = piece(`tls.${short}.trusted_certificate_index`, () => {
    hookIndex(`tls.${short}.trusted_certificate_index`, factory.use(`${pkg}.TrustedCertificateIndex`),
      `${pkg}.TrustedCertificateIndex`);
  });
  piece(`tls.${short}.certificate_transparency`, () => {
    // checkCT(List, byte[], byte[]) since Android 10; checkCT(String, List, byte[], byte[]) on 7-9.
    const n = overrideRefusal(`tls.${short}.certificate_transparency`, factory.use(`${pkg}.TrustManagerImpl`),
      `${pkg}.TrustManagerImpl`, "checkCT");
    if (n === 0) throw new Error(`no checkCT on ${pkg}.TrustManagerImpl`);
  });
  return idx;
}

/** Play services' Conscrypt is loaded late by its own class loader: look for it a few times. */
function retryLate(pending: [string, string][], retryMs: number): void {
  let tries = 0;
  const timer = setInterval(() => {
    if (++tries > 10 || pending.length === 0) {
      clearInterval(timer);
      return;
    }
    Java.perform(() => {
      let loaders: any[] = [];
      try {
        loaders = Java.enumerateClassLoadersSync();
      } catch (e) {
        clearInterval(timer);   // this VM cannot list its class loaders: no point in asking again
        return;
      }
      for (let i = pending.length - 1; i >= 0; i--) {
        const [short, pkg] = pending[i];
        for (const loader of loaders) {
          let factory: any;
          try {
            factory = Java.ClassFactory.get(loader);
            factory.use(`${pkg}.TrustedCertificateIndex`);
          } catch (e) { continue; }
          if (installConscrypt(short, pkg, factory)) pending.splice(i, 1);
          break;
        }
      }
    });
  }, Math.max(retryMs, 1000) * 3);
}

const PLATFORM_TM = ["android.security.net.config.", "com.android.org.conscrypt.", "org.conscrypt.",
  "com.google.android.gms.org.conscrypt."];

function isPlatformTrustManager(tm: any): boolean {
  try {
    // the runtime class, not the array's element type (an interface wrapper has no getClass)
    const name = String(Java.cast(tm, Java.use("java.lang.Object")).getClass().getName());
    return PLATFORM_TM.some(p => name.startsWith(p));
  } catch (e) {
    return false;
  }
}

function installSslContext(): void {
  piece("tls.sslcontext_init", () => {
    const SSLContext = Java.use("javax.net.ssl.SSLContext");
    const ov = SSLContext.init.overload("[Ljavax.net.ssl.KeyManager;", "[Ljavax.net.ssl.TrustManager;",
      "java.security.SecureRandom");
    const tms = ourTrustManagers();
    ov.implementation = function (this: any, km: any, tm: any, rnd: any) {
      // The platform's own trust managers stay: the Conscrypt hooks make them trust the CA and
      // keep their pins and CT path observable. Custom ones (pinning wrappers, trust-all) go.
      const list = tm === null ? [] : Array.from(tm as ArrayLike<any>);
      if (list.length > 0 && quiet(() => list.every(isPlatformTrustManager))) return ov.call(this, km, tm, rnd);
      noteFired("tls.sslcontext_init", "javax.net.ssl.SSLContext.init", { replaced: list.length });
      return ov.call(this, km, tms, rnd);
    };
  });
}

function installNsc(): void {
  piece("tls.network_security_config_pins", () => {
    const NSTM = Java.use("android.security.net.config.NetworkSecurityTrustManager");
    overrideRefusal("tls.network_security_config_pins", NSTM,
      "android.security.net.config.NetworkSecurityTrustManager", "checkPins");
  });
}

const PINNER_IDS: Record<string, string> = {
  "okhttp3.CertificatePinner": "okhttp3", "com.squareup.okhttp.CertificatePinner": "okhttp2",
  "com.android.okhttp.CertificatePinner": "android_okhttp",
};

function installPinners(): void {
  for (const cls of Object.keys(PINNER_IDS)) {
    const id = `tls.${PINNER_IDS[cls]}_certificatepinner`;
    piece(id, () => {
      const CP = Java.use(cls);
      let n = 0;
      for (const name of ["check", "check$okhttp"]) {
        n += overrideRefusal(`tls.${cls}`, CP, cls, name, args => ({ host: String(args[0]) }));
      }
      if (n === 0) throw new Error(`no check() on ${cls}`);
    });
  }
  piece("tls.trustkit", () => {
    const name = "com.datatheorem.android.trustkit.pinning.PinningTrustManager";
    overrideRefusal("tls.trustkit", Java.use(name), name, "checkServerTrusted");
  });
}

/**
 * Obfuscated OkHttp (and copies of its pinner): the class is renamed, its message is not. When
 * an SSLPeerUnverifiedException "Certificate pinning failure" is built, the method that builds it
 * is hooked like CertificatePinner.check; that request fails, the app's next one goes through.
 */
function installPinningFallback(): void {
  piece("tls.pinning_fallback", () => {
    const Ex = Java.use("javax.net.ssl.SSLPeerUnverifiedException");
    const Thread = Java.use("java.lang.Thread");
    const ctor = Ex.$init.overload("java.lang.String");
    ctor.implementation = function (this: any, msg: any) {
      ctor.call(this, msg);
      if (msg === null || !String(msg).startsWith("Certificate pinning failure")) return;
      quiet(() => {
        const frames = Thread.currentThread().getStackTrace();
        for (const f of Array.from(frames as ArrayLike<any>)) {
          const cls = String(f.getClassName());
          if (cls.startsWith("java.") || cls.startsWith("javax.") || cls.startsWith("dalvik.")
            || cls.startsWith("jdk.") || cls.startsWith("sun.")) continue;
          hookFallback(cls, String(f.getMethodName()));
          return;
        }
      });
    };
  });
}

/** The class through the default loader, this thread's context loader (the app's), or any loader. */
function useAnywhere(cls: string): any {
  try { return Java.use(cls); } catch (e) { /* not visible to the default loader */ }
  const ctx = quiet(() => Java.use("java.lang.Thread").currentThread().getContextClassLoader());
  if (ctx !== null) {
    try { return Java.ClassFactory.get(ctx).use(cls); } catch (e) { /* not there either */ }
  }
  for (const loader of Java.enumerateClassLoadersSync()) {
    try { return Java.ClassFactory.get(loader).use(cls); } catch (e) { /* next */ }
  }
  throw new Error(`class ${cls} not found in any class loader`);
}

function hookFallback(cls: string, method: string): void {
  const key = `${cls}.${method}`;
  if (fallbackHooked.has(key) || cls === "okhttp3.CertificatePinner") return;
  fallbackHooked.add(key);
  try {
    const n = overrideRefusal("tls.pinning_fallback", useAnywhere(cls), cls, method, args => ({
      host: typeof args[0] === "string" ? args[0] : null, method: key }));
    events.diag("hook_installed", "tls.pinning_fallback", `pinner found: ${key}`, { tls: true, overloads: n });
  } catch (e) {
    events.diag("hook_skipped", "tls.pinning_fallback", `pinner ${key}: ${String(e).split("\n")[0]}`, { tls: true });
  }
}

export function installTls(pem: string, retryMs: number): void {
  piece("tls.load_ca", () => {
    X509 = Java.use("java.security.cert.X509Certificate");
    Cert = Java.use("java.security.cert.Certificate");
    ca = loadCa(pem);
    caKey = ca.getPublicKey();
    anchor = Java.use("java.security.cert.TrustAnchor").$new(ca, null);
  });
  if (ca === null) return;
  const late: [string, string][] = [];
  for (const [short, pkg] of CONSCRYPTS) {
    if (!installConscrypt(short, pkg, Java) && short === "gms_conscrypt") late.push([short, pkg]);
  }
  if (late.length > 0) retryLate(late, retryMs);
  installNsc();
  installSslContext();
  installPinners();
  installPinningFallback();
}

export { installBoringSsl };
