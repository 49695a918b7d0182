"""What the explorer may tap and in which order: privacy value first, never a destructive confirmation.

Words are Chinese and English, matched case-insensitively on a widget's label. The privacy
words are the places regulators look (认定方法 1.3, 3.6, 3.8, 6.1, 6.5): policy, settings,
account, personal information, permissions, personalisation, withdrawing consent, cancelling
the account, complaints. Destructive words are final confirmations of irreversible acts
(deleting the account, withdrawing consent, logging out): the explorer records them as present
and leaves them untapped; a scenario step that means to do one does it deliberately.
"""

from __future__ import annotations

import re

PRIVACY_WORDS: dict[str, int] = {
    "隐私政策": 5, "隐私保护指引": 5, "隐私协议": 5, "个人信息保护": 5, "privacy policy": 5,
    "注销": 4, "撤回": 4, "个性化推荐": 4, "个性化广告": 4, "个性化": 3, "投诉": 4, "举报": 4,
    "delete account": 4, "close account": 4, "withdraw": 4, "revoke": 4, "personalis": 4, "personaliz": 4,
    "complain": 4, "report abuse": 3,
    "隐私": 3, "privacy": 3, "个人信息": 3, "personal information": 3, "权限": 3, "permission": 3,
    "账号": 2, "帐号": 2, "account": 2, "安全": 1, "security": 1, "设置": 2, "settings": 2, "我的": 2, "me": 1,
    "关于": 2, "about": 2, "帮助": 1, "反馈": 1, "help": 1, "feedback": 1, "法律": 2, "legal": 2, "条款": 1,
    "terms": 1, "协议": 1,
}
DESTRUCTIVE = re.compile(
    r"确认注销|申请注销|立即注销|确认撤回|撤回同意并|确定撤回|退出登录|删除账号|删除帐号|清空数据|卸载|"
    r"confirm (deletion|withdrawal|cancellation)|delete (my )?account now|log ?out|sign ?out|uninstall|erase",
    re.IGNORECASE)
"""Final confirmations of irreversible acts (matched on a button's label)."""
CONFIRM = re.compile(r"确认|确定|同意|继续|提交|confirm|continue|yes|ok", re.IGNORECASE)
EXTERNAL = re.compile(r"拨打|打电话|^call\b|dial|分享|share|打开浏览器|open in browser", re.IGNORECASE)
"""Leaves the app on purpose (dialer, share sheet, browser): tapped, then the explorer recovers."""


def privacy_score(label: str) -> int:
    """The best privacy value of a label's words (0 = none)."""
    low = label.lower()
    best = 0
    for word, score in PRIVACY_WORDS.items():
        if word == "me":
            if low.strip() == "me":
                best = max(best, score)
        elif word in low:
            best = max(best, score)
    return best


def is_destructive(label: str) -> bool:
    return bool(DESTRUCTIVE.search(label))


def canary_text(tag: str) -> str:
    """ASCII text typed into fields: findable in traffic, typable by `adb shell input text`."""
    return f"aph-canary-{tag}"

PERSONALISATION = re.compile(r"个性化(推荐|广告|内容|推送|服务)?|personali[sz]ed|personali[sz]ation|targeted ad",
                             re.IGNORECASE)
"""A personalisation switch (认定方法 3.6)."""
WITHDRAW = re.compile(r"撤回.{0,6}(同意|授权)|撤销.{0,4}(同意|授权)|取消授权|withdraw.{0,12}consent|revoke.{0,12}consent",
                      re.IGNORECASE)
"""A consent-withdrawal entry (认定方法 3.8)."""
CANCEL_ACCOUNT = re.compile(r"注销(账号|帐号|账户|帐户)|(账号|帐号|账户)注销|delete (my |your )?account|close (my |your )?account|"
                            r"cancel (my |your )?account", re.IGNORECASE)
"""An account-cancellation entry (认定方法 6.1)."""
PHONE_ONLY = re.compile(r"拨打|致电|客服电话|人工(办理|客服)|call (customer|our)|by phone|phone us", re.IGNORECASE)
"""Wording of a cancellation that must be done by calling someone."""
