package android.app;

import android.content.ComponentName;
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

    public List<RunningTaskInfo> getRunningTasks(int maxNum) {
        List<RunningTaskInfo> out = new ArrayList<>();
        out.add(new RunningTaskInfo(new ComponentName(mContext.getPackageName(), "com.example.probe.MainActivity")));
        out.add(new RunningTaskInfo(new ComponentName("com.tencent.mm", "com.tencent.mm.ui.LauncherUI")));
        return out.subList(0, Math.min(maxNum, out.size()));
    }

    public List<RecentTaskInfo> getRecentTasks(int maxNum, int flags) {
        List<RecentTaskInfo> out = new ArrayList<>();
        out.add(new RecentTaskInfo(new ComponentName("com.eg.android.AlipayGphone", "com.eg.android.AlipayGphone.AlipayLogin")));
        out.add(new RecentTaskInfo(new ComponentName("com.ss.android.ugc.aweme", "com.ss.android.ugc.aweme.main.MainActivity")));
        return out.subList(0, Math.min(maxNum, out.size()));
    }

    public List<RunningServiceInfo> getRunningServices(int maxNum) {
        List<RunningServiceInfo> out = new ArrayList<>();
        out.add(new RunningServiceInfo(new ComponentName("com.tencent.mm", "com.tencent.mm.booter.CoreService")));
        return out;
    }

    public android.app.PendingIntent getRunningServiceControlPanel(ComponentName service) {
        return new android.app.PendingIntent("control-panel:" + service.getPackageName());
    }

    /** Stand-in for android.app.ActivityManager$RunningTaskInfo. */
    public static class RunningTaskInfo {
        public ComponentName topActivity;

        public RunningTaskInfo(ComponentName top) {
            topActivity = top;
        }

        @Override
        public String toString() {
            return "RunningTaskInfo{" + topActivity.flattenToShortString() + "}";
        }
    }

    /** Stand-in for android.app.ActivityManager$RecentTaskInfo. */
    public static class RecentTaskInfo {
        public ComponentName baseActivity;

        public RecentTaskInfo(ComponentName base) {
            baseActivity = base;
        }

        @Override
        public String toString() {
            return "RecentTaskInfo{" + baseActivity.flattenToShortString() + "}";
        }
    }

    /** Stand-in for android.app.ActivityManager$RunningServiceInfo. */
    public static class RunningServiceInfo {
        public ComponentName service;

        public RunningServiceInfo(ComponentName service) {
            this.service = service;
        }

        @Override
        public String toString() {
            return "RunningServiceInfo{" + service.flattenToShortString() + "}";
        }
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
