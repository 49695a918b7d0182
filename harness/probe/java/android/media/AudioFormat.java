package android.media;

/** Stand-in for android.media.AudioFormat (what AudioRecord's public constructor builds). */
public final class AudioFormat {
    private final int mSampleRate;
    private final int mEncoding;
    private final int mChannelMask;

    private AudioFormat(int sampleRate, int encoding, int channelMask) {
        mSampleRate = sampleRate;
        mEncoding = encoding;
        mChannelMask = channelMask;
    }

    public int getSampleRate() {
        return mSampleRate;
    }

    /** Stand-in for AudioFormat$Builder. */
    public static final class Builder {
        private int mSampleRate;
        private int mEncoding;
        private int mChannelMask;

        public Builder() {}

        public Builder setSampleRate(int rate) {
            mSampleRate = rate;
            return this;
        }

        public Builder setEncoding(int encoding) {
            mEncoding = encoding;
            return this;
        }

        public Builder setChannelMask(int mask) {
            mChannelMask = mask;
            return this;
        }

        public AudioFormat build() {
            return new AudioFormat(mSampleRate, mEncoding, mChannelMask);
        }
    }
}
