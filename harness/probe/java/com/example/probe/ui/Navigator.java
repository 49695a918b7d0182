package com.example.probe.ui;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The app's screens beyond the home screen: "我的", a settings tree, account with cancellation,
 * privacy settings (personalisation switch, withdraw consent, permissions), help and complaints,
 * about and the privacy policy. A back stack of screen ids, as Android's task stack; the home
 * screen itself is drawn by com.example.probe.Ui. A variant removes or breaks one user right.
 */
public final class Navigator {
    /** What the app does when the user acts on these screens (app and SDK code in ProbeApp's world). */
    public interface Effects {
        void refresh(boolean personalised, boolean withdrawn);

        void withdrawConsent();

        void requestPermission(String permission);
    }

    static final String PKG = "com.example.probe";
    static final String PERMISSION_PKG = "com.android.permissioncontroller";
    static final String DIALER_PKG = "com.android.dialer";
    static final String STORAGE = "android.permission.READ_MEDIA_IMAGES";
    static final int POLICY_PAGES = 3;

    private final Variant variant;
    private final boolean zh;
    private final Effects effects;
    private final Deque<String> stack = new ArrayDeque<>();
    private boolean personalised = true;
    private boolean notifications = true;
    private boolean withdrawn;
    private boolean cancelled;
    private String pendingPermission;
    private String external;
    private int policyPage;
    private String feedback = "";

    public Navigator(Variant variant, boolean zh, Effects effects) {
        this.variant = variant;
        this.zh = zh;
        this.effects = effects;
    }

    public Variant variant() {
        return variant;
    }

    private String t(String zhText, String en) {
        return zh ? zhText : en;
    }

    /** Whether the regular home screen (drawn by Ui) is showing. */
    public boolean atHome() {
        return stack.isEmpty() && pendingPermission == null && external == null && !basicMode();
    }

    /** After a working withdrawal the app offers only basic browsing. */
    private boolean basicMode() {
        return withdrawn && variant != Variant.COLLECTION_AFTER_WITHDRAWAL;
    }

    /** The screen id showing now (for `state`): home, a screen id, or the permission prompt / dialer. */
    public String screen() {
        if (external != null) {
            return "dialer";
        }
        if (pendingPermission != null) {
            return "permission_prompt";
        }
        if (stack.isEmpty()) {
            return basicMode() ? "home_basic" : "home";
        }
        return stack.peek();
    }

    /** The activity an Android build of these screens would show (`dumpsys window` focus). */
    public String activity() {
        String s = screen();
        return switch (s) {
            case "dialer" -> DIALER_PKG + "/.DialtactsActivity";
            case "permission_prompt" -> PERMISSION_PKG + "/.permission.ui.GrantPermissionsActivity";
            case "home", "home_basic", "me" -> PKG + "/.MainActivity";
            case "settings", "general", "notifications", "privacy", "permissions" -> PKG + "/.SettingsActivity";
            case "withdraw" -> PKG + "/.WithdrawConsentActivity";
            case "account", "cancel", "cancel_done" -> PKG + "/.AccountActivity";
            case "help", "feedback", "complaint" -> PKG + "/.HelpActivity";
            case "policy" -> PKG + "/.PolicyWebActivity";
            default -> PKG + "/.AboutActivity";
        };
    }

    /** Screens reachable without a destructive action (ground truth for explorer coverage). */
    public List<String> reachableScreens() {
        List<String> out = new ArrayList<>(List.of("home", "me", "settings", "general", "notifications", "privacy",
                "permissions", "account", "cancel", "help", "feedback", "about", "terms", "policy"));
        if (variant != Variant.NO_CONSENT_WITHDRAWAL) {
            out.add("withdraw");
        }
        if (variant != Variant.NO_COMPLAINT_CHANNEL) {
            out.add("complaint");
        }
        if (variant == Variant.POLICY_NOT_REACHABLE) {
            out.add("legal");
            out.add("legal_more");
        }
        return out;
    }

    // ---- drawing ---------------------------------------------------------------------------------
    /** The dump of the current screen; null when the home screen (Ui's) is showing. */
    public String dump() {
        if (atHome()) {
            return null;
        }
        if (external != null) {
            return Screen.wrap(dialer().body());
        }
        if (pendingPermission != null) {
            return Screen.wrap(prompt());
        }
        return build(screen()).dump();
    }

    /** The action of a node with this label on the current screen, or null. */
    public String actionFor(String label) {
        if (external != null) {
            return dialer().actionFor(label);
        }
        if (pendingPermission != null) {
            return promptScreen().actionFor(label);
        }
        return atHome() ? null : build(screen()).actionFor(label);
    }

