package android.hardware;

import android.os.Handler;

/** Stand-in for android.hardware.SystemSensorManager, the concrete SensorManager. */
public class SystemSensorManager extends SensorManager {
    public SystemSensorManager() {}

    /** Registers and returns true; no events are delivered on the JVM stand-in. */
    @Override
    protected boolean registerListenerImpl(SensorEventListener listener, Sensor sensor, int delayUs, Handler handler,
            int maxBatchReportLatencyUs, int reservedFlags) {
        return listener != null && sensor != null;
    }
}
