package android.hardware.camera2;

/** Stand-in for android.hardware.camera2.CameraDevice. */
public abstract class CameraDevice implements AutoCloseable {
    public CameraDevice() {}

    public abstract String getId();

    @Override
    public abstract void close();

    /** Stand-in for android.hardware.camera2.CameraDevice$StateCallback. */
    public abstract static class StateCallback {
        public StateCallback() {}

        public abstract void onOpened(CameraDevice camera);

        public abstract void onDisconnected(CameraDevice camera);

        public abstract void onError(CameraDevice camera, int error);
    }
}
