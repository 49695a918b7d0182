package com.bun.miitmdid.supplier.msa;

import com.android.internal.probe.DeviceState;
import com.bun.miitmdid.interfaces.IdSupplier;

/** The concrete IdSupplier (hook this class: interfaces have no code to hook). */
public class MsaIdSupplier implements IdSupplier {
    public MsaIdSupplier() {}

    @Override
    public boolean isSupported() {
        return true;
    }

    @Override
    public boolean isLimited() {
        return false;
    }

    @Override
    public String getOAID() {
        return DeviceState.get("oaid");
    }

    @Override
    public String getVAID() {
        return DeviceState.get("vaid");
    }

    @Override
    public String getAAID() {
        return DeviceState.get("aaid");
    }
}
