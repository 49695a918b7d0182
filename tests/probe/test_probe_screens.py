"""The probe's extra screens over the control channel: navigation, back, scroll, input, focus, variants."""

from __future__ import annotations

import subprocess

import pytest

from harness.device.uiautomator import parse_dump
from harness.probe import ProbeCommandError, ProbeProcess, build_probe
from harness.probe.control import java_command
from harness.scenario.consent import find_consent, find_permission_prompt


@pytest.fixture(scope="module")
def probe():
    with ProbeProcess.launch(build_probe(), extra_args=("--variant", "no_account_cancellation")) as p:
        p.command("start")
        p.command("agree")
        yield p


def labels(p: ProbeProcess) -> list[str]:
    return [n.label for n in parse_dump(p.command("ui")).nodes if n.label]


def test_navigation_back_and_focus(probe: ProbeProcess) -> None:
    assert probe.command("focus") == "activity=com.example.probe/.MainActivity screen=home " \
                                     "variant=no_account_cancellation"
    assert probe.command("tap 我的") == "tapped 我的: screen me"
    assert probe.command("tap 账号与安全") == "tapped 账号与安全: screen account"
    assert probe.command("tap 注销账号") == "tapped 注销账号: screen cancel"
    assert any("拨打客服电话" in x for x in labels(probe))
    assert probe.command("tap 拨打客服电话") == "tapped 拨打客服电话: opened com.android.dialer"
    assert parse_dump(probe.command("ui")).packages == {"com.android.dialer"}
    assert probe.command("focus").startswith("activity=com.android.dialer/")
    for _ in range(4):
        probe.command("back")
    assert probe.command("focus").endswith("screen=home variant=no_account_cancellation")
    with pytest.raises(ProbeCommandError, match="no clickable node"):
        probe.command("tap 确认注销")


def test_policy_scrolls_page_by_page_and_fields_take_text(probe: ProbeProcess) -> None:
    probe.command("tap 我的")
    probe.command("tap 关于 Probe")
    probe.command("tap 隐私政策")
    first = labels(probe)
    assert probe.command("scroll") == "page 2/3" and labels(probe) != first
    assert probe.command("scroll") == "page 3/3" and any("投诉与举报" in x for x in labels(probe))
    assert probe.command("scroll") == "end"
    for _ in range(3):
        probe.command("back")
    probe.command("tap 我的")
    probe.command("tap 帮助与反馈")
    probe.command("tap 意见反馈")
    assert probe.command("input com.example.probe:id/feedback_input aph-canary-x") == "typed 12 chars"
    assert "aph-canary-x" in labels(probe)
    with pytest.raises(ProbeCommandError, match="no text field"):
        probe.command("input nope text")
    assert probe.command("tap 上传图片").endswith("permission requested android.permission.READ_MEDIA_IMAGES")
    prompt = find_permission_prompt(parse_dump(probe.command("ui")))
    assert prompt.found and prompt.allow is not None and prompt.allow.label == "允许"
    assert probe.command("tap 允许") == "tapped 允许: permission grant"


def test_screens_lists_the_reachable_ones(probe: ProbeProcess) -> None:
    screens = probe.command("screens").split()
    assert "policy" in screens and "cancel_done" not in screens and len(screens) == 16


def test_default_consent_variant_pre_ticks_the_box() -> None:
    with ProbeProcess.launch(build_probe(), extra_args=("--variant", "default_consent")) as p:
        p.command("start")
        dialog = find_consent(parse_dump(p.command("ui")))
        assert dialog.found and dialog.pre_ticked is True


def test_unknown_variant_is_a_one_line_usage_error() -> None:
    argv = java_command(build_probe(), extra_args=("--variant", "nope"))
    cp = subprocess.run(argv, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert cp.returncode == 2 and "--variant must be one of clean, policy_not_reachable" in cp.stderr
    assert len(cp.stderr.strip().splitlines()) == 1, cp.stderr
