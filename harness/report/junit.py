"""JUnit XML for CI: one test case per rule, failed when the rule has findings, skipped when it could not run
or could not conclude (inconclusive); a partly checked rule passes with its reason on the case."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from harness.analysis.result import Report, RuleState

NOT_RUN = (RuleState.SKIPPED, RuleState.INCONCLUSIVE)


def render_junit(report: Report) -> str:
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
            fail = ET.SubElement(case, "failure", message=f"{len(mine)} finding(s): {s.rule.title(report.lang)}",
                                 type=str(s.rule.severity))
            fail.text = "\n".join(f"[{f.severity}] {f.message} (evidence: {', '.join(e.ref for e in f.evidence[:5])})"
                                  for f in mine)
        elif s.status in NOT_RUN:
            ET.SubElement(case, "skipped", message=s.reason or str(s.status))
        elif s.status == RuleState.PARTIAL:
            ET.SubElement(case, "system-out").text = s.reason or "partly checked"
    if report.notes:
        out = ET.SubElement(suite, "system-out")
        out.text = "\n".join(report.notes)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
