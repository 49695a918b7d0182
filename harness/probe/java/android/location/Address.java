package android.location;

import java.util.Locale;

/** Stand-in for android.location.Address. */
public class Address {
    private final String mLine;
    private final double mLatitude;
    private final double mLongitude;

    public Address(String line, double latitude, double longitude) {
        mLine = line;
        mLatitude = latitude;
        mLongitude = longitude;
    }

    public String getAddressLine(int index) {
        return index == 0 ? mLine : null;
    }

    public double getLatitude() {
        return mLatitude;
    }

    public double getLongitude() {
        return mLongitude;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Address[addressLines=[0:\"%s\"],hasLatitude=true,latitude=%s,hasLongitude=true,longitude=%s]",
                mLine, mLatitude, mLongitude);
    }
}
