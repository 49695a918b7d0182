package android.os;

/** Stand-in for android.os.IBinder. */
public interface IBinder {
    int FIRST_CALL_TRANSACTION = 1;

    boolean transact(int code, Parcel data, Parcel reply, int flags) throws RemoteException;
}
