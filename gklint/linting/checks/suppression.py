"""GK940-GK942: inline suppression directives that are wrong or unneeded.

Like GK9xx input rules they inspect no report content: gklint.suppress
raises their findings while it reads the directives, so that a typo in a
directive is seen instead of silencing too much, or nothing.
"""
from __future__ import annotations

from ...findings import Severity
from ..rule import Rule


class DirectiveRule(Rule):
    source = "gklint"
    # Reported only when asked for by its full id (select / extend-select),
    # as ruff's RUF100: an unused directive is not a defect of the report.
    opt_in = False

    def check(self, doc, ctx):
        return ()


class MalformedDirective(DirectiveRule):
    """What it finds:
    写错的 gklint 指令：指令名拼错（disabel）、缺少“=”，
    或编号不是规则编号或前缀（GK3O1 中的字母 O、GK3X、301）。这样的项不生效。

    Why it matters:
    写错的指令要么什么也屏蔽不了，要么像过去那样把 GK3O1 读成前缀 GK3，
    屏蔽了整个 GK3 系列；两种情况都不应悄悄发生。

    Example:
    <!-- gklint: disable-next-line=GK3O1 -->

    Fix:
    写成 gklint: disable=GK301、disable-line=GK301 或 disable-next-line=GK301，
    多个编号用逗号分隔；GK3 表示整个 GK3 系列，GK 表示全部规则。
    """

    id, name, severity = "GK940", "malformed-suppression", Severity.WARNING
    summary = "gklint 屏蔽指令格式错误，未生效"


class UnknownDirectiveId(DirectiveRule):
    """What it finds:
    gklint 指令中的编号格式正确，但没有这个编号的规则（如 GK999），该项不生效。

    Why it matters:
    多半是编号写错了，本想屏蔽的问题仍会报告，或者规则已改号。

    Example:
    <!-- gklint: disable=GK999 -->

    Fix:
    用 gklint rules 查到正确的编号后改正，或删除该指令。
    """

    id, name, severity = "GK941", "unknown-suppression-id", Severity.WARNING
    summary = "gklint 屏蔽指令中的规则编号不存在"


class UnusedDirective(DirectiveRule):
    """What it finds:
    没有屏蔽任何问题的 gklint 指令（问题已改正，或写在了别的行）。
    只在明确要求时报告：--extend-select GK942，或配置中 extend-select =
    ["GK942"]。

    Why it matters:
    多余的指令会在以后悄悄屏蔽新出现的同类问题。

    Example:
    # gklint: disable-next-line=GK301    （下一行已没有“冇”）

    Fix:
    删除该指令。
    """

    id, name, severity = "GK942", "unused-suppression", Severity.INFO
    summary = "gklint 屏蔽指令没有屏蔽任何问题"
    opt_in = True


DIRECTIVE_RULES = [MalformedDirective(), UnknownDirectiveId(), UnusedDirective()]
