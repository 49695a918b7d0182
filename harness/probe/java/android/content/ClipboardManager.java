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

    /** The deprecated text accessor (still used by old SDKs). */
    public CharSequence getText() {
        return DeviceState.clipboard;
    }

    public void setPrimaryClip(ClipData clip) {
        DeviceState.clipboard = String.valueOf(clip.getItemAt(0).getText());
    }
}
