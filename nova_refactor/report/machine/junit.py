"""The gate's verdict as JUnit XML: one testcase per rule, one <failure> per breaking finding,
<skipped> for a rule that could not judge (no contracts file, no coverage report).

Jenkins, GitLab, Azure DevOps and CircleCI read this shape; accepted findings are listed in
the testcase's <system-out> so the report shows them without failing.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

from nova_refactor.gate.result import CheckResult, Judged
from nova_refactor.report.gate_rows import where

# Characters XML 1.0 cannot hold, even escaped: a file name with one would make the whole
# report unreadable to a CI server. They are written as visible escapes instead.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str | None) -> str | None:
    if text is None or not _NOT_XML.search(text):
        return text
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group(0)):02x}" if ord(m.group(0)) < 0x100
                        else f"\\u{ord(m.group(0)):04x}", text)


def _well_formed(tree: ElementTree.Element) -> None:
    """Every text and attribute of `tree` made storable in XML 1.0, in place."""
    for element in tree.iter():
        element.text, element.tail = _xml_text(element.text), _xml_text(element.tail)
        for key, value in element.attrib.items():
            element.attrib[key] = _xml_text(value) or ""


def _line(judged: Judged) -> str:
    return f"{where(judged.finding)}: {judged.finding.message} [{judged.status}]"


def _testcase(suite: ElementTree.Element, rule: str, found: list[Judged],
              skipped: str | None) -> None:
    case = ElementTree.SubElement(suite, "testcase", classname="nova-refactor", name=rule)
    if skipped is not None:  # a rule that could not judge must not read as passed
        ElementTree.SubElement(case, "skipped", message=f"not judged: {skipped}")
    for judged in found:
        if judged.breaks:
            failure = ElementTree.SubElement(case, "failure", type=judged.status,
                                             message=_line(judged))
            failure.text = f"{_line(judged)}\nfingerprint {judged.finding.fingerprint}"
    others = [_line(j) for j in found if not j.breaks]
    if others:
        ElementTree.SubElement(case, "system-out").text = "\n".join(others)


def render_junit(result: CheckResult) -> str:
    # Counts are testcases, as CI parsers expect: a rule with findings is one failed test.
    failures = len({j.finding.rule for j in result.breaking})
    suites = ElementTree.Element("testsuites", name="nova-refactor check",
                                 tests=str(len(result.rules)), failures=str(failures), errors="0")
    suite = ElementTree.SubElement(
        suites, "testsuite", name=f"nova-refactor check ({result.pack})",
        tests=str(len(result.rules)), failures=str(failures), errors="0",
        skipped=str(len(result.unjudged)),
    )
    by_rule: dict[str, list[Judged]] = {}
    for judged in result.judged:
        by_rule.setdefault(judged.finding.rule, []).append(judged)
    unjudged = result.unjudged
    for spec in result.rules:
        _testcase(suite, spec.id, by_rule.get(spec.id, []), unjudged.get(spec.id))
    if result.notes:
        ElementTree.SubElement(suite, "system-out").text = "\n".join(result.notes)
    _well_formed(suites)
    ElementTree.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(
        suites, encoding="unicode") + "\n"
