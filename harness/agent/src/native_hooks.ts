// Native hooks (Frida 17 Interceptor): one listener per resolved address, shared by every
// entry of that symbol; each entry records only calls its filter accepts. Arguments are
// read as the catalogue says (native.args); out_args are read when the call returns.
import Java from "frida-java-bridge";
import * as events from "./events.js";
import * as guard from "./guard.js";
import { compile, type Matcher } from "./filter.js";
import { javaStack, nativeThreadName } from "./stack.js";
import type { Entry, HookEvent } from "./types.js";
import { bounded, busyThreads } from "./values.js";

interface Bound { entry: Entry; match: Matcher | null; }

function resolve(entry: Entry): NativePointer | string {
  if (entry.module === null) {
    const p = Module.findGlobalExportByName(entry.symbol!);
    return p ?? `symbol ${entry.symbol} is not exported by any loaded module`;
  }
  const mod = Process.findModuleByName(entry.module);
  if (mod === null) return `module ${entry.module} is not loaded`;
  return mod.findExportByName(entry.symbol!) ?? `symbol ${entry.symbol} not found in ${entry.module}`;
}

function readArg(type: string, p: NativePointer): string | null {
  switch (type) {
    case "utf8":
      if (p.isNull()) return null;
      try { return bounded(p.readUtf8String() ?? ""); } catch (e) { return null; }
    case "int": return String(p.toInt32());
    case "uint": return String(p.toUInt32());
    case "ptr": return p.toString();
    case "ifreq_hwaddr": {
      // struct ifreq { char ifr_name[16]; struct sockaddr ifr_hwaddr {u16 family; u8 data[14]} }
      if (p.isNull()) return null;
      try {
        const raw = new Uint8Array(p.readByteArray(16) ?? new ArrayBuffer(0));
        const end = raw.indexOf(0);
        const name = String.fromCharCode(...raw.subarray(0, end < 0 ? raw.length : end));
        const mac = p.add(18).readByteArray(6);
        const bytes = mac === null ? [] : Array.from(new Uint8Array(mac));
        return `${name} ${bytes.map(b => (b + 0x100).toString(16).substring(1)).join(":")}`;
      } catch (e) { return null; }
    }
    default: return null;
  }
}

function backtrace(ctx: CpuContext): string[] {
  try {
    return Thread.backtrace(ctx, Backtracer.FUZZY).slice(0, 16).map(addr => {
      const m = Process.findModuleByAddress(addr);
      return m === null ? addr.toString() : `${m.name}!0x${addr.sub(m.base).toString(16)}`;
    });
  } catch (e) {
    return [];
  }
}

function javaStackIfAttached(): string | null {
  // A native read from Java code (FileInputStream, NetworkInterface...) is attributed through
  // the Java stack when the thread is attached to the VM.
  try {
    if (!Java.available) return null;
    const env = (Java.vm as any).tryGetEnv();
    if (env === null) return null;
    return javaStack();
  } catch (e) {
    return null;
  }
}

export function installNative(entries: Entry[], appPackages: string[]): void {
  const byAddress = new Map<string, { addr: NativePointer; bound: Bound[] }>();
  for (const e of entries) {
    if (e.kind !== "native") continue;
    const where = resolve(e);
    if (typeof where === "string") {
      events.diag("hook_skipped", e.id, where);
      continue;
    }
    const key = where.toString();
    const slot = byAddress.get(key) ?? { addr: where, bound: [] };
    slot.bound.push({ entry: e, match: e.filter !== null ? compile(e.filter, appPackages) : null });
    byAddress.set(key, slot);
  }
  for (const { addr, bound } of byAddress.values()) {
    // fopen -> open inside libc is one app call: the catalogue puts both in one hook group.
    const inGroup = guard.threadsIn(bound[0].entry.group);
    try {
      Interceptor.attach(addr, {
        onEnter(args) {
          const tid = this.threadId;
          if (busyThreads.has(tid) || inGroup.has(tid)) return;
          this.guarded = guard.enter(inGroup, tid);
          let hits: { b: Bound; argv: Record<string, string | null> }[] | null = null;
          // Entries sharing a symbol filter on the same argument (4 entries on open()'s path):
          // read it once per call, not once per entry.
          let filterArg = -1;
          let filterType = "";
          let filterText: string | null = null;
          for (const b of bound) {
            const types = b.entry.native_args;
            if (b.match !== null) {
              const i = b.entry.filter!.arg;
              if (i !== filterArg || types[i] !== filterType) {
                filterArg = i;
                filterType = types[i];
                filterText = readArg(filterType, args[i]);
              }
              if (!b.match(filterText)) continue;
            }
            const argv: Record<string, string | null> = {};
            for (const i of b.entry.capture.args) argv[String(i)] = readArg(types[i], args[i]);
            (hits ??= []).push({ b, argv });
          }
          if (hits === null) return;
          this.hits = hits;
          this.nstack = backtrace(this.context);
          busyThreads.add(tid);
          try { this.jstack = javaStackIfAttached(); } finally { busyThreads.delete(tid); }
          this.outs = hits.map(h => h.b.entry.capture.out_args.map(i => args[i]));
        },
        onLeave(retval) {
          if (this.guarded === true) inGroup.delete(this.threadId);
          const hits = this.hits as { b: Bound; argv: Record<string, string | null> }[] | undefined;
          if (hits === undefined) return;
          const outs = this.outs as NativePointer[][];
          hits.forEach((h, k) => {
            const entry = h.b.entry;
            const values: Record<string, unknown> = {};
            if (entry.capture.return) values.return = String(retval.toInt32());
            const argv: Record<string, string | null> = { ...h.argv };
            entry.capture.out_args.forEach((i, j) => { argv[String(i)] = readArg(entry.native_args[i], outs[k][j]); });
            if (Object.keys(argv).length > 0) values.args = argv;
            const ev: HookEvent = {
              seq: events.nextSeq(), time: Date.now(), thread: nativeThreadName(), hook: entry.id, values,
              stack: this.jstack as string | null, native_stack: this.nstack as string[], fg: events.foreground(),
            };
            events.push(ev);
          });
        },
      });
      for (const b of bound) events.diag("hook_installed", b.entry.id, null, { address: addr.toString() });
    } catch (err) {
      for (const b of bound) events.diag("hook_skipped", b.entry.id, `cannot attach to ${b.entry.symbol}: ${err}`);
    }
  }
}
