package android.adservices.adid;

import android.content.Context;
import android.os.OutcomeReceiver;
import com.android.internal.probe.DeviceState;
import java.util.concurrent.Executor;

/** Stand-in for android.adservices.adid.AdIdManager (Privacy Sandbox, API 33 extension 4). */
public class AdIdManager {
    private AdIdManager() {}

    public static AdIdManager get(Context context) {
        return new AdIdManager();
    }

    public void getAdId(Executor executor, OutcomeReceiver<AdId, Exception> callback) {
        AdId id = new AdId(DeviceState.get("gaid"), false);
        executor.execute(() -> callback.onResult(id));
    }
}
