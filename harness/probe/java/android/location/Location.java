package android.location;

import java.util.Locale;

/** Stand-in for android.location.Location (toString in Android's format). */
public class Location {
    private final String mProvider;
    private double mLatitude;
    private double mLongitude;
    private float mAccuracy = 12.0f;
    private long mTime = 1764316800000L;

    public Location(String provider) {
        mProvider = provider;
    }

    public String getProvider() {
        return mProvider;
    }

    public double getLatitude() {
        return mLatitude;
    }

    public void setLatitude(double latitude) {
        mLatitude = latitude;
    }

    public double getLongitude() {
        return mLongitude;
    }

    public void setLongitude(double longitude) {
        mLongitude = longitude;
    }

    public float getAccuracy() {
        return mAccuracy;
    }

    public void setAccuracy(float accuracy) {
        mAccuracy = accuracy;
    }

    public double getAltitude() {
        return 43.5;
    }

    public float getSpeed() {
        return 1.25f;
    }

    public float getBearing() {
        return 87.0f;
    }

    public long getTime() {
        return mTime;
    }

    public void setTime(long time) {
        mTime = time;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Location[%s %.7f,%.7f hAcc=%.1f et=0 time=%d]", mProvider, mLatitude,
                mLongitude, mAccuracy, mTime);
    }
}
