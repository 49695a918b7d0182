// Java hooks: one implementation per overload, shared by every catalogue entry of that
// method. Hooks OBSERVE ONLY: the original is always called with the same arguments and its
// result (or exception) goes back to the app unchanged, whether or not a filter matches.
import Java from "frida-java-bridge";
import * as events from "./events.js";
import * as guard from "./guard.js";
import { compile, type Matcher } from "./filter.js";
import { javaStack, threadName } from "./stack.js";
import type { Entry, HookEvent } from "./types.js";
import { asText, busyThreads, describe, interfaceToken } from "./values.js";

interface Bound { entry: Entry; match: Matcher | null; }

interface Group {
  key: string;           // "class#method"
  cls: string;
  method: string;
  entries: Entry[];
}

let appPackages: string[] = [];
const pending = new Map<string, Group>();     // groups whose class is not loaded (yet)
// Entries hooked on the concrete class a factory returns (interfaces since play-services-location
// 21): by factory entry id; the classes already hooked for each, so a class is hooked once.
const byFactory = new Map<string, Entry[]>();
const concreteDone = new Set<string>();
const loaders: any[] = [];                    // class loaders found when a pending class appeared
let retryTimer: ReturnType<typeof setInterval> | null = null;
let enumerateFailures = 0;

export function setAppPackages(p: string[]): void {
  appPackages = p;
}

export function groupEntries(entries: Entry[]): Group[] {
  const groups = new Map<string, Group>();
  for (const e of entries) {
    if (e.kind !== "java" || e.class === null || e.method === null) continue;
    if (e.concrete_from) {
      const l = byFactory.get(e.concrete_from) ?? [];
      l.push(e);
      byFactory.set(e.concrete_from, l);
      continue;
    }
    const key = `${e.class}#${e.method}`;
    let g = groups.get(key);
    if (g === undefined) {
      g = { key, cls: e.class, method: e.method, entries: [] };
      groups.set(key, g);
    }
    g.entries.push(e);
  }
  return [...groups.values()];
}

function sigOf(ov: any): string {
  return ov.argumentTypes.map((t: any) => t.className).join(",");
}

function record(entry: Entry, args: any[], ret: any, thrown: string | null, stack: string | null, types: Types,
                tid: number): void {
  const values: Record<string, unknown> = {};
  const cap = entry.capture;
  if (cap.return && thrown === null && ret !== undefined) {
    const d = describe(ret, types.ret);
    values.return = d.value;
    if (d.count !== undefined) values.return_count = d.count;
    if (d.location !== undefined) values.location = d.location;
  }
  if (cap.args.length > 0) {
    const a: Record<string, unknown> = {};
    for (const i of cap.args) {
      if (i < args.length) {
        const d = describe(args[i], types.args[i]);
        a[String(i)] = d.value;
        if (d.count !== undefined) a[`${i}_count`] = d.count;
      }
    }
    values.args = a;
  }
  if (thrown !== null) values.thrown = thrown;
  if (entry.foreground !== null) events.moveForeground(entry.foreground);
  const ev: HookEvent = {
    seq: events.nextSeq(), time: Date.now(), thread: threadName(tid), hook: entry.id, values,
    stack, fg: events.foreground(),
  };
  events.push(ev);
}

interface Types { ret: string; args: string[]; }

/**
 * The entries that record this call (their filters accept its arguments), or null. Decided
 * before the original runs; the call is the app's call either way, so what it reaches in its
 * own group is not recorded even when no entry records the call itself.
 */
function select(bound: Bound[], args: any[], tid: number): Bound[] | null {
  if (busyThreads.has(tid)) return null;     // the agent's own toString()/getLatitude() calls
  busyThreads.add(tid);
  try {
    let hits: Bound[] | null = null;
    // Entries sharing a method filter on the same argument (8 ContentResolver.query entries on
    // the Uri): its text (a JNI toString for objects) is taken once per call, not per entry.
    let textKey = "";
    let text: string | null = null;
    for (const b of bound) {
      if (b.match !== null) {
        const f = b.entry.filter!;
        const i = f.arg;
        if (i >= args.length) continue;
        const parcel = f.interface_token.length > 0;   // BinderProxy.transact: the request's descriptor
        const key = `${i}${parcel ? "p" : "t"}`;
        if (key !== textKey) {
          textKey = key;
          text = parcel ? interfaceToken(args[i]) : asText(args[i]);
        }
        if (!b.match(text)) continue;
      }
      (hits ??= []).push(b);
    }
    return hits;
  } catch (e) {
    events.diag("error", bound[0]?.entry.id ?? null, `filtering failed: ${e}`);
    return null;
  } finally {
    busyThreads.delete(tid);
  }
}

