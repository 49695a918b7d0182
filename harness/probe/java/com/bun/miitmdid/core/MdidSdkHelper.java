package com.bun.miitmdid.core;

import android.content.Context;
import com.bun.miitmdid.interfaces.IIdentifierListener;
import com.bun.miitmdid.supplier.msa.MsaIdSupplier;

/** Stand-in for the MSA OAID SDK's entry point; answers the listener synchronously. */
public class MdidSdkHelper {
    public static final int INIT_INFO_RESULT_OK = 1008610;

    public MdidSdkHelper() {}

    public static int InitSdk(Context context, boolean isSDKLogOn, IIdentifierListener listener) {
        listener.OnSupport(true, new MsaIdSupplier());
        return INIT_INFO_RESULT_OK;
    }
}
