package android.os;

/** Stand-in for android.os.Handler (only passed through). */
public class Handler {
    public Handler() {}

    public Handler(Looper looper) {}
}
