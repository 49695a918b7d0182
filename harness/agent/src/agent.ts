// The harness agent: `init(spec)` installs the catalogue's hooks (each on its own), takes the
// Build.* snapshots, optionally the TLS trust module, and streams batched events. `flush`
// sends what is buffered and returns the last sequence number (the host's acknowledgement);
// `dispose` does the same when the script unloads (detach, process exit).
import Java from "frida-java-bridge";
import * as events from "./events.js";
import * as guard from "./guard.js";
import { groupEntries, installAll, setAppPackages, snapshot } from "./java_hooks.js";
import { installNative } from "./native_hooks.js";
import { installSockets } from "./sockets.js";
import { initStacks } from "./stack.js";
import { installBoringSsl, installTls } from "./tls.js";
import type { Spec } from "./types.js";

let initialised = false;

/**
 * Second line of defence next to `dispose`: when the process calls exit(), send the buffer
 * and wait for the host's acknowledgement before libc tears the process down (whichever of
 * this and Frida's own exit handling runs first does the draining; the other finds nothing).
 */
function drainOnExit(): void {
  for (const name of ["exit", "_exit"]) {
    const target = Module.findGlobalExportByName(name);
    if (target === null) continue;
    try {
      Interceptor.attach(target, {
        onEnter() {
          try { events.flushAndDrain(); } catch (e) { /* the dispose handler tries again */ }
        },
      });
    } catch (e) {
      events.diag("error", null, `cannot watch ${name}(): ${e}`);
    }
  }
}

function init(spec: Spec): Record<string, unknown> {
  if (initialised) throw new Error("init called twice");
  initialised = true;
  events.configure(spec.batch_size ?? 500, spec.flush_ms ?? 50, spec.max_in_flight ?? 50000);
  setAppPackages(spec.app_packages ?? []);
  guard.setEnabled(spec.nest_guard ?? true);
  const javaEntries = spec.entries.filter(e => e.kind !== "native");
  const nativeEntries = spec.entries.filter(e => e.kind === "native");
  const java = Java.available;
  if (java) {
    Java.perform(() => {
      initStacks();
      for (const e of javaEntries.filter(x => x.kind === "snapshot")) snapshot(e);
      installAll(groupEntries(javaEntries), spec.retry_ms ?? 1000);
      if (spec.tls_ca_pem) installTls(spec.tls_ca_pem, spec.retry_ms ?? 1000);
    });
  } else {
    for (const e of javaEntries) events.diag("hook_skipped", e.id, "no Java runtime in this process");
  }
  installNative(nativeEntries, spec.app_packages ?? []);
  if (spec.tls_ca_pem) installBoringSsl(spec.tls_ca_pem);
  if (spec.sockets) installSockets(spec.sockets);
  drainOnExit();
  events.diag("loaded", null, null, { java, pid: Process.id, arch: Process.arch, platform: Process.platform });
  return { time: Date.now(), pid: Process.id, java };
}

rpc.exports = {
  init,
  now(): number {
    return Date.now();
  },
  flush(): number {
    return events.flush();
  },
  dispose(): void {
    // Detach or process exit: send the buffer and wait for the host's acknowledgement so
    // events still in the transport are not lost when the process goes away.
    try {
      events.flushAndDrain();
    } catch (e) {
      events.diag("error", null, `flush on unload failed: ${e}`);
    }
  },
};
