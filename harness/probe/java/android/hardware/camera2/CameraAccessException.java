package android.hardware.camera2;

import android.util.AndroidException;

/** Stand-in for android.hardware.camera2.CameraAccessException. */
public class CameraAccessException extends AndroidException {
    public CameraAccessException(String message) {
        super(message);
    }
}
