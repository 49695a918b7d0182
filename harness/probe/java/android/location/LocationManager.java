package android.location;

import android.content.Context;
import com.android.internal.probe.DeviceState;

/** Stand-in for android.location.LocationManager, backed by the device's (plantable) fix. */
public class LocationManager {
    public static final String GPS_PROVIDER = "gps";
    public static final String NETWORK_PROVIDER = "network";
    public static final String FUSED_PROVIDER = "fused";

    private final Context mContext;

    public LocationManager(Context context) {
        mContext = context;
    }

    private static Location fix(String provider) {
        Location l = new Location(provider);
        l.setLatitude(DeviceState.latitude);
        l.setLongitude(DeviceState.longitude);
        return l;
    }

    public Location getLastKnownLocation(String provider) {
        return fix(provider);
    }

    /** Delivers one fix synchronously to the listener (Android would do it later, on the looper). */
    public void requestLocationUpdates(String provider, long minTimeMs, float minDistanceM,
            LocationListener listener) {
        listener.onLocationChanged(fix(provider));
    }

    public void removeUpdates(LocationListener listener) {}

    public boolean isProviderEnabled(String provider) {
        return true;
    }
}
