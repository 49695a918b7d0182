package android.hardware;

import java.util.ArrayList;
import java.util.List;

/** Stand-in for android.hardware.SensorManager: abstract as on Android (SystemSensorManager is concrete). */
public abstract class SensorManager {
    public static final int SENSOR_DELAY_FASTEST = 0;
    public static final int SENSOR_DELAY_GAME = 1;
    public static final int SENSOR_DELAY_UI = 2;
    public static final int SENSOR_DELAY_NORMAL = 3;

    private static final Sensor[] SENSORS = {
        new Sensor(Sensor.TYPE_ACCELEROMETER, "LSM6DSR Accelerometer"),
        new Sensor(Sensor.TYPE_GYROSCOPE, "LSM6DSR Gyroscope"),
        new Sensor(Sensor.TYPE_LIGHT, "TMD3702V Ambient Light"),
    };

    public SensorManager() {}

    public Sensor getDefaultSensor(int type) {
        for (Sensor s : SENSORS) {
            if (s.getType() == type) {
                return s;
            }
        }
        return null;
    }

    public List<Sensor> getSensorList(int type) {
        List<Sensor> out = new ArrayList<>();
        for (Sensor s : SENSORS) {
            if (type == -1 || s.getType() == type) {
                out.add(s);
            }
        }
        return out;
    }

    /** Registers and returns true; no events are delivered on the JVM stand-in. */
    public boolean registerListener(SensorEventListener listener, Sensor sensor, int samplingPeriodUs) {
        return listener != null && sensor != null;
    }

    public void unregisterListener(SensorEventListener listener) {}
}
