package android.hardware;

/** Stand-in for android.hardware.SystemSensorManager, the concrete SensorManager. */
public class SystemSensorManager extends SensorManager {
    public SystemSensorManager() {}
}
