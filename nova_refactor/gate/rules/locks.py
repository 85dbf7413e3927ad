"""Shared locks: no new ones, none acquired on request paths, none held across an await.

Every lock construction is a finding, so a baseline accepts the legacy ones and the ratchet
stops new ones ("no Arc<Mutex> in new code").
"""

from __future__ import annotations

from collections.abc import Iterator

from nova_refactor.config import OptionSpec, RuleSpec
from nova_refactor.gate.rules.base import Rule, RuleContext, finding
from nova_refactor.model import MUTABLE_GLOBAL, Finding, LockRole, LockSite


def _where(site: LockSite) -> str:
    return site.function or "<module>"


def _shared(ctx: RuleContext) -> Iterator[Finding]:
    rule = SHARED.spec.id
    for site in ctx.analysis.locks:
        options = ctx.options(rule, site.path)
        if options is None or site.role != LockRole.CONSTRUCTION:
            continue
        if site.primitive == MUTABLE_GLOBAL and not options["include_mutable_globals"]:
            continue
        if site.primitive == MUTABLE_GLOBAL:
            what = f"mutable global {site.owner} is rebound through `global`"
        else:
            what = f"shared lock {site.owner} ({site.primitive}) is built in {_where(site)}"
        yield finding(
            rule, options, site.path, site.line, f"{site.owner}@{_where(site)}",
            f"{what}; prefer state owned by one task and messages",
        )


def _hot(ctx: RuleContext) -> Iterator[Finding]:
    rule = HOT.spec.id
    for site in ctx.analysis.locks:
        options = ctx.options(rule, site.path)
        # a lock taken, not a global rebound: that is the shared-locks rule's finding
        if options is None or site.role != LockRole.ACQUISITION or not site.hot_path:
            continue
        yield finding(
            rule, options, site.path, site.line, f"{site.owner}@{_where(site)}:{site.how}",
            f"{site.owner} ({site.primitive}) is taken ({site.how or site.role}) on a request "
            f"path in {_where(site)}",
        )


def _await(ctx: RuleContext) -> Iterator[Finding]:
    rule = AWAIT.spec.id
    for site in ctx.analysis.locks:
        options = ctx.options(rule, site.path)
        if options is None or not site.held_across_await:
            continue
        yield finding(
            rule, options, site.path, site.line, f"{site.owner}@{_where(site)}:{site.how}",
            f"{site.owner} ({site.primitive}) is held across an await in {_where(site)}; "
            "every other task waiting for it stalls",
        )


SHARED = Rule(
    RuleSpec(
        "shared-locks",
        "No new shared locks (threading/asyncio/multiprocessing, Arc<Mutex>) or, by default, "
        "mutable globals: each one built is a finding, so only a baseline can accept the "
        "legacy ones.",
        (OptionSpec("include_mutable_globals", bool, True,
                    "also count module globals rebound through `global`"),),
    ),
    _shared,
)
HOT = Rule(
    RuleSpec("lock-on-request-path",
             "No lock is acquired in a request handler or hook, or in what it calls."),
    _hot,
)
AWAIT = Rule(
    RuleSpec("lock-across-await", "No blocking lock is held while a coroutine awaits."),
    _await,
)
