package android.hardware;

/** Stand-in for the (deprecated) android.hardware.Camera. */
public class Camera {
    private final int mCameraId;

    Camera(int cameraId) {
        mCameraId = cameraId;
    }

    public static int getNumberOfCameras() {
        return 2;
    }

    public static Camera open(int cameraId) {
        return new Camera(cameraId);
    }

    public static Camera open() {
        return new Camera(0);
    }

    public final void release() {}

    @Override
    public String toString() {
        return "Camera{id=" + mCameraId + "}";
    }
}
