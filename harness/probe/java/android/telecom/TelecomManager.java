package android.telecom;

import android.content.ComponentName;
import android.content.Context;
import com.android.internal.probe.DeviceState;
import java.util.ArrayList;
import java.util.List;

/** Stand-in for android.telecom.TelecomManager (the SIM's phone account id is its ICCID, as on Android). */
public class TelecomManager {
    private final Context mContext;

    public TelecomManager(Context context) {
        mContext = context;
    }

    private static PhoneAccountHandle sim() {
        return new PhoneAccountHandle(new ComponentName("com.android.phone",
                "com.android.services.telephony.TelephonyConnectionService"), DeviceState.get("iccid"));
    }

    public List<PhoneAccountHandle> getCallCapablePhoneAccounts() {
        List<PhoneAccountHandle> out = new ArrayList<>();
        out.add(sim());
        return out;
    }

    public PhoneAccountHandle getDefaultOutgoingPhoneAccount(String uriScheme) {
        return sim();
    }
}
