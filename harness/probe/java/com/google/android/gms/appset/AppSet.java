package com.google.android.gms.appset;

import android.content.Context;
import com.android.internal.probe.DeviceState;
import com.google.android.gms.tasks.Task;
import com.google.android.gms.tasks.Tasks;

/** Stand-in for com.google.android.gms.appset.AppSet. */
public final class AppSet {
    private AppSet() {}

    public static AppSetIdClient getClient(Context context) {
        return new AppSetIdClient() {
            @Override
            public Task<AppSetIdInfo> getAppSetIdInfo() {
                return Tasks.forResult(new AppSetIdInfo(DeviceState.get("app_set_id"), AppSetIdInfo.SCOPE_DEVELOPER));
            }
        };
    }
}