    private Screen build(String id) {
        Screen s = new Screen(PKG, id + "_root");
        switch (id) {
            case "home_basic" -> s.title(t("Probe 资讯（基本浏览模式）", "Probe News (basic mode)"))
                    .button(t("刷新", "Refresh"), "btn_refresh", "refresh")
                    .row(t("我的", "Me"), "tab_me", "nav me");
            case "me" -> s.title(t("我的", "Me"))
                    .row(t("账号与安全", "Account and security"), "row_account", "nav account")
                    .row(t("设置", "Settings"), "row_settings", "nav settings")
                    .row(t("帮助与反馈", "Help and feedback"), "row_help", "nav help")
                    .row(t("关于 Probe", "About Probe"), "row_about", "nav about");
            case "settings" -> s.title(t("设置", "Settings"))
                    .row(t("通用设置", "General"), "row_general", "nav general")
                    .row(t("消息通知", "Notifications"), "row_notifications", "nav notifications")
                    .row(t("隐私设置", "Privacy settings"), "row_privacy", "nav privacy");
            case "general" -> s.title(t("通用设置", "General"))
                    .row(t("字体大小", "Font size"), "row_font", "noop")
                    .row(t("清除缓存", "Clear cache"), "row_cache", "noop");
            case "notifications" -> s.title(t("消息通知", "Notifications"))
                    .toggle(t("推送通知", "Push notifications"), "switch_push", notifications, "toggle notifications");
            case "privacy" -> privacy(s);
            case "permissions" -> s.title(t("系统权限管理", "System permissions"))
                    .text(t("位置信息：使用时允许（用于附近资讯）", "Location: while in use (for nearby news)"), "perm_location")
                    .text(t("相机：未开启（用于扫一扫）", "Camera: off (for scanning codes)"), "perm_camera")
                    .text(t("照片和视频：未开启（用于上传反馈截图）", "Photos: off (for feedback screenshots)"), "perm_photos");
            case "withdraw" -> s.title(t("撤回同意", "Withdraw consent"))
                    .text(t("撤回同意后，我们将停止收集和使用您的个人信息，仅为您提供基本浏览服务。",
                            "After you withdraw consent we stop collecting and using your personal information; "
                            + "only basic browsing remains."), "withdraw_text")
                    .button(t("确认撤回同意", "Confirm withdrawal"), "btn_withdraw_confirm", "withdraw");
            case "account" -> s.title(t("账号与安全", "Account and security"))
                    .text(t("手机号：138****0000", "Phone: 138****0000"), "account_phone")
                    .row(t("修改密码", "Change password"), "row_password", "noop")
                    .row(t("注销账号", "Delete account"), "row_cancel", "nav cancel");
            case "cancel" -> cancel(s);
            case "cancel_done" -> s.title(t("注销申请已提交", "Deletion requested"))
                    .text(t("我们将在十五个工作日内完成注销并删除您的个人信息。",
                            "We delete the account and your personal information within 15 working days."), "cancel_done");
            case "help" -> help(s);
            case "feedback" -> s.title(t("意见反馈", "Feedback"))
                    .field(t("请输入反馈内容", "Describe the problem"), feedback, "feedback_input")
                    .button(t("上传图片", "Add a screenshot"), "btn_upload", "upload")
                    .button(t("提交", "Submit"), "btn_submit", "noop");
            case "complaint" -> s.title(t("投诉举报", "Complaints"))
                    .text(t("个人信息保护投诉举报：privacy@probe.example.com，电话 400-800-1234，十五个工作日内答复。",
                            "Privacy complaints: privacy@probe.example.com, phone 400-800-1234; answered within "
                            + "15 working days."), "complaint_text");
            case "about" -> about(s);
            case "legal" -> s.title(t("法律条款", "Legal"))
                    .row(t("用户协议", "Terms of service"), "row_terms", "nav terms")
                    .row(t("更多条款", "More terms"), "row_legal_more", "nav legal_more");
            case "legal_more" -> s.title(t("更多条款", "More terms"))
                    .row(t("隐私政策", "Privacy policy"), "row_policy", "nav policy");
            case "terms" -> s.title(t("用户协议", "Terms of service"))
                    .text(t("欢迎使用 Probe 资讯。本协议约定您与 Probe 之间的权利义务。",
                            "Welcome to Probe News. These terms govern your use of the app."), "terms_text");
            case "policy" -> s.title(t("隐私政策", "Privacy policy")).scrollText(policyPage(policyPage), "policy_scroll");
            default -> s.title(id);
        }
        return s;
    }

