package android.location;

/** Stand-in for the (deprecated) android.location.GpsStatus. */
public final class GpsStatus {
    private GpsStatus() {}

    /** Stand-in for android.location.GpsStatus$Listener. */
    public interface Listener {
        void onGpsStatusChanged(int event);
    }
}
