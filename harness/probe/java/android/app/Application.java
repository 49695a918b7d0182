package android.app;

import android.content.Context;
import android.content.ContextWrapper;

/** Stand-in for android.app.Application; the probe's launcher calls onCreate on `start`. */
public class Application extends ContextWrapper {
    public Application() {
        super(null);
    }

    /** Called by the probe's launcher (on Android: LoadedApk.makeApplication -> attach). */
    public final void attach(Context base) {
        attachBaseContext(base);
        if (base instanceof ContextImpl impl) {
            impl.setOuterContext(this);
        }
    }

    public void onCreate() {}

    @Override
    public Context getApplicationContext() {
        return this;
    }
}
