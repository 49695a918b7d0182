// Java stacks through raw JNI: Arrays.toString(Thread.currentThread().getStackTrace()) costs
// four JNI calls and one string, instead of one wrapper per frame through the bridge.
// Works the same on ART and on a HotSpot JVM (the stand-in).
import Java from "frida-java-bridge";

interface Jni {
  thread: NativePointer; arrays: NativePointer; objectToString: NativePointer;
  currentThread: NativePointer; getStackTrace: NativePointer; getName: NativePointer; toString: NativePointer;
}

let jni: Jni | null = null;
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
}

/** Object.toString() of a wrapper through JNI (works for interface-typed wrappers too). */
export function objectToString(handle: NativePointer): string | null {
  if (jni === null || handle.isNull()) return null;
  const env: any = Java.vm.getEnv();
  const s = env.vaMethod("pointer", [])(env.handle, handle, jni.objectToString);
  if (s.isNull()) {
    env.throwIfExceptionPending();
    return null;
  }
  try {
    return env.stringFromJni(s);
  } finally {
    env.deleteLocalRef(s);
  }
}

function splitFrames(s: string): string[] {
  // "[a.B.c(B.java:1), d.E.f(E.java:2)]" -> frames; a frame never contains ", ".
  if (s.length < 2) return [];
  return s.substring(1, s.length - 1).split(", ");
}

/** Innermost-first Java frames of the calling thread, without the getStackTrace frames. */
export function javaStack(): string[] {
  if (jni === null) return [];
  const env: any = Java.vm.getEnv();
  const h = env.handle;
  const callStatic = env.staticVaMethod("pointer", []);
  const callStaticObj = env.staticVaMethod("pointer", ["pointer"]);
  const call = env.vaMethod("pointer", []);
  const thr = callStatic(h, jni.thread, jni.currentThread);
  const arr = call(h, thr, jni.getStackTrace);
  const str = callStaticObj(h, jni.arrays, jni.toString, arr);
  try {
    const frames = splitFrames(env.stringFromJni(str));
    let i = 0;
    while (i < frames.length && frames[i].indexOf("java.lang.Thread.getStackTrace") >= 0) i++;
    return i > 0 ? frames.slice(i) : frames;
  } finally {
    env.deleteLocalRef(str);
    env.deleteLocalRef(arr);
    env.deleteLocalRef(thr);
  }
}

/** Java name of the calling thread (cached per OS thread id). */
export function threadName(): string {
  const tid = Process.getCurrentThreadId();
  const known = threadNames.get(tid);
  if (known !== undefined) return known;
  let name = `tid-${tid}`;
  {
    if (jni !== null) {
      try {
        const env: any = Java.vm.getEnv();
        const h = env.handle;
        const thr = env.staticVaMethod("pointer", [])(h, jni.thread, jni.currentThread);
        const s = env.vaMethod("pointer", [])(h, thr, jni.getName);
        name = env.stringFromJni(s);
        env.deleteLocalRef(s);
        env.deleteLocalRef(thr);
      } catch (e) { /* keep tid-N */ }
    }
    threadNames.set(tid, name);
  }
  return name;
}

/** Thread name for native hooks: the Java name when the thread is attached to the VM. */
export function nativeThreadName(): string {
  const tid = Process.getCurrentThreadId();
  return threadNames.get(tid) ?? `tid-${tid}`;
}
