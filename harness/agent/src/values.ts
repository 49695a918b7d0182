import { objectToString } from "./stack.js";

// Turning Java values into bounded strings, exactly as the app saw them. Every Java call
// made here runs with the thread marked busy so hooks it reaches do not record.
const MAX_STRING = 4096;
const MAX_ITEMS = 50;

export const busyThreads = new Set<number>();

export function bounded(s: string): string {
  return s.length > MAX_STRING ? s.substring(0, MAX_STRING) + `…(+${s.length - MAX_STRING} chars)` : s;
}

function hex(n: number): string {
  return ((n & 0xff) + 0x100).toString(16).substring(1);
}

function bytesToString(arr: ArrayLike<number>): string {
  const n = arr.length;
  const parts: string[] = [];
  for (let i = 0; i < Math.min(n, 256); i++) parts.push(hex(arr[i]));
  // A 6-byte array is a MAC address (NetworkInterface.getHardwareAddress): print it as one.
  return n === 6 ? parts.join(":") : parts.join("") + (n > 256 ? `…(${n} bytes)` : "");
}

/** {value, count?, location?} for one Java value; `typeName` is the declared JNI type ("[B"...). */
export function describe(v: any, typeName?: string): { value: string | null; count?: number; location?: string } {
  if (v === null || v === undefined) return { value: null };
  if (typeName === "[B" && typeof v.length === "number") return { value: bytesToString(v), count: v.length };
  const t = typeof v;
  if (t === "string") return { value: bounded(v) };
  if (t === "number" || t === "boolean") return { value: String(v) };
  if (t === "object" && v.$className === undefined && typeof v.length === "number") {
    // Java array: object arrays arrive as JS arrays of wrappers, primitive arrays as array-likes.
    const n = v.length;
    const items: string[] = [];
    for (let i = 0; i < Math.min(n, MAX_ITEMS); i++) items.push(String(describe(v[i]).value));
    const more = n > MAX_ITEMS ? `, …(+${n - MAX_ITEMS})` : "";
    return { value: bounded("[" + items.join(", ") + more + "]"), count: n };
  }
  if (t === "object" && v.$className !== undefined) {
    const cls: string = v.$className;
    const out: { value: string | null; count?: number; location?: string } = { value: null };
    try {
      const text = v.$h !== undefined ? objectToString(v.$h) : String(v);
      out.value = text === null ? null : bounded(text);
    } catch (e) {
      out.value = `<${cls}: toString failed>`;
    }
    if (cls === "android.location.Location") {
      try { out.location = `${v.getLatitude()},${v.getLongitude()}`; } catch (e) { /* not a real Location */ }
    } else if (typeof v.size === "function") {
      try { out.count = Number(v.size()); } catch (e) { /* not a collection */ }
    }
    return out;
  }
  return { value: bounded(String(v)) };
}

/** Plain string of a value for record filters (Uri -> its toString, String -> itself). */
export function asText(v: any): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  try { return v.$h !== undefined ? objectToString(v.$h) : String(v); } catch (e) { return null; }
}

const DESCRIPTOR = /^[A-Za-z_][\w$]*(\.[A-Za-z_][\w$]*)+$/;

/**
 * The AIDL interface descriptor at the start of a request Parcel, or null. The header before
 * it is 12 bytes on API 30+ (strict-mode policy, work-source uid, 'SYST'), 8 on API 29, 4
 * before: each offset is tried and the read position is put back, so the app's Parcel is
 * exactly as it was.
 */
export function interfaceToken(p: any): string | null {
  if (p === null || p === undefined) return null;
  const pos: number = p.dataPosition();
  try {
    const size: number = p.dataSize();
    for (const off of [12, 8, 4]) {
      if (size < off + 8) continue;
      p.setDataPosition(off);
      const s = p.readString();
      if (typeof s === "string" && DESCRIPTOR.test(s)) return s;
    }
    return null;
  } catch (e) {
    return null;
  } finally {
    p.setDataPosition(pos);
  }
}
