package android.content;

/** Stand-in for android.content.ClipDescription (label and MIME type, never the text). */
public class ClipDescription {
    public static final String MIMETYPE_TEXT_PLAIN = "text/plain";

    private final CharSequence mLabel;

    public ClipDescription(CharSequence label, String[] mimeTypes) {
        mLabel = label;
    }

    public CharSequence getLabel() {
        return mLabel;
    }

    public String getMimeType(int index) {
        return MIMETYPE_TEXT_PLAIN;
    }

    public int getMimeTypeCount() {
        return 1;
    }

    @Override
    public String toString() {
        return "ClipDescription { text/plain \"" + mLabel + "\" }";
    }
}
