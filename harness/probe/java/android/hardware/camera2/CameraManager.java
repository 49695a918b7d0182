package android.hardware.camera2;

import android.content.Context;
import android.os.Handler;

/** Stand-in for android.hardware.camera2.CameraManager. */
public final class CameraManager {
    private final Context mContext;

    public CameraManager(Context context) {
        mContext = context;
    }

    public String[] getCameraIdList() throws CameraAccessException {
        return new String[] {"0", "1"};
    }

    /** Opens at once: calls onOpened synchronously (Android calls back on the handler). */
    public void openCamera(String cameraId, CameraDevice.StateCallback callback, Handler handler)
            throws CameraAccessException {
        callback.onOpened(new CameraDevice() {
            @Override
            public String getId() {
                return cameraId;
            }

            @Override
            public void close() {}

            @Override
            public String toString() {
                return "CameraDevice{" + cameraId + "}";
            }
        });
    }
}
