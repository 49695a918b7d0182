package android.os;

/** Stand-in for android.os.Handler: posts run at once (the JVM stand-in has no message queue). */
public class Handler {
    public Handler() {}

    public Handler(Looper looper) {}

    public final boolean post(Runnable r) {
        r.run();
        return true;
    }
}
