// Interception coverage: a census of every network socket the app opens that does NOT go to
// the audit proxy (libc connect, and sendto/sendmsg/sendmmsg with a destination for unconnected
// UDP; QUIC stacks such as Chromium's batch their datagrams with sendmmsg).
// Such traffic bypasses the proxy (a hard-coded IP with its own socket, QUIC over UDP 443, DNS,
// a native stack ignoring the proxy setting), so "no PI seen in traffic" cannot be said of it.
// Observe only: the call always runs unchanged. One record per TCP connect; UDP once per
// (socket, destination). Bounded: after MAX_RECORDS the rest are only counted.
import Java from "frida-java-bridge";
import * as events from "./events.js";
import { javaStack, nativeThreadName } from "./stack.js";
import { busyThreads } from "./values.js";

const AF_INET = 2;
const AF_INET6 = 10;
const EINPROGRESS = 115;
const MAX_RECORDS = 2000;
const MAX_BATCH = 1024;   // UIO_MAXIOV: the kernel sends at most this many messages per sendmmsg
// struct mmsghdr { struct msghdr msg_hdr; unsigned int msg_len; }: 7 fields of msghdr (pointer-sized
// or int, padded) + msg_len, padded to pointer alignment: 64 bytes on LP64, 32 on 32-bit ABIs.
const MMSGHDR_SIZE = Process.pointerSize === 8 ? 64 : 32;

export interface SocketsSpec { proxy: [string, number][]; }

interface Dest { family: "ipv4" | "ipv6"; address: string; port: number; }

let proxies: { loopback: boolean; host: string; port: number }[] = [];
let recorded = 0;
let suppressed = 0;
const udpSeen = new Set<string>();

function hex4(n: number): string {
  return n.toString(16);
}

/** struct sockaddr_in / sockaddr_in6 -> destination; null for AF_UNIX and anything else. */
export function readSockaddr(p: NativePointer): Dest | null {
  if (p.isNull()) return null;
  const family = p.readU16();
  const port = (p.add(2).readU8() << 8) | p.add(3).readU8();
  if (family === AF_INET) {
    const b = new Uint8Array(p.add(4).readByteArray(4)!);
    return { family: "ipv4", address: Array.from(b).join("."), port };
  }
  if (family === AF_INET6) {
    const b = new Uint8Array(p.add(8).readByteArray(16)!);
    const mapped = b.slice(0, 10).every(x => x === 0) && b[10] === 0xff && b[11] === 0xff;
    if (mapped) return { family: "ipv4", address: Array.from(b.slice(12)).join("."), port };
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(hex4((b[i] << 8) | b[i + 1]));
    return { family: "ipv6", address: groups.join(":"), port };
  }
  return null;
}

function isLoopback(address: string): boolean {
  return address.startsWith("127.") || address === "::1" || address === "0:0:0:0:0:0:0:1";
}

function toProxy(d: Dest): boolean {
  return proxies.some(p => p.port === d.port && (p.host === d.address || (p.loopback && isLoopback(d.address))));
}

function javaStackIfAttached(): string | null {
  try {
    if (!Java.available) return null;
    if ((Java.vm as any).tryGetEnv() === null) return null;
    return javaStack();
  } catch (e) {
    return null;
  }
}

function backtrace(ctx: CpuContext): string[] {
  try {
    return Thread.backtrace(ctx, Backtracer.FUZZY).slice(0, 8).map(addr => {
      const m = Process.findModuleByAddress(addr);
      return m === null ? addr.toString() : `${m.name}!0x${addr.sub(m.base).toString(16)}`;
    });
  } catch (e) {
    return [];
  }
}

function transportOf(fd: number): "tcp" | "udp" | null {
  const t = Socket.type(fd);
  if (t === "tcp" || t === "tcp6") return "tcp";
  if (t === "udp" || t === "udp6") return "udp";
  return null;   // unix sockets and non-sockets: not network traffic
}

function purpose(transport: string, port: number): string | null {
  if (transport === "udp" && port === 443) return "quic";
  if (port === 53) return "dns";
  if (port === 853) return "dns_over_tls";
  return null;
}

