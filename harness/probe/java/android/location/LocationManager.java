package android.location;

import android.content.Context;
import android.os.CancellationSignal;
import android.os.Handler;
import android.os.HandlerExecutor;
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

    // Call structure of AOSP android-13.0.0_r1 location/java/android/location/LocationManager.java:
    // getLastKnownLocation(String) -> (String, LastLocationRequest); requestLocationUpdates
    // (provider, ms, m, listener) -> (.., listener, Looper) -> (.., Executor, listener) ->
    // (provider, LocationRequest, Executor, listener); requestSingleUpdate(provider, listener,
    // Looper) -> requestLocationUpdates(provider, LocationRequest{maxUpdates=1}, Executor, listener);
    // getCurrentLocation(provider, signal, Executor, Consumer) -> (provider, LocationRequest, ..).
    static final long MAX_SINGLE_LOCATION_TIMEOUT_MS = 30 * 1000;

    public Location getLastKnownLocation(String provider) {
        return getLastKnownLocation(provider, new LastLocationRequest.Builder().build());
    }

    /** Hidden @SystemApi overload: what the location service answers. */
    public Location getLastKnownLocation(String provider, LastLocationRequest lastLocationRequest) {
        return fix(provider);
    }

    public void requestLocationUpdates(String provider, long minTimeMs, float minDistanceM,
            LocationListener listener) {
        requestLocationUpdates(provider, minTimeMs, minDistanceM, listener, null);
    }

    public void requestLocationUpdates(String provider, long minTimeMs, float minDistanceM,
            LocationListener listener, Looper looper) {
        Handler handler = looper == null ? new Handler() : new Handler(looper);
        requestLocationUpdates(provider, minTimeMs, minDistanceM, new HandlerExecutor(handler), listener);
    }

    public void requestLocationUpdates(String provider, long minTimeMs, float minDistanceM, Executor executor,
            LocationListener listener) {
        requestLocationUpdates(provider, new LocationRequest.Builder(minTimeMs)
                .setMinUpdateDistanceMeters(minDistanceM).build(), executor, listener);
    }

    /** Delivers one fix through the executor (Android would deliver them later, repeatedly). */
    public void requestLocationUpdates(String provider, LocationRequest locationRequest, Executor executor,
            LocationListener listener) {
        Location l = fix(provider);
        executor.execute(() -> listener.onLocationChanged(l));
    }

    public void removeUpdates(LocationListener listener) {}

    public boolean isProviderEnabled(String provider) {
        return true;
    }

    public void requestSingleUpdate(String provider, LocationListener listener, Looper looper) {
        Handler handler = looper == null ? new Handler() : new Handler(looper);
        requestLocationUpdates(provider, new LocationRequest.Builder(0).setMaxUpdates(1)
                .setDurationMillis(MAX_SINGLE_LOCATION_TIMEOUT_MS).build(), new HandlerExecutor(handler), listener);
    }

    public void getCurrentLocation(String provider, CancellationSignal cancellationSignal, Executor executor,
            Consumer<Location> consumer) {
        getCurrentLocation(provider, new LocationRequest.Builder(0).build(), cancellationSignal, executor, consumer);
    }

    /** Delivers one fix to the consumer through the executor. */
    public void getCurrentLocation(String provider, LocationRequest locationRequest,
            CancellationSignal cancellationSignal, Executor executor, Consumer<Location> consumer) {
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