    private void privacy(Screen s) {
        s.title(t("隐私设置", "Privacy settings"));
        if (variant != Variant.NO_PERSONALISATION_SWITCH) {
            s.toggle(t("个性化推荐", "Personalised recommendations"), "switch_personalised", personalised,
                    "toggle personalised");
        }
        s.row(t("系统权限管理", "System permissions"), "row_permissions", "nav permissions");
        if (variant != Variant.NO_CONSENT_WITHDRAWAL) {
            s.row(t("撤回隐私政策同意", "Withdraw consent to the privacy policy"), "row_withdraw", "nav withdraw");
        }
        if (variant != Variant.POLICY_NOT_REACHABLE) {
            s.row(t("隐私政策", "Privacy policy"), "row_policy", "nav policy");
        }
    }

    private void cancel(Screen s) {
        s.title(t("注销账号", "Delete account"));
        if (variant == Variant.NO_ACCOUNT_CANCELLATION) {
            s.text(t("如需注销账号，请拨打客服电话 400-800-1234（工作日 9:00-18:00）由人工办理。",
                    "To delete your account, call customer service on 400-800-1234 (weekdays 9-18)."), "cancel_text")
                    .button(t("拨打客服电话", "Call customer service"), "btn_call", "dial");
            return;
        }
        s.text(t("注销账号后，您的个人信息将被删除或匿名化处理，且无法恢复。",
                "Deleting the account erases or anonymises your personal information; this cannot be undone."),
                "cancel_text")
                .button(t("确认注销", "Confirm deletion"), "btn_cancel_confirm", "cancel_account");
    }

    private void help(Screen s) {
        s.title(t("帮助与反馈", "Help and feedback"))
                .row(t("意见反馈", "Send feedback"), "row_feedback", "nav feedback");
        if (variant != Variant.NO_COMPLAINT_CHANNEL) {
            s.row(t("投诉举报", "Complaints"), "row_complaint", "nav complaint");
        }
    }

    private void about(Screen s) {
        s.title(t("关于 Probe", "About Probe")).text(t("版本 1.0.0", "Version 1.0.0"), "about_version");
        if (variant == Variant.POLICY_NOT_REACHABLE) {
            s.row(t("法律条款", "Legal"), "row_legal", "nav legal");
        } else {
            s.row(t("用户协议", "Terms of service"), "row_terms", "nav terms")
                    .row(t("隐私政策", "Privacy policy"), "row_policy", "nav policy");
        }
    }

    private String policyPage(int page) {
        return switch (page) {
            case 0 -> t("Probe 隐私政策（更新日期：2026年1月1日）\n运营者：Probe 科技有限公司\n"
                    + "一、我们如何收集和使用您的个人信息\n为向您推送资讯，我们收集设备标识符（Android ID）和设备型号；"
                    + "为统计分析，友盟+ SDK 收集设备标识符；为崩溃分析，腾讯 Bugly SDK 收集 Android ID。",
                    "Probe privacy policy (updated 2026-01-01). Operator: Probe Technology Ltd.\n"
                    + "1. How we collect and use your personal information: we collect device identifiers "
                    + "(Android ID) and the device model to deliver news; Umeng collects device identifiers "
                    + "for analytics; Tencent Bugly collects the Android ID for crash reports.");
            case 1 -> t("二、扩展功能\n附近资讯使用位置信息；通讯录好友使用通讯录；扫一扫使用相机。\n"
                    + "三、您的权利\n您可以查询、更正、删除您的个人信息，可在“我的-账号与安全-注销账号”注销账号，"
                    + "可在“我的-设置-隐私设置”关闭个性化推荐或撤回同意。",
                    "2. Extended features: nearby news uses location; find friends uses contacts; scanning "
                    + "uses the camera.\n3. Your rights: access, correct and delete your information, delete "
                    + "your account (Me > Account > Delete account), turn off personalisation or withdraw "
                    + "consent (Me > Settings > Privacy settings).");
            default -> variant == Variant.NO_COMPLAINT_CHANNEL
                    ? t("四、本政策的更新\n我们可能适时修订本政策，并在修订后通过弹窗通知您。",
                            "4. Updates: we may revise this policy and will tell you in a pop-up.")
                    : t("四、投诉与举报\n如您对个人信息处理有任何疑问、投诉或举报，请发送邮件至 privacy@probe.example.com "
                            + "或拨打 400-800-1234，我们将在十五个工作日内答复。\n五、本政策的更新\n我们可能适时修订本政策。",
                            "4. Complaints: send questions or complaints about our handling of personal "
                            + "information to privacy@probe.example.com or call 400-800-1234; we answer within "
                            + "15 working days.\n5. Updates: we may revise this policy.");
        };
    }

