package android.location;

import android.content.Context;
import com.android.internal.probe.DeviceState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Stand-in for android.location.Geocoder (answers with the device's own fix). */
public final class Geocoder {
    public Geocoder(Context context) {}

    public Geocoder(Context context, Locale locale) {}

    public static boolean isPresent() {
        return true;
    }

    // AOSP android-13.0.0_r1 location/java/android/location/Geocoder.java: the blocking calls
    // wait on a SynchronousGeocoder passed to the API 33 GeocodeListener overloads;
    // getFromLocationName(name, max) -> (name, max, 0, 0, 0, 0) -> (.., GeocodeListener).

    /** Stand-in for Geocoder$GeocodeListener (API 33). */
    public interface GeocodeListener {
        void onGeocode(List<Address> addresses);

        default void onError(String errorMessage) {}
    }

    private static final class SynchronousGeocoder implements GeocodeListener {
        private List<Address> mResults = new ArrayList<>();

        @Override
        public void onGeocode(List<Address> addresses) {
            mResults = addresses;
        }

        List<Address> getResults() {
            return mResults;
        }
    }

    public List<Address> getFromLocation(double latitude, double longitude, int maxResults) throws IOException {
        SynchronousGeocoder listener = new SynchronousGeocoder();
        getFromLocation(latitude, longitude, maxResults, listener);
        return listener.getResults();
    }

    public void getFromLocation(double latitude, double longitude, int maxResults, GeocodeListener listener) {
        List<Address> out = new ArrayList<>();
        out.add(new Address("北京市东城区东长安街", latitude, longitude));
        listener.onGeocode(out);
    }

    public List<Address> getFromLocationName(String locationName, int maxResults) throws IOException {
        return getFromLocationName(locationName, maxResults, 0, 0, 0, 0);
    }

    public List<Address> getFromLocationName(String locationName, int maxResults, double lowerLeftLatitude,
            double lowerLeftLongitude, double upperRightLatitude, double upperRightLongitude) throws IOException {
        SynchronousGeocoder listener = new SynchronousGeocoder();
        getFromLocationName(locationName, maxResults, lowerLeftLatitude, lowerLeftLongitude, upperRightLatitude,
                upperRightLongitude, listener);
        return listener.getResults();
    }

    public void getFromLocationName(String locationName, int maxResults, GeocodeListener listener) {
        getFromLocationName(locationName, maxResults, 0, 0, 0, 0, listener);
    }

    public void getFromLocationName(String locationName, int maxResults, double lowerLeftLatitude,
            double lowerLeftLongitude, double upperRightLatitude, double upperRightLongitude,
            GeocodeListener listener) {
        List<Address> out = new ArrayList<>();
        out.add(new Address(locationName, DeviceState.latitude, DeviceState.longitude));
        listener.onGeocode(out);
    }
}
