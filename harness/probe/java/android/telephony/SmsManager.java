package android.telephony;

import android.app.PendingIntent;
import java.util.ArrayList;

/** Stand-in for android.telephony.SmsManager: sends nothing, only takes the call. */
public final class SmsManager {
    private static final SmsManager DEFAULT = new SmsManager();

    private SmsManager() {}

    public static SmsManager getDefault() {
        return DEFAULT;
    }

    public void sendTextMessage(String destinationAddress, String scAddress, String text, PendingIntent sentIntent,
            PendingIntent deliveryIntent) {}

    public void sendMultipartTextMessage(String destinationAddress, String scAddress, ArrayList<String> parts,
            ArrayList<PendingIntent> sentIntents, ArrayList<PendingIntent> deliveryIntents) {}

    public void sendDataMessage(String destinationAddress, String scAddress, short destinationPort, byte[] data,
            PendingIntent sentIntent, PendingIntent deliveryIntent) {}

    public ArrayList<String> divideMessage(String text) {
        ArrayList<String> parts = new ArrayList<>();
        for (int i = 0; i < text.length(); i += 70) {
            parts.add(text.substring(i, Math.min(text.length(), i + 70)));
        }
        return parts;
    }
}
