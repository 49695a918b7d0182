package android.telephony;

import android.content.Context;
import com.android.internal.probe.DeviceState;
import java.util.ArrayList;
import java.util.List;

/** Stand-in for android.telephony.SubscriptionManager (getPhoneNumber is API 33). */
public class SubscriptionManager {
    public static final int DEFAULT_SUBSCRIPTION_ID = Integer.MAX_VALUE;

    private final Context mContext;

    public SubscriptionManager(Context context) {
        mContext = context;
    }

    public static int getDefaultSubscriptionId() {
        return 1;
    }

    /** The SIM slot of a subscription (the one active subscription sits in slot 0). */
    public static int getSlotIndex(int subscriptionId) {
        return subscriptionId == getDefaultSubscriptionId() ? 0 : -1;
    }

    public String getPhoneNumber(int subscriptionId) {
        return DeviceState.get("phone_number");
    }

    public List<SubscriptionInfo> getActiveSubscriptionInfoList() {
        return getActiveSubscriptionInfoList(/* userVisibleOnly */ true);
    }

    /** Hidden overload (AOSP android-13.0.0_r1 SubscriptionManager.java). */
    public List<SubscriptionInfo> getActiveSubscriptionInfoList(boolean userVisibleOnly) {
        List<SubscriptionInfo> out = new ArrayList<>();
        out.add(new SubscriptionInfo(1, DeviceState.get("iccid"), DeviceState.get("phone_number")));
        return out;
    }

    public SubscriptionInfo getActiveSubscriptionInfo(int subscriptionId) {
        return new SubscriptionInfo(subscriptionId, DeviceState.get("iccid"), DeviceState.get("phone_number"));
    }

    public SubscriptionInfo getActiveSubscriptionInfoForSimSlotIndex(int slotIndex) {
        return new SubscriptionInfo(1, DeviceState.get("iccid"), DeviceState.get("phone_number"));
    }
}
