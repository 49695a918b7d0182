package com.google.android.gms.tasks;

/** Stand-in for com.google.android.gms.tasks.Task; the stand-in's tasks are already complete. */
public abstract class Task<TResult> {
    public Task() {}

    public abstract boolean isComplete();

    public abstract TResult getResult();
}
