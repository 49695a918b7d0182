package android.hardware;

/** Stand-in for android.hardware.SensorEvent. */
public class SensorEvent {
    public final float[] values;
    public Sensor sensor;
    public long timestamp;

    SensorEvent(int valueSize) {
        values = new float[valueSize];
    }
}
