"""JUnit XML for CI: one test case per rule, failed when the rule has findings, skipped when it could not run
or could not conclude (inconclusive); a partly checked rule passes with its reason on the case."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from harness import i18n
from harness.analysis.result import Report, RuleState
from harness.report import language

NOT_RUN = (RuleState.SKIPPED, RuleState.INCONCLUSIVE)


def render_junit(report: Report) -> str:
    lang = language(report)
    failures = sum(1 for s in report.rules if s.status == "failed")
    skipped = sum(1 for s in report.rules if s.status in NOT_RUN)
    app = (report.run.get("app") or {}).get("package") or (report.policy or {}).get("package") or "app"
    suites = ET.Element("testsuites", name="app-privacy-harness", tests=str(len(report.rules)),
                        failures=str(failures), errors="0", skipped=str(skipped))
    suite = ET.SubElement(suites, "testsuite", name=f"privacy:{app}", tests=str(len(report.rules)),
                          failures=str(failures), errors="0", skipped=str(skipped))
    if report.partial or report.notes:
        props = ET.SubElement(suite, "properties")
        ET.SubElement(props, "property", name="partial", value=str(report.partial).lower())
        ET.SubElement(props, "property", name="verdict", value=report.verdict)
        complete = (report.coverage or {}).get("complete")
        ET.SubElement(props, "property", name="coverage_complete", value="unknown" if complete is None
                      else str(complete).lower())
    for s in report.rules:
        case = ET.SubElement(suite, "testcase", classname=f"privacy.{s.rule.source}", name=s.rule.id)
        if s.status == "failed":
            mine = [f for f in report.findings if f.rule == s.rule.id]
            message = i18n.text(lang, "report.junit.failure", count=len(mine), title=s.rule.title(report.lang))
            fail = ET.SubElement(case, "failure", message=message, type=str(s.rule.severity))
            fail.text = "\n".join(i18n.text(lang, "report.junit.evidence", severity=f.severity, message=f.message,
                                             refs=", ".join(e.ref for e in f.evidence[:5])) for f in mine)
        elif s.status in NOT_RUN:
            ET.SubElement(case, "skipped", message=s.reason or str(s.status))
        elif s.status == RuleState.PARTIAL:
            ET.SubElement(case, "system-out").text = s.reason or i18n.text(lang, "report.junit.partly_checked")
    if report.notes:
        out = ET.SubElement(suite, "system-out")
        out.text = "\n".join(report.notes)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
