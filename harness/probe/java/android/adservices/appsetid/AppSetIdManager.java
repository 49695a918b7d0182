package android.adservices.appsetid;

import android.content.Context;
import android.os.OutcomeReceiver;
import com.android.internal.probe.DeviceState;
import java.util.concurrent.Executor;

/** Stand-in for android.adservices.appsetid.AppSetIdManager (Privacy Sandbox). */
public class AppSetIdManager {
    private AppSetIdManager() {}

    public static AppSetIdManager get(Context context) {
        return new AppSetIdManager();
    }

    public void getAppSetId(Executor executor, OutcomeReceiver<AppSetId, Exception> callback) {
        AppSetId id = new AppSetId(DeviceState.get("app_set_id"), AppSetId.SCOPE_DEVELOPER);
        executor.execute(() -> callback.onResult(id));
    }
}
