package android.telephony;

/** Stand-in with Android's names and signatures; fixed values. */
public class TelephonyManager {
    public String getDeviceId() { return "867530901234565"; }
    public String getDeviceId(int slotIndex) { return "86753090123457" + slotIndex; }
    public String getSubscriberId() { return "460011234567890"; }
    public String getMeid() { throw new SecurityException("getMeid: caller lacks READ_PRIVILEGED_PHONE_STATE"); }
}
