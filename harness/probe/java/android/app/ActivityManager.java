package android.app;

import android.content.Context;
import java.util.ArrayList;
import java.util.List;

/** Stand-in for android.app.ActivityManager (fixed pids so the values log is deterministic). */
public class ActivityManager {
    private final Context mContext;

    ActivityManager(Context context) {
        mContext = context;
    }

    public List<RunningAppProcessInfo> getRunningAppProcesses() {
        List<RunningAppProcessInfo> out = new ArrayList<>();
        out.add(new RunningAppProcessInfo(mContext.getPackageName(), 12345, new String[] {mContext.getPackageName()}));
        out.add(new RunningAppProcessInfo("com.tencent.mm", 2301, new String[] {"com.tencent.mm"}));
        out.add(new RunningAppProcessInfo("com.eg.android.AlipayGphone", 2417, new String[] {"com.eg.android.AlipayGphone"}));
        return out;
    }

    /** Stand-in for android.app.ActivityManager$RunningAppProcessInfo. */
    public static class RunningAppProcessInfo {
        public String processName;
        public int pid;
        public String[] pkgList;

        public RunningAppProcessInfo(String processName, int pid, String[] pkgList) {
            this.processName = processName;
            this.pid = pid;
            this.pkgList = pkgList;
        }

        @Override
        public String toString() {
            return "RunningAppProcessInfo{" + processName + " pid=" + pid + "}";
        }
    }
}
