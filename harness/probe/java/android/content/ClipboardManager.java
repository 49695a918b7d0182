package android.content;

import com.android.internal.probe.DeviceState;

/** Stand-in for android.content.ClipboardManager, backed by the device clipboard (plantable). */
public class ClipboardManager {
    public ClipboardManager() {}

    public ClipData getPrimaryClip() {
        return ClipData.newPlainText(DeviceState.clipboardLabel, DeviceState.clipboard);
    }

    public boolean hasPrimaryClip() {
        return DeviceState.clipboard != null;
    }

    public ClipDescription getPrimaryClipDescription() {
        return new ClipDescription(DeviceState.clipboardLabel, new String[] {ClipDescription.MIMETYPE_TEXT_PLAIN});
    }

    /** Deprecated text accessor; AOSP android-13.0.0_r1: getPrimaryClip() then item 0's text. */
    public CharSequence getText() {
        ClipData clip = getPrimaryClip();
        if (clip != null && clip.getItemCount() > 0) {
            return clip.getItemAt(0).getText();
        }
        return null;
    }

    public void setPrimaryClip(ClipData clip) {
        DeviceState.clipboard = String.valueOf(clip.getItemAt(0).getText());
    }
}