    private Screen dialer() {
        Screen s = new Screen(DIALER_PKG, "dialer_root");
        return s.text("400-800-1234", "digits").button(t("拨打", "Call"), "dialpad_call", "noop");
    }

    private Screen promptScreen() {
        Screen s = new Screen(PERMISSION_PKG, "grant_dialog");
        s.text(t("要允许“Probe”访问您设备上的照片和视频吗？", "Allow Probe to access photos and videos on this device?"),
                "permission_message")
                .button(t("允许", "Allow"), "permission_allow_button", "grant")
                .button(t("不允许", "Don't allow"), "permission_deny_button", "deny");
        return s;
    }

    /** The system prompt, with the app's rationale banner drawn above it unless the variant leaves it out. */
    private String prompt() {
        String body = "";
        if (variant != Variant.PERMISSION_WITHOUT_RATIONALE) {
            Screen banner = new Screen(PKG, "rationale_banner");
            banner.text(t("照片和视频权限使用说明：用于在意见反馈中上传截图图片。",
                    "Photos permission: used to attach screenshots to your feedback."), "rationale_text");
            body = banner.body();
        }
        return body + promptScreen().body();
    }

    // ---- acting ------------------------------------------------------------------------------------
    /** Runs a screen action; returns the reply text after "ok " (or "home" / "exit" for ProbeApp to do). */
    public String perform(String action) {
        int sp = action.indexOf(' ');
        String verb = sp < 0 ? action : action.substring(0, sp);
        String arg = sp < 0 ? "" : action.substring(sp + 1);
        switch (verb) {
            case "nav" -> {
                if ("policy".equals(arg)) {
                    policyPage = 0;
                }
                stack.push(arg);
                return "screen " + arg;
            }
            case "toggle" -> {
                if ("personalised".equals(arg)) {
                    personalised = !personalised;
                    return "personalised=" + personalised;
                }
                notifications = !notifications;
                return "notifications=" + notifications;
            }
            case "refresh" -> {
                boolean effective = variant == Variant.PERSONALISATION_SWITCH_INEFFECTIVE || personalised;
                effects.refresh(effective, basicMode());
                return "refreshed";
            }
            case "withdraw" -> {
                withdrawn = true;
                stack.clear();
                if (variant != Variant.COLLECTION_AFTER_WITHDRAWAL) {
                    effects.withdrawConsent();
                }
                return "consent withdrawn";
            }
            case "cancel_account" -> {
                cancelled = true;
                stack.push("cancel_done");
                return "account deletion requested";
            }
            case "dial" -> {
                external = DIALER_PKG;
                return "opened " + DIALER_PKG;
            }
            case "upload" -> {
                pendingPermission = STORAGE;
                effects.requestPermission(STORAGE);
                return "permission requested " + STORAGE;
            }
            case "grant", "deny" -> {
                pendingPermission = null;
                return "permission " + verb;
            }
            case "scroll" -> {
                return scroll();
            }
            case "focus", "noop" -> {
                return "no change";
            }
            default -> {
                return null;
            }
        }
    }

    /** Scroll the current screen's list one page; "end" when nothing more to show. */
    public String scroll() {
        if (!"policy".equals(screen())) {
            return "nothing to scroll";
        }
        if (policyPage + 1 >= POLICY_PAGES) {
            return "end";
        }
        policyPage++;
        return "page " + (policyPage + 1) + "/" + POLICY_PAGES;
    }

    /** Type into a text field of the current screen. */
    public String input(String field, String text) {
        if ("feedback".equals(screen()) && field.endsWith("feedback_input")) {
            feedback = text;
            return "typed " + text.length() + " chars";
        }
        return null;
    }

    /** Android's back: leave the dialer, dismiss a prompt (a denial), or pop a screen; "home" at the root. */
    public String back() {
        if (external != null) {
            external = null;
            return "back";
        }
        if (pendingPermission != null) {
            pendingPermission = null;
            return "permission dismissed";
        }
        if (stack.isEmpty()) {
            return "home";
        }
        String left = stack.pop();
        if ("cancel_done".equals(left)) {
            stack.clear();
        }
        return "back";
    }

    public boolean cancelled() {
        return cancelled;
    }
}
