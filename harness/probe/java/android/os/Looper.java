package android.os;

/** Stand-in for android.os.Looper (only passed through). */
public final class Looper {
    private static final Looper MAIN = new Looper();

    private Looper() {}

    public static Looper getMainLooper() {
        return MAIN;
    }
}
