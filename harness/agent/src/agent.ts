import Java from "frida-java-bridge";
rpc.exports = {
  init() {
    Java.perform(() => {
      const T = Java.use("android.telephony.TelephonyManager");
      T.getDeviceId.overloads.forEach((o: any) => {
        o.implementation = function (...args: any[]) {
          const r = o.apply(this, args);
          const st = Java.use("java.lang.Thread").currentThread().getStackTrace();
          send({type: "hit", r: String(r), st: st.map((f: any) => f.toString())});
          return r;
        };
      });
    });
    return Java.available;
  }
};
