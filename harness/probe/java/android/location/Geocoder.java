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

    public List<Address> getFromLocation(double latitude, double longitude, int maxResults) throws IOException {
        List<Address> out = new ArrayList<>();
        out.add(new Address("北京市东城区东长安街", latitude, longitude));
        return out;
    }

    public List<Address> getFromLocationName(String locationName, int maxResults) throws IOException {
        List<Address> out = new ArrayList<>();
        out.add(new Address(locationName, DeviceState.latitude, DeviceState.longitude));
        return out;
    }
}
