package android.os;

import java.util.concurrent.Executor;

/** Stand-in for the hidden android.os.HandlerExecutor: an Executor posting to a Handler. */
public class HandlerExecutor implements Executor {
    private final Handler mHandler;

    public HandlerExecutor(Handler handler) {
        mHandler = handler;
    }

    @Override
    public void execute(Runnable command) {
        mHandler.post(command);
    }
}
