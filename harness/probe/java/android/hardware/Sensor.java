package android.hardware;

/** Stand-in for android.hardware.Sensor. */
public final class Sensor {
    public static final int TYPE_ACCELEROMETER = 1;
    public static final int TYPE_MAGNETIC_FIELD = 2;
    public static final int TYPE_GYROSCOPE = 4;
    public static final int TYPE_LIGHT = 5;
    public static final int TYPE_STEP_COUNTER = 19;
    public static final int TYPE_HEART_RATE = 21;

    private final int mType;
    private final String mName;

    Sensor(int type, String name) {
        mType = type;
        mName = name;
    }

    public int getType() {
        return mType;
    }

    public String getName() {
        return mName;
    }

    public String getVendor() {
        return "Probe Sensors";
    }

    @Override
    public String toString() {
        // AOSP Sensor.toString: name, vendor, version, type, maxRange, resolution, power, minDelay
        return "{Sensor name=\"" + mName + "\", vendor=\"Probe Sensors\", version=1, type=" + mType
                + ", maxRange=78.4532, resolution=0.0023928226, power=0.15, minDelay=2404}";
    }
}
