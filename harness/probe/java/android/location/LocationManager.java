package android.location;

import android.content.Context;
import android.os.CancellationSignal;
import android.os.Looper;
import com.android.internal.probe.DeviceState;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

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

    /** Delivers one fix synchronously to the listener. */
    public void requestSingleUpdate(String provider, LocationListener listener, Looper looper) {
        listener.onLocationChanged(fix(provider));
    }

    /** Delivers one fix to the consumer through the executor. */
    public void getCurrentLocation(String provider, CancellationSignal cancellationSignal, Executor executor,
            Consumer<Location> consumer) {
        Location l = fix(provider);
        executor.execute(() -> consumer.accept(l));
    }

    public boolean registerGnssStatusCallback(GnssStatus.Callback callback) {
        return callback != null;
    }

    public void unregisterGnssStatusCallback(GnssStatus.Callback callback) {}

    public boolean addNmeaListener(OnNmeaMessageListener listener) {
        return listener != null;
    }

    public void removeNmeaListener(OnNmeaMessageListener listener) {}

    public boolean addGpsStatusListener(GpsStatus.Listener listener) {
        return listener != null;
    }

    public void removeGpsStatusListener(GpsStatus.Listener listener) {}
}
