package android.accounts;

import android.content.Context;
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
        return "com.google".equals(type) ? getAccounts() : new Account[0];
    }
}
