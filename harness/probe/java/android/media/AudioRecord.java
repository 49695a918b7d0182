package android.media;

import android.content.Context;

/**
 * Stand-in for android.media.AudioRecord. Constructor chain of AOSP android-13.0.0_r1
 * media/java/android/media/AudioRecord.java: the public (source, rate, channels, encoding, size)
 * constructor builds AudioAttributes + AudioFormat and calls the @SystemApi
 * (AudioAttributes, AudioFormat, int, int) constructor, which calls the private one that also
 * takes the Context and the shared-history length (API 31+).
 */
public class AudioRecord {
    public static final int RECORDSTATE_STOPPED = 1;
    public static final int RECORDSTATE_RECORDING = 3;
    private static final int AUDIO_SESSION_ID_GENERATE = 0;

    private final int mSource;
    private int mState = RECORDSTATE_STOPPED;

    public AudioRecord(int audioSource, int sampleRateInHz, int channelConfig, int audioFormat, int bufferSizeInBytes) {
        this(new AudioAttributes.Builder().setInternalCapturePreset(audioSource).build(),
                new AudioFormat.Builder().setChannelMask(channelConfig).setEncoding(audioFormat)
                        .setSampleRate(sampleRateInHz).build(),
                bufferSizeInBytes, AUDIO_SESSION_ID_GENERATE);
    }

    /** @SystemApi constructor. */
    public AudioRecord(AudioAttributes attributes, AudioFormat format, int bufferSizeInBytes, int sessionId) {
        this(attributes, format, bufferSizeInBytes, sessionId, null, 0);
    }

    private AudioRecord(AudioAttributes attributes, AudioFormat format, int bufferSizeInBytes, int sessionId,
            Context context, int maxSharedAudioHistoryMs) {
        mSource = attributes.getCapturePreset();
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
