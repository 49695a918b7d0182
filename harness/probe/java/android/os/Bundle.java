package android.os;

/** Stand-in for android.os.Bundle (only passed through). */
public final class Bundle {
    public Bundle() {}
}
