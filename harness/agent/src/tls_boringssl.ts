// Native TLS trust for the run's CA in BoringSSL users that verify certificates themselves
// (Cronet, Flutter, apps bundling BoringSSL): they register a callback with
// SSL_CTX_set_custom_verify / SSL_set_custom_verify. The callback is wrapped: it still runs and
// decides; only a refusal (ssl_verify_invalid) of a peer chain that ends at the run's CA (the
// CA's exact bytes in the chain, or a certificate with the CA's subject as issuer AND a signature
// that X509_verify accepts with the CA's key: names alone are not enough, every mitmproxy CA is
// "CN=mitmproxy") becomes ssl_verify_ok. Modules loaded later (System.loadLibrary("cronet...")) are found through
// Frida 17's module observer. Part of the opt-in TLS module (see tls.ts).
import * as events from "./events.js";

const SSL_VERIFY_OK = 0;
const SSL_VERIFY_INVALID = 1;

let caDer: Uint8Array | null = null;
let caSubject: Uint8Array | null = null;
const hookedSetters = new Set<string>();
const wrappers = new Map<string, NativeCallback<"int", ["pointer", "pointer"]>>();

interface Crypto {
  d2i: NativeFunction<NativePointer, [NativePointer, NativePointer, number]>;
  verify: NativeFunction<number, [NativePointer, NativePointer]>;
  free: NativeFunction<void, [NativePointer]>;
  caKey: NativePointer;
}

interface Helpers {
  peerCerts: NativeFunction<NativePointer, [NativePointer]>;
  skNum: NativeFunction<number, [NativePointer]>;
  skValue: NativeFunction<NativePointer, [NativePointer, number]>;
  bufData: NativeFunction<NativePointer, [NativePointer]>;
  bufLen: NativeFunction<number, [NativePointer]>;
  crypto: Crypto | null;
}

function base64(text: string): Uint8Array {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const clean = text.replace(/[^A-Za-z0-9+/]/g, "");
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    value = (value << 6) | alphabet.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >> bits) & 0xff);
    }
  }
  return new Uint8Array(out);
}

/** [start, end) of the DER element at `pos` (tag, length, contents). */
function element(der: Uint8Array, pos: number): [number, number, number] {
  let len = der[pos + 1];
  let head = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = (len << 8) | der[pos + 2 + i];
    head += n;
  }
  return [pos, pos + head, pos + head + len];
}

