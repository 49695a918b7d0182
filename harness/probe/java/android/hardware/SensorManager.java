package android.hardware;

import android.os.Handler;

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
        new Sensor(Sensor.TYPE_STEP_COUNTER, "Step Counter"),
        new Sensor(Sensor.TYPE_HEART_RATE, "PPG Heart Rate"),
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

    // AOSP android-13.0.0_r1 core/java/android/hardware/SensorManager.java: the public overloads
    // delegate (3-arg -> 4-arg Handler overload) and end in registerListenerImpl, which
    // SystemSensorManager implements.

    public boolean registerListener(SensorEventListener listener, Sensor sensor, int samplingPeriodUs) {
        return registerListener(listener, sensor, samplingPeriodUs, (Handler) null);
    }

    public boolean registerListener(SensorEventListener listener, Sensor sensor, int samplingPeriodUs,
            int maxReportLatencyUs) {
        int delay = getDelay(samplingPeriodUs);
        return registerListenerImpl(listener, sensor, delay, null, maxReportLatencyUs, 0);
    }

    public boolean registerListener(SensorEventListener listener, Sensor sensor, int samplingPeriodUs,
            Handler handler) {
        int delay = getDelay(samplingPeriodUs);
        return registerListenerImpl(listener, sensor, delay, handler, 0, 0);
    }

    public boolean registerListener(SensorEventListener listener, Sensor sensor, int samplingPeriodUs,
            int maxReportLatencyUs, Handler handler) {
        int delayUs = getDelay(samplingPeriodUs);
        return registerListenerImpl(listener, sensor, delayUs, handler, maxReportLatencyUs, 0);
    }

    /** Implemented by SystemSensorManager. */
    protected abstract boolean registerListenerImpl(SensorEventListener listener, Sensor sensor, int delayUs,
            Handler handler, int maxReportLatencyUs, int reservedFlags);

    private static int getDelay(int rate) {
        switch (rate) {
            case SENSOR_DELAY_FASTEST:
                return 0;
            case SENSOR_DELAY_GAME:
                return 20000;
            case SENSOR_DELAY_UI:
                return 66667;
            case SENSOR_DELAY_NORMAL:
                return 200000;
            default:
                return rate;
        }
    }

    public void unregisterListener(SensorEventListener listener) {}
}
