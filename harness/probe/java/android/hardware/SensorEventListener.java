package android.hardware;

/** Stand-in for android.hardware.SensorEventListener. */
public interface SensorEventListener {
    void onSensorChanged(SensorEvent event);

    void onAccuracyChanged(Sensor sensor, int accuracy);
}
