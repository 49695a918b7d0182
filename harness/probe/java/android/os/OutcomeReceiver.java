package android.os;

/** Stand-in for android.os.OutcomeReceiver (API 31). */
public interface OutcomeReceiver<R, E extends Throwable> {
    void onResult(R result);

    default void onError(E error) {}
}
