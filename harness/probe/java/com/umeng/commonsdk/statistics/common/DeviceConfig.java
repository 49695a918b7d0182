package com.umeng.commonsdk.statistics.common;

import android.content.Context;
import android.net.wifi.WifiInfo;
import android.net.wifi.WifiManager;
import android.provider.Settings;
import android.telephony.TelephonyManager;
import com.android.internal.probe.ValuesLog;
import com.bun.miitmdid.core.MdidSdkHelper;
import com.bun.miitmdid.interfaces.IIdentifierListener;
import com.bun.miitmdid.interfaces.IdSupplier;

/** Umeng stand-in: the identifier readers (Umeng's own class of this name does the same job). */
public final class DeviceConfig {
    private DeviceConfig() {}

    public static String getImeiNew(Context context) {
        TelephonyManager tm = (TelephonyManager) context.getSystemService(Context.TELEPHONY_SERVICE);
        String imei = tm.getDeviceId();
        ValuesLog.log("umeng", "TelephonyManager.getDeviceId()", imei);
        return imei;
    }

    public static String getAndroidID(Context context) {
        String id = Settings.Secure.getString(context.getContentResolver(), Settings.Secure.ANDROID_ID);
        ValuesLog.log("umeng", "Settings$Secure.getString(android_id)", id);
        return id;
    }

    public static String getMac(Context context) {
        WifiManager wm = (WifiManager) context.getSystemService(Context.WIFI_SERVICE);
        WifiInfo info = wm.getConnectionInfo();
        String mac = info.getMacAddress();
        ValuesLog.log("umeng", "WifiInfo.getMacAddress()", mac);
        return mac;
    }

    public static String getOaid(Context context) {
        String[] out = new String[1];
        MdidSdkHelper.InitSdk(context, false, new IIdentifierListener() {
            @Override
            public void OnSupport(boolean isSupport, IdSupplier supplier) {
                if (isSupport && supplier != null) {
                    out[0] = supplier.getOAID();
                }
            }
        });
        ValuesLog.log("umeng", "IdSupplier.getOAID()", out[0]);
        return out[0];
    }
}