/** The issuer and subject Name elements of an X.509 certificate (DER). */
export function names(der: Uint8Array): { issuer: Uint8Array; subject: Uint8Array } {
  const [, certBody] = element(der, 0);
  const [, tbsBody] = element(der, certBody);
  let pos = tbsBody;
  if (der[pos] === 0xa0) pos = element(der, pos)[2];    // [0] version
  pos = element(der, pos)[2];                             // serialNumber
  pos = element(der, pos)[2];                             // signature AlgorithmIdentifier
  const issuer = element(der, pos);
  const validity = element(der, issuer[2]);
  const subject = element(der, validity[2]);
  return { issuer: der.slice(issuer[0], issuer[2]), subject: der.slice(subject[0], subject[2]) };
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function fn(mod: Module, name: string, ret: any, args: any[]): NativeFunction<any, any> | null {
  const p = mod.findExportByName(name) ?? Module.findGlobalExportByName(name);
  return p === null ? null : new NativeFunction(p, ret, args);
}

function helpersFor(mod: Module): Helpers | null {
  const peerCerts = fn(mod, "SSL_get0_peer_certificates", "pointer", ["pointer"]);
  const skNum = fn(mod, "OPENSSL_sk_num", "size_t", ["pointer"]) ?? fn(mod, "sk_num", "size_t", ["pointer"]);
  const skValue = fn(mod, "OPENSSL_sk_value", "pointer", ["pointer", "size_t"])
    ?? fn(mod, "sk_value", "pointer", ["pointer", "size_t"]);
  const bufData = fn(mod, "CRYPTO_BUFFER_data", "pointer", ["pointer"]);
  const bufLen = fn(mod, "CRYPTO_BUFFER_len", "size_t", ["pointer"]);
  if (!peerCerts || !skNum || !skValue || !bufData || !bufLen) return null;
  return { peerCerts, skNum, skValue, bufData, bufLen, crypto: cryptoFor(mod) } as Helpers;
}

/** d2i_X509 of `der` (null if it does not parse). */
function parse(c: Crypto | { d2i: Crypto["d2i"] }, der: Uint8Array): NativePointer {
  const mem = Memory.alloc(der.length);
  mem.writeByteArray(Array.from(der));
  const pp = Memory.alloc(Process.pointerSize);
  pp.writePointer(mem);
  return c.d2i(ptr(0), pp, der.length);
}

/** X509 parsing and signature checks from the module itself, else any libcrypto in the process. */
function cryptoFor(mod: Module): Crypto | null {
  const d2i = fn(mod, "d2i_X509", "pointer", ["pointer", "pointer", "long"]);
  const getKey = fn(mod, "X509_get_pubkey", "pointer", ["pointer"]);
  const verify = fn(mod, "X509_verify", "int", ["pointer", "pointer"]);
  const free = fn(mod, "X509_free", "void", ["pointer"]);
  if (!d2i || !getKey || !verify || !free) return null;
  const ca = parse({ d2i }, caDer!);
  if (ca.isNull()) return null;
  const caKey = getKey(ca);   // kept for the life of the process, like the CA itself
  return caKey.isNull() ? null : { d2i, verify, free, caKey } as Crypto;
}

function signedByUs(der: Uint8Array, c: Crypto | null): boolean {
  if (c === null) return false;
  const x = parse(c, der);
  if (x.isNull()) return false;
  try {
    return c.verify(x, c.caKey) === 1;
  } finally {
    c.free(x);
  }
}

function chainIsOurs(ssl: NativePointer, h: Helpers): boolean {
  const stack = h.peerCerts(ssl);
  if (stack.isNull()) return false;
  const n = Number(h.skNum(stack));
  for (let i = 0; i < n; i++) {
    const buf = h.skValue(stack, i);
    const raw = h.bufData(buf).readByteArray(Number(h.bufLen(buf)));
    if (raw === null) continue;
    const der = new Uint8Array(raw);
    try {
      if (same(der, caDer!) || (same(names(der).issuer, caSubject!) && signedByUs(der, h.crypto))) return true;
    } catch (e) { /* not a certificate we can read: not ours */ }
  }
  return false;
}

function note(symbol: string, mod: Module): void {
  events.push({
    seq: events.nextSeq(), time: Date.now(), thread: `tid-${Process.getCurrentThreadId()}`,
    hook: "tls.boringssl_custom_verify", values: { args: { module: mod.name, setter: symbol } }, stack: null,
    fg: events.foreground(), api: `${mod.name}!${symbol}`, data_type: null, event: "tls",
  } as any);
}

function wrap(cb: NativePointer, symbol: string, mod: Module, h: Helpers): NativePointer {
  const key = `${cb}`;
  const known = wrappers.get(key);
  if (known !== undefined) return known;
  const original = new NativeFunction(cb, "int", ["pointer", "pointer"]);
  const wrapper = new NativeCallback((ssl: NativePointer, alert: NativePointer): number => {
    const verdict = original(ssl, alert);
    if (verdict !== SSL_VERIFY_INVALID) return verdict;
    try {
      if (!chainIsOurs(ssl, h)) return verdict;
    } catch (e) {
      return verdict;
    }
    note(symbol, mod);
    return SSL_VERIFY_OK;
  }, "int", ["pointer", "pointer"]);
  wrappers.set(key, wrapper);   // kept alive as long as the callback may be called
  return wrapper;
}

function hookModule(mod: Module): void {
  for (const symbol of ["SSL_CTX_set_custom_verify", "SSL_set_custom_verify"]) {
    const setter = mod.findExportByName(symbol);
    if (setter === null || hookedSetters.has(`${setter}`)) continue;
    hookedSetters.add(`${setter}`);
    const h = helpersFor(mod);
    if (h === null) {
      events.diag("hook_skipped", "tls.boringssl_custom_verify", `${mod.name}: no peer-certificate accessors`,
        { tls: true });
      continue;
    }
    try {
      Interceptor.attach(setter, {
        onEnter(args) {
          if (!args[2].isNull()) args[2] = wrap(args[2], symbol, mod, h);
        },
      });
      events.diag("hook_installed", "tls.boringssl_custom_verify", null, { tls: true, module: mod.name, symbol });
    } catch (e) {
      events.diag("hook_skipped", "tls.boringssl_custom_verify", `${mod.name}!${symbol}: ${e}`, { tls: true });
    }
  }
}

export function installBoringSsl(pem: string): void {
  try {
    const body = pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "");
    caDer = base64(body);
    caSubject = names(caDer).subject;
  } catch (e) {
    events.diag("hook_skipped", "tls.boringssl_custom_verify", `cannot read the CA: ${e}`, { tls: true });
    return;
  }
  Process.enumerateModules().forEach(hookModule);
  if (hookedSetters.size === 0) {
    events.diag("hook_skipped", "tls.boringssl_custom_verify", "no BoringSSL loaded yet: watching module loads",
      { tls: true });
  }
  Process.attachModuleObserver({ onAdded: hookModule });
}
