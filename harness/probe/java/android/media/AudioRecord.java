package android.media;

/** Stand-in for android.media.AudioRecord. */
public class AudioRecord {
    public static final int RECORDSTATE_STOPPED = 1;
    public static final int RECORDSTATE_RECORDING = 3;

    private final int mSource;
    private int mState = RECORDSTATE_STOPPED;

    public AudioRecord(int audioSource, int sampleRateInHz, int channelConfig, int audioFormat, int bufferSizeInBytes) {
        mSource = audioSource;
    }

    public void startRecording() {
        mState = RECORDSTATE_RECORDING;
    }

    public void stop() {
        mState = RECORDSTATE_STOPPED;
    }

    public int getRecordingState() {
        return mState;
    }

    public void release() {
        mState = RECORDSTATE_STOPPED;
    }
}
