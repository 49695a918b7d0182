package android.os;

/** Stand-in for android.os.RemoteException. */
public class RemoteException extends Exception {
    public RemoteException() {}

    public RemoteException(String message) {
        super(message);
    }
}