function push(call: string, transport: string, d: Dest, ctx: CpuContext, result: string | null): void {
  if (recorded >= MAX_RECORDS) {
    if (suppressed++ === 0) {
      events.diag("error", "coverage.socket_census", `more than ${MAX_RECORDS} sockets: the rest are counted only`);
    }
    return;
  }
  recorded++;
  const tid = Process.getCurrentThreadId();
  busyThreads.add(tid);
  let stack: string | null = null;
  try { stack = javaStackIfAttached(); } finally { busyThreads.delete(tid); }
  events.push({
    seq: events.nextSeq(), time: Date.now(), thread: nativeThreadName(), hook: "coverage.socket_census",
    values: {}, stack, native_stack: backtrace(ctx), fg: events.foreground(),
    socket: { call, transport, family: d.family, address: d.address, port: d.port,
      quic: transport === "udp" && d.port === 443, purpose: purpose(transport, d.port), result },
  } as any);
}

/** One UDP datagram with an explicit destination: recorded once per (socket, destination). */
function udpSend(call: string, fd: number, addr: NativePointer, ctx: CpuContext): void {
  const d = readSockaddr(addr);
  if (d === null || toProxy(d)) return;
  if (transportOf(fd) !== "udp") return;   // TCP sends were seen at connect
  const key = `${fd}|${d.address}|${d.port}`;
  if (udpSeen.has(key)) return;
  udpSeen.add(key);
  if (udpSeen.size > 10000) udpSeen.clear();
  push(call, "udp", d, ctx, null);
}

function attach(name: string, callbacks: InvocationListenerCallbacks): void {
  const target = Module.findGlobalExportByName(name);
  if (target === null) throw new Error(`${name} is not exported`);
  Interceptor.attach(target, callbacks);
}

export function installSockets(spec: SocketsSpec): void {
  proxies = spec.proxy.map(([host, port]) => ({
    host, port, loopback: host === "localhost" || isLoopback(host),
  }));
  try {
    attach("connect", {
      onEnter(args) {
        if (busyThreads.has(this.threadId)) return;
        const d = readSockaddr(args[1]);
        if (d === null || toProxy(d)) return;
        const transport = transportOf(args[0].toInt32());
        if (transport === null) return;
        if (transport === "udp") udpSeen.add(`${args[0].toInt32()}|${d.address}|${d.port}`);
        this.dest = d;
        this.transport = transport;
      },
      onLeave(retval) {
        if (this.dest === undefined) return;
        const rc = retval.toInt32();
        const errno = rc === 0 ? 0 : (this as any).errno as number;
        const result = rc === 0 ? "ok" : errno === EINPROGRESS ? "in_progress" : `errno ${errno}`;
        push("connect", this.transport as string, this.dest as Dest, this.context, result);
      },
    });
    for (const name of ["sendto", "sendmsg"]) {
      attach(name, {
        onEnter(args) {
          if (busyThreads.has(this.threadId)) return;
          // sendto(fd, buf, len, flags, dest, destlen); sendmsg(fd, msghdr*, flags): msg_name first
          const addr = name === "sendto" ? args[4] : (args[1].isNull() ? ptr(0) : args[1].readPointer());
          udpSend(name, args[0].toInt32(), addr, this.context);
        },
      });
    }
    attach("sendmmsg", {   // bionic since API 21, glibc since 2.14
      onEnter(args) {
        if (busyThreads.has(this.threadId)) return;
        // sendmmsg(fd, mmsghdr[], vlen, flags): each mmsghdr starts with its msghdr, msg_name first
        const vec = args[1];
        if (vec.isNull()) return;
        const n = Math.min(args[2].toUInt32(), MAX_BATCH);
        for (let i = 0; i < n; i++) udpSend("sendmmsg", args[0].toInt32(), vec.add(i * MMSGHDR_SIZE).readPointer(), this.context);
      },
    });
    events.diag("hook_installed", "coverage.socket_census", null, { proxy: spec.proxy });
  } catch (e) {
    events.diag("hook_skipped", "coverage.socket_census", String(e).split("\n")[0]);
  }
}
