package android.location;

/** Stand-in for android.location.GnssStatus. */
public final class GnssStatus {
    private GnssStatus() {}

    /** Stand-in for android.location.GnssStatus$Callback. */
    public abstract static class Callback {
        public Callback() {}

        public void onStarted() {}

        public void onStopped() {}
    }
}