function observe(hits: Bound[], types: Types, args: any[], ret: any, thrown: string | null, tid: number): void {
  busyThreads.add(tid);
  try {
    const stack = javaStack();
    for (const b of hits) {
      record(b.entry, args, ret, thrown, stack, types, tid);
      if (ret !== null && ret !== undefined && byFactory.has(b.entry.id)) hookConcrete(b.entry.id, ret);
    }
  } catch (e) {
    events.diag("error", hits[0]?.entry.id ?? null, `recording failed: ${e}`);
  } finally {
    busyThreads.delete(tid);
  }
}

function install(group: Group, C: any): void {
  const m = C[group.method];
  if (m === undefined || m.overloads === undefined) {
    for (const e of group.entries) {
      events.diag("hook_skipped", e.id, `no method ${group.method} on ${group.cls}`);
    }
    return;
  }
  const overloads: any[] = m.overloads;
  const perOverload = new Map<any, Bound[]>();
  const missing = new Map<string, string[]>();
  for (const e of group.entries) {
    const wanted = e.overloads === "all" ? null : e.overloads.map(s => s.join(","));
    const chosen = wanted === null ? overloads : overloads.filter(o => wanted.includes(sigOf(o)));
    if (wanted !== null) {
      const have = new Set(overloads.map(sigOf));
      missing.set(e.id, wanted.filter(w => !have.has(w)));
    }
    const bound: Bound = { entry: e, match: e.filter !== null ? compile(e.filter, appPackages) : null };
    for (const o of chosen) {
      const list = perOverload.get(o) ?? [];
      list.push(bound);
      perOverload.set(o, list);
    }
  }
  const failed = new Map<string, string>();
  const installedSigs = new Map<string, string[]>();
  const inGroup = guard.threadsIn(group.entries[0].group ?? group.key);
  for (const [ov, bound] of perOverload) {
    try {
      const isCtor = group.method === "$init";
      const types: Types = { ret: ov.returnType.className, args: ov.argumentTypes.map((t: any) => t.className) };
      ov.implementation = function (this: any, ...args: any[]) {
        const tid = Process.getCurrentThreadId();
        if (inGroup.has(tid)) {
          // Reached from inside a call of this group (AOSP delegation): the same app call.
          const r = ov.apply(this, args);
          return isCtor ? undefined : r;
        }
        const hits = select(bound, args, tid);
        const entered = guard.enter(inGroup, tid);
        let ret: any;
        try {
          ret = ov.apply(this, args);
        } catch (err) {
          if (entered) inGroup.delete(tid);
          if (hits !== null) observe(hits, types, args, undefined, String(err), tid);
          throw err;
        }
        if (entered) inGroup.delete(tid);
        if (hits !== null) observe(hits, types, args, ret, null, tid);
        return isCtor ? undefined : ret;
      };
      for (const b of bound) {
        const l = installedSigs.get(b.entry.id) ?? [];
        l.push(`(${sigOf(ov)})`);
        installedSigs.set(b.entry.id, l);
      }
    } catch (err) {
      for (const b of bound) failed.set(b.entry.id, `(${sigOf(ov)}): ${err}`);
    }
  }
  for (const e of group.entries) {
    const sigs = installedSigs.get(e.id) ?? [];
    const miss = missing.get(e.id) ?? [];
    if (sigs.length === 0) {
      const why = miss.length > 0
        ? `no overload ${miss.map(s => `(${s})`).join(" ")} of ${group.cls}.${group.method}; have ${overloads.map(o => `(${sigOf(o)})`).join(" ")}`
        : `cannot hook ${group.cls}.${group.method}${failed.has(e.id) ? " " + failed.get(e.id) : ""}`;
      events.diag("hook_skipped", e.id, why);
    } else {
      events.diag("hook_installed", e.id, null, { overloads: sigs, missing: miss.map(s => `(${s})`) });
    }
  }
}

/**
 * The factory returned `obj`: hook the dependent entries' methods on its runtime class, once
 * per class, through the class loader that loaded it (an app or SDK loader on Android).
 */
