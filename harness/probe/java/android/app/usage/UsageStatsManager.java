package android.app.usage;

import android.content.Context;
import java.util.ArrayList;
import java.util.List;

/** Stand-in for android.app.usage.UsageStatsManager. */
public final class UsageStatsManager {
    public static final int INTERVAL_DAILY = 0;
    public static final int STANDBY_BUCKET_ACTIVE = 10;

    private final Context mContext;

    public UsageStatsManager(Context context) {
        mContext = context;
    }

    public List<UsageStats> queryUsageStats(int intervalType, long beginTime, long endTime) {
        List<UsageStats> out = new ArrayList<>();
        out.add(new UsageStats("com.tencent.mm", 5_400_000L));
        out.add(new UsageStats("com.ss.android.ugc.aweme", 3_900_000L));
        return out;
    }

    public int getAppStandbyBucket() {
        return STANDBY_BUCKET_ACTIVE;
    }
}
