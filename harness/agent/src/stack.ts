// Java stacks through raw JNI: Arrays.toString(Thread.currentThread().getStackTrace()) costs
// four JNI calls and one string, instead of one wrapper per frame through the bridge.
// Works the same on ART and on a HotSpot JVM (the stand-in).
import Java from "frida-java-bridge";

interface Jni {
  thread: NativePointer; arrays: NativePointer; objectToString: NativePointer;
  currentThread: NativePointer; getStackTrace: NativePointer; getName: NativePointer; toString: NativePointer;
}

let jni: Jni | null = null;
// JNI call stubs made once (the bridge would rebuild a cache key string on every call).
let callStatic0: any = null;
let callStatic1: any = null;
let callObject0: any = null;

function env(): any {
  // Inside a hook the bridge already holds this thread's env (no GetEnv call); no cache of
  // our own: an OS thread id can be reused by a new thread with another JNIEnv.
  return Java.vm.getEnv();
}
const threadNames = new Map<number, string>();

export function initStacks(): void {
  const env: any = Java.vm.getEnv();
  const thread = env.findClass("java/lang/Thread");
  const arrays = env.findClass("java/util/Arrays");
  const object = env.findClass("java/lang/Object");
  jni = {
    objectToString: env.getMethodId(object, "toString", "()Ljava/lang/String;"),
    thread: env.newGlobalRef(thread),
    arrays: env.newGlobalRef(arrays),
    currentThread: env.getStaticMethodId(thread, "currentThread", "()Ljava/lang/Thread;"),
    getStackTrace: env.getMethodId(thread, "getStackTrace", "()[Ljava/lang/StackTraceElement;"),
    getName: env.getMethodId(thread, "getName", "()Ljava/lang/String;"),
    toString: env.getStaticMethodId(arrays, "toString", "([Ljava/lang/Object;)Ljava/lang/String;"),
  };
  env.deleteLocalRef(thread);
  env.deleteLocalRef(arrays);
  env.deleteLocalRef(object);
  callStatic0 = env.staticVaMethod("pointer", []);
  callStatic1 = env.staticVaMethod("pointer", ["pointer"]);
  callObject0 = env.vaMethod("pointer", []);
}

/** Object.toString() of a wrapper through JNI (works for interface-typed wrappers too). */
export function objectToString(handle: NativePointer): string | null {
  if (jni === null || handle.isNull()) return null;
  const e = env();
  const s = callObject0(e.handle, handle, jni.objectToString);
  if (s.isNull()) {
    e.throwIfExceptionPending();
    return null;
  }
  try {
    return e.stringFromJni(s);
  } finally {
    e.deleteLocalRef(s);
  }
}

/**
 * The calling thread's Java stack as Arrays.toString prints it, "[frame, frame, ...]",
 * innermost first (starting with Thread.getStackTrace itself). The host splits it: no
 * per-frame work happens in the app's thread.
 */
export function javaStack(): string | null {
  if (jni === null) return null;
  const e = env();
  const h = e.handle;
  const thr = callStatic0(h, jni.thread, jni.currentThread);
  const arr = callObject0(h, thr, jni.getStackTrace);
  const str = arr.isNull() ? arr : callStatic1(h, jni.arrays, jni.toString, arr);
  if (str.isNull()) {
    // Never leave a Java exception pending in the app's thread (it would surface in the app).
    const pending = e.exceptionOccurred();
    if (!pending.isNull()) {
      e.exceptionClear();
      e.deleteLocalRef(pending);
    }
    if (!thr.isNull()) e.deleteLocalRef(thr);
    if (!arr.isNull()) e.deleteLocalRef(arr);
    return null;
  }
  try {
    return e.stringFromJni(str);
  } finally {
    e.deleteLocalRef(str);
    e.deleteLocalRef(arr);
    e.deleteLocalRef(thr);
  }
}

/** Java name of the calling thread `tid` (cached per OS thread id). */
export function threadName(tid: number = Process.getCurrentThreadId()): string {
  const known = threadNames.get(tid);
  if (known !== undefined) return known;
  let name = `tid-${tid}`;
  if (jni !== null) {
    try {
      const e = env();
      const h = e.handle;
      const thr = callStatic0(h, jni.thread, jni.currentThread);
      const s = callObject0(h, thr, jni.getName);
      name = e.stringFromJni(s);
      e.deleteLocalRef(s);
      e.deleteLocalRef(thr);
    } catch (err) { /* keep tid-N */ }
  }
  threadNames.set(tid, name);
  return name;
}

/** Thread name for native hooks: the Java name when the thread is attached to the VM. */
export function nativeThreadName(): string {
  const tid = Process.getCurrentThreadId();
  return threadNames.get(tid) ?? `tid-${tid}`;
}
