package android.app;

/** Stand-in for android.app.PendingIntent (only passed through). */
public final class PendingIntent {
    private final String mTag;

    public PendingIntent(String tag) {
        mTag = tag;
    }

    @Override
    public String toString() {
        return "PendingIntent{" + mTag + "}";
    }
}
