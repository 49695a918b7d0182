package android.accounts;

/** Stand-in for android.accounts.AccountManagerCallback. */
public interface AccountManagerCallback<V> {
    void run(AccountManagerFuture<V> future);
}
