package android.accounts;

import android.content.Context;
import android.os.Handler;
import com.android.internal.probe.DeviceState;

/** Stand-in for android.accounts.AccountManager. */
public class AccountManager {
    private final Context mContext;

    public AccountManager(Context context) {
        mContext = context;
    }

    public static AccountManager get(Context context) {
        return (AccountManager) context.getSystemService(Context.ACCOUNT_SERVICE);
    }

    public Account[] getAccounts() {
        return new Account[] {new Account(DeviceState.get("account"), "com.google")};
    }

    public Account[] getAccountsByType(String type) {
        return "com.google".equals(type) ? new Account[] {new Account(DeviceState.get("account"), "com.google")}
                : new Account[0];
    }

    /** Answers at once: the future is complete and the callback (if any) runs synchronously. */
    public AccountManagerFuture<Account[]> getAccountsByTypeAndFeatures(String type, String[] features,
            AccountManagerCallback<Account[]> callback, Handler handler) {
        Account[] result = "com.google".equals(type)
                ? new Account[] {new Account(DeviceState.get("account"), "com.google")} : new Account[0];
        AccountManagerFuture<Account[]> future = () -> result;
        if (callback != null) {
            callback.run(future);
        }
        return future;
    }

    public Account[] getAccountsByTypeForPackage(String type, String packageName) {
        return getAccountsByType(type);
    }

    /** Authenticator-only on Android: any other caller gets null (here: always). */
    public String getPassword(Account account) {
        return null;
    }

    /** Answers at once with an empty result bundle; the callback (if any) runs synchronously. */
    public AccountManagerFuture<android.os.Bundle> getAuthToken(Account account, String authTokenType,
            android.os.Bundle options, android.app.Activity activity,
            AccountManagerCallback<android.os.Bundle> callback, Handler handler) {
        android.os.Bundle result = new android.os.Bundle();
        AccountManagerFuture<android.os.Bundle> future = () -> result;
        if (callback != null) {
            callback.run(future);
        }
        return future;
    }

    public String getUserData(Account account, String key) {
        return "display_name".equals(key) ? "Probe User" : null;
    }
}
