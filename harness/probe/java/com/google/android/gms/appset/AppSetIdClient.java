package com.google.android.gms.appset;

import com.google.android.gms.tasks.Task;

/** Stand-in for com.google.android.gms.appset.AppSetIdClient. */
public interface AppSetIdClient {
    Task<AppSetIdInfo> getAppSetIdInfo();
}
