package com.google.android.gms.tasks;

/** Stand-in for com.google.android.gms.tasks.Tasks. */
public final class Tasks {
    private Tasks() {}

    public static <TResult> Task<TResult> forResult(TResult result) {
        return new Task<TResult>() {
            @Override
            public boolean isComplete() {
                return true;
            }

            @Override
            public TResult getResult() {
                return result;
            }
        };
    }
}
