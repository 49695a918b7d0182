package android.app.usage;

/** Stand-in for android.app.usage.UsageStats. */
public final class UsageStats {
    private final String mPackageName;
    private final long mForegroundMs;

    UsageStats(String packageName, long foregroundMs) {
        mPackageName = packageName;
        mForegroundMs = foregroundMs;
    }

    public String getPackageName() {
        return mPackageName;
    }

    public long getTotalTimeInForeground() {
        return mForegroundMs;
    }

    @Override
    public String toString() {
        return "UsageStats{" + mPackageName + " foreground=" + mForegroundMs + "ms}";
    }
}
