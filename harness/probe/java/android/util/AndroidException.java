package android.util;

/** Stand-in for android.util.AndroidException. */
public class AndroidException extends Exception {
    public AndroidException() {}

    public AndroidException(String name) {
        super(name);
    }
}
