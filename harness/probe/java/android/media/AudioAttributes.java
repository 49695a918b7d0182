package android.media;

/** Stand-in for android.media.AudioAttributes (what AudioRecord's public constructor builds). */
public final class AudioAttributes {
    private final int mSource;

    private AudioAttributes(int source) {
        mSource = source;
    }

    public int getCapturePreset() {
        return mSource;
    }

    /** Stand-in for AudioAttributes$Builder (setInternalCapturePreset is the hidden setter AudioRecord uses). */
    public static final class Builder {
        private int mSource;

        public Builder() {}

        public Builder setInternalCapturePreset(int preset) {
            mSource = preset;
            return this;
        }

        public AudioAttributes build() {
            return new AudioAttributes(mSource);
        }
    }
}
