// Record filters decide only whether a call is RECORDED; the app's result is never touched.
import type { Filter } from "./types.js";

function globToRegExp(glob: string): RegExp {
  let rx = "^";
  for (const ch of glob) {
    if (ch === "*") rx += "[^]*";
    else if (ch === "?") rx += ".";
    else rx += ch.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(rx + "$");
}

export function authorityOf(uri: string): string | null {
  const i = uri.indexOf("://");
  if (i < 0) return null;
  const rest = uri.substring(i + 3);
  const end = rest.search(/[/?]/);
  const auth = end < 0 ? rest : rest.substring(0, end);
  return auth.length > 0 ? auth : null;
}

export type Matcher = (value: string | null) => boolean;

export function compile(f: Filter, appPackages: string[]): Matcher {
  const equals = new Set(f.equals);
  const prefixes = f.prefix;
  const globs = f.glob.map(globToRegExp);
  const authorities = new Set(f.authority);
  const tokens = new Set(f.interface_token ?? []);
  const own = new Set(appPackages);
  const bits = f.any_bit ?? 0;
  return (value: string | null): boolean => {
    if (value === null) return false;
    if (equals.has(value) || tokens.has(value)) return true;
    for (const p of prefixes) if (value.startsWith(p)) return true;
    for (const g of globs) if (g.test(value)) return true;
    if (authorities.size > 0) {
      const a = authorityOf(value);
      if (a !== null && authorities.has(a)) return true;
    }
    if (bits !== 0 && /^-?\d+$/.test(value) && (Number(value) & bits) !== 0) return true;
    return f.other_package && !own.has(value);
  };
}
