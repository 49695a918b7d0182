package androidx.camera.core;

import java.util.concurrent.Executor;

/** Stand-in for androidx.camera.core.ImageCapture (CameraX). */
public final class ImageCapture {
    private ImageCapture() {}

    /** Captures nothing on the JVM; the callback gets no image. */
    public void takePicture(Executor executor, OnImageCapturedCallback callback) {}

    /** Stand-in for androidx.camera.core.ImageCapture$OnImageCapturedCallback. */
    public abstract static class OnImageCapturedCallback {
        public OnImageCapturedCallback() {}
    }

    /** Stand-in for androidx.camera.core.ImageCapture$Builder. */
    public static final class Builder {
        public Builder() {}

        public ImageCapture build() {
            return new ImageCapture();
        }
    }
}
