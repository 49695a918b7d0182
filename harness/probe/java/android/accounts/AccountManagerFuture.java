package android.accounts;

/** Stand-in for android.accounts.AccountManagerFuture (already complete). */
public interface AccountManagerFuture<V> {
    V getResult();
}
