package android.telephony;

import android.content.Context;
import android.telephony.gsm.GsmCellLocation;
import com.android.internal.probe.DeviceState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/** Stand-in for android.telephony.TelephonyManager (identifier and carrier getters). */
public class TelephonyManager {
    private final Context mContext;

    public TelephonyManager(Context context) {
        mContext = context;
    }

    public String getDeviceId() {
        return DeviceState.get("imei");
    }

    public String getDeviceId(int slotIndex) {
        return DeviceState.get(slotIndex == 0 ? "imei" : "imei2");
    }

    // AOSP android-13.0.0_r1 TelephonyManager: the no-argument getters delegate to their slot /
    // subscription overloads (getImei() -> getImei(getSlotIndex()), getSubscriberId() ->
    // getSubscriberId(getSubId()) ...); the overloads ask the phone service (here DeviceState).

    /** The subscription this manager is for: the default one (AOSP getSubId()). */
    private int getSubId() {
        return SubscriptionManager.getDefaultSubscriptionId();
    }

    /** AOSP getSlotIndex(): SubscriptionManager.getSlotIndex(getSubId()). */
    private int getSlotIndex() {
        return SubscriptionManager.getSlotIndex(getSubId());
    }

    public String getImei() {
        return getImei(getSlotIndex());
    }

    public String getImei(int slotIndex) {
        return DeviceState.get(slotIndex == 0 ? "imei" : "imei2");
    }

    public String getMeid() {
        return getMeid(getSlotIndex());
    }

    public String getMeid(int slotIndex) {
        return DeviceState.get("meid");
    }

    public String getSubscriberId() {
        return getSubscriberId(getSubId());
    }

    /** Hidden (@UnsupportedAppUsage) per-subscription variant. */
    public String getSubscriberId(int subId) {
        return DeviceState.get("imsi");
    }

    public String getSimSerialNumber() {
        return getSimSerialNumber(getSubId());
    }

    /** Hidden (@UnsupportedAppUsage) per-subscription variant. */
    public String getSimSerialNumber(int subId) {
        return DeviceState.get("iccid");
    }

    public String getLine1Number() {
        return getLine1Number(getSubId());
    }

    /** Hidden (@UnsupportedAppUsage) per-subscription variant. */
    public String getLine1Number(int subId) {
        return DeviceState.get("phone_number");
    }

    public String getNetworkOperator() {
        return DeviceState.get("mcc_mnc");
    }

    public String getNetworkOperatorName() {
        return DeviceState.get("operator_name");
    }

    public String getSimOperator() {
        return DeviceState.get("mcc_mnc");
    }

    public String getSimOperatorName() {
        return DeviceState.get("operator_name");
    }

    public String getSimCountryIso() {
        return DeviceState.get("country_iso");
    }

    public int getSimSpecificCarrierId() {
        return 1436;
    }

    public int getPhoneCount() {
        return 2;
    }

    public String getNetworkCountryIso() {
        return getNetworkCountryIso(getSlotIndex());
    }

    /** API 29 public per-slot overload. */
    public String getNetworkCountryIso(int slotIndex) {
        return DeviceState.get("country_iso");
    }

    public CellLocation getCellLocation() {
        return new GsmCellLocation(Integer.parseInt(DeviceState.get("cell_lac")),
                Integer.parseInt(DeviceState.get("cell_cid")));
    }

    public List<CellInfo> getAllCellInfo() {
        List<CellInfo> out = new ArrayList<>();
        out.add(new CellInfoLte(DeviceState.get("mcc_mnc"), Integer.parseInt(DeviceState.get("cell_cid")),
                Integer.parseInt(DeviceState.get("cell_lac"))));
        return out;
    }

    public String getDeviceSoftwareVersion() {
        return getDeviceSoftwareVersion(getSlotIndex());
    }

    /** Hidden (@SystemApi) per-slot variant. */
    public String getDeviceSoftwareVersion(int slotIndex) {
        return "01";
    }

    public String getGroupIdLevel1() {
        return "ff";
    }

    public int getCardIdForDefaultEuicc() {
        return 1;
    }

    public String getVoiceMailNumber() {
        return getVoiceMailNumber(getSubId());
    }

    /** Hidden (@UnsupportedAppUsage) per-subscription variant. */
    public String getVoiceMailNumber(int subId) {
        return "+8613800100186";
    }

    public ServiceState getServiceState() {
        return new ServiceState(DeviceState.get("operator_name"), DeviceState.get("mcc_mnc"));
    }

    public List<NeighboringCellInfo> getNeighboringCellInfo() {
        List<NeighboringCellInfo> out = new ArrayList<>();
        out.add(new NeighboringCellInfo(-85, Integer.parseInt(DeviceState.get("cell_cid")) + 1));
        return out;
    }

    // registerTelephonyCallback (API 31), AOSP android-13.0.0_r1: the Executor overload passes
    // the location-data level (getLocationData()) to the (int, Executor, TelephonyCallback) one.
    public static final int INCLUDE_LOCATION_DATA_NONE = 0;
    public static final int INCLUDE_LOCATION_DATA_COARSE = 1;
    public static final int INCLUDE_LOCATION_DATA_FINE = 2;

    public void registerTelephonyCallback(Executor executor, TelephonyCallback callback) {
        registerTelephonyCallback(INCLUDE_LOCATION_DATA_FINE, executor, callback);
    }

    public void registerTelephonyCallback(int includeLocationData, Executor executor, TelephonyCallback callback) {
        if (callback instanceof TelephonyCallback.CellInfoListener) {
            List<CellInfo> cells = getAllCellInfo();
            executor.execute(() -> ((TelephonyCallback.CellInfoListener) callback).onCellInfoChanged(cells));
        }
    }

    public void unregisterTelephonyCallback(TelephonyCallback callback) {}

    public List<UiccCardInfo> getUiccCardsInfo() {
        List<UiccCardInfo> out = new ArrayList<>();
        out.add(new UiccCardInfo(1, DeviceState.get("iccid")));
        return out;
    }

    /** Registers the listener; no callbacks on the JVM stand-in. */
    public void listen(PhoneStateListener listener, int events) {}

    /** Answers through the executor with the current cell list (Android does it asynchronously). */
    public void requestCellInfoUpdate(Executor executor, CellInfoCallback callback) {
        List<CellInfo> cells = new ArrayList<>();
        cells.add(new CellInfoLte(DeviceState.get("mcc_mnc"), Integer.parseInt(DeviceState.get("cell_cid")),
                Integer.parseInt(DeviceState.get("cell_lac"))));
        executor.execute(() -> callback.onCellInfo(cells));
    }

    /** Stand-in for android.telephony.TelephonyManager$CellInfoCallback. */
    public abstract static class CellInfoCallback {
        public CellInfoCallback() {}

        public abstract void onCellInfo(List<CellInfo> cellInfo);
    }
}
