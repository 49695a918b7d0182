package android.media;

/** Stand-in for android.media.MediaRecorder. */
public class MediaRecorder {
    private boolean mRecording;

    public MediaRecorder() {}

    public void setAudioSource(int audioSource) {}

    public void start() {
        mRecording = true;
    }

    public void stop() {
        mRecording = false;
    }

    public void release() {
        mRecording = false;
    }

    /** Stand-in for android.media.MediaRecorder$AudioSource. */
    public static final class AudioSource {
        public static final int MIC = 1;

        private AudioSource() {}
    }
}