function hookConcrete(factoryId: string, obj: any): void {
  const o = Java.cast(obj, Java.use("java.lang.Object"));
  const klass = o.getClass();
  const name: string = klass.getName();
  const done = `${factoryId}>${name}`;
  if (concreteDone.has(done)) return;
  concreteDone.add(done);
  let C: any;
  try {
    const loader = klass.getClassLoader();
    C = loader === null ? Java.use(name) : Java.ClassFactory.get(loader).use(name);
  } catch (e) {
    for (const entry of byFactory.get(factoryId)!) events.diag("hook_skipped", entry.id, `cannot use ${name}: ${e}`);
    return;
  }
  const groups = new Map<string, Group>();
  for (const entry of byFactory.get(factoryId)!) {
    const key = `${name}#${entry.method}`;
    const g = groups.get(key) ?? { key, cls: name, method: entry.method!, entries: [] };
    g.entries.push(entry);
    groups.set(key, g);
  }
  for (const g of groups.values()) install(g, C);
}

function tryUse(cls: string): any | null {
  try {
    return Java.use(cls);
  } catch (e) {
    for (const loader of loaders) {
      try {
        return Java.ClassFactory.get(loader).use(cls);
      } catch (e2) { /* not in this loader */ }
    }
    return null;
  }
}

export function installAll(groups: Group[], retryMs: number): void {
  for (const g of groups) {
    const C = tryUse(g.cls);
    if (C === null) {
      pending.set(g.key, g);
      for (const e of g.entries) {
        events.diag("hook_skipped", e.id, `class ${g.cls} not found (hooked later if it loads)`, { pending: true });
      }
      continue;
    }
    install(g, C);
  }
  if (pending.size > 0) {
    retryTimer = setInterval(retryPending, retryMs);
  }
}

/**
 * Pending classes (not loadable through the default loader at init): every tick, look for
 * their names among the loaded classes (JVMTI / ART class table); when one shows up, take
 * the current class loaders and hook it through the loader that has it. Hooking
 * ClassLoader.loadClass does not work on HotSpot (compiled callers bypass the hook), and a
 * class-loader heap walk every tick would be too costly, so it runs only on a name match.
 */
function retryPending(): void {
  if (pending.size === 0) {
    if (retryTimer !== null) clearInterval(retryTimer);
    retryTimer = null;
    return;
  }
  Java.perform(() => {
    const wanted = new Set([...pending.values()].map(g => g.cls));
    const present = new Set<string>();
    try {
      Java.enumerateLoadedClasses({
        onMatch(name: string) { if (wanted.has(name)) present.add(name); },
        onComplete() { /* synchronous */ },
      });
    } catch (e) {
      // JVMTI refuses while the VM starts up or shuts down (wrong phase): try next tick,
      // give up quietly after a few failures in a row.
      if (++enumerateFailures >= 3 && retryTimer !== null) {
        clearInterval(retryTimer);
        retryTimer = null;
      }
      return;
    }
    enumerateFailures = 0;
    if (present.size === 0) return;
    loaders.length = 0;
    try { Java.enumerateClassLoadersSync().forEach(l => loaders.push(l)); } catch (e) { /* default loader only */ }
    for (const [key, g] of [...pending]) {
      if (!present.has(g.cls)) continue;
      const C = tryUse(g.cls);
      if (C !== null) {
        pending.delete(key);
        install(g, C);
      }
    }
  });
}

/** Reads static fields once (Build.*): they cannot be hooked. */
export function snapshot(entry: Entry): void {
  const C = tryUse(entry.class!);
  if (C === null) {
    events.diag("hook_skipped", entry.id, `class ${entry.class} not found: no snapshot`);
    return;
  }
  const values: Record<string, string | null> = {};
  const missing: string[] = [];
  const tid = Process.getCurrentThreadId();
  busyThreads.add(tid);
  try {
    for (const f of entry.fields) {
      const field = (C[f] !== undefined && C[f].value !== undefined) ? C[f] : C["_" + f];
      if (field === undefined || field.value === undefined) {
        missing.push(f);
        continue;
      }
      values[`${entry.class}.${f}`] = describe(field.value).value;
    }
  } finally {
    busyThreads.delete(tid);
  }
  send({ type: "snapshot", hook_id: entry.id, data_type: entry.data_type, values, missing, time: Date.now() });
}
