"""GK9xx: input that cannot be read, and internal errors.

These rules do not inspect a document; the engine raises their findings when
a reader refuses a file or a rule fails.  They are rules all the same, so
``gklint rules`` lists them, ``gklint explain GK904`` documents them, and
SARIF carries their help text.
"""
from __future__ import annotations

from ...findings import Severity
from ..rule import Rule


class InputRule(Rule):
    severity = Severity.ERROR

    def check(self, doc, ctx):
        return ()


def _rule(rule_id: str, name: str, summary: str, doc: str, severity=Severity.ERROR) -> InputRule:
    r = InputRule()
    r.id, r.name, r.summary, r.doc, r.severity = rule_id, name, summary, doc, severity
    return r


class LossyDecoding(Rule):
    """What it finds:
    无法确定编码的文本文件，已按UTF-8读取，无法识别的字节换成了替换字符。

    Why it matters:
    有文字丢失；该文件的其他问题也可能判断有误。

    Example:
    用既不是UTF-8也不是GB18030的旧编码保存的文件。

    Fix:
    把报告另存为UTF-8后重新检查。
    """

    id = "GK908"
    name = "unknown-encoding"
    severity = Severity.WARNING
    summary = "文本文件编码无法识别，已按UTF-8替换读取"

    def check(self, doc, ctx):
        if doc.meta.get("lossy_decoding"):
            yield self.finding(doc, "无法确定文件编码，已按UTF-8读取并替换了无法识别的字节，部分文字可能已丢失；"
                                    "请另存为UTF-8后重新检查", snippet="encoding")


INPUT_RULES = [
    _rule("GK901", "unreadable-file", "文件无法读取",
          "What it finds:\n无法打开的文件（没有权限、运行中被删除、读写错误）。\n\n"
          "Why it matters:\n文件中的内容都没有检查。\n\n"
          "Example:\n复制来的报告，运行 gklint 的用户没有读取权限。\n\n"
          "Fix:\n检查路径和权限后重新运行。"),
    _rule("GK902", "empty-file", "文件为空，没有报告内容",
          "What it finds:\n空文件，或只有空白字符的文件。\n\n"
          "Why it matters:\n没有可检查的报告。\n\n"
          "Example:\n上传失败留下的0字节“年度报告.docx”。\n\n"
          "Fix:\n报送实际的报告。"),
    _rule("GK903", "malformed-file", "文件损坏或格式与扩展名不符",
          "What it finds:\n内容与扩展名不符或已损坏的文件：改名为 .docx 的 .doc、不完整的"
          " zip 或 PDF、.txt 中的二进制数据。\n\n"
          "Why it matters:\n报告无法读取，其中的内容都没有检查。\n\n"
          "Example:\n一个 .docx 文件，zip 目录写到一半就结束了。\n\n"
          "Fix:\n从原始文件重新导出报告。"),
    _rule("GK904", "encrypted-file", "文件已加密或有密码保护",
          "What it finds:\n已加密或有密码保护的 .docx 或 .pdf 文件。\n\n"
          "Why it matters:\n公开发布的报告必须人人都能阅读。\n\n"
          "Example:\n打开前要求输入密码的PDF。\n\n"
          "Fix:\n去掉密码后重新导出。"),
    _rule("GK905", "needs-ocr", "PDF没有文字层，需要OCR",
          "What it finds:\n由扫描图像组成、没有文字层的PDF。\n\n"
          "Why it matters:\n没有可检查的文字；这样的报告读屏软件也无法朗读。\n\n"
          "Example:\n打印、盖章后扫描，以页面图像发布的报告。\n\n"
          "Fix:\n发布带文字层的PDF，或先做OCR文字识别。"),
    _rule("GK906", "missing-extra", "缺少读取该格式所需的可选组件",
          "What it finds:\n读取该格式需要的可选组件（extra）没有安装。\n\n"
          "Why it matters:\n该文件完全没有检查。\n\n"
          "Example:\n安装 gklint 时没有装 pdf 组件（pypdfium2），却检查 .pdf 文件。\n\n"
          "Fix:\npip install 'gklint[all]'（或安装提示中所说的组件）。"),
    _rule("GK907", "over-limit", "文件超出大小或解压上限",
          "What it finds:\n超过大小上限的文件、解压后会超过上限的 .docx（zip 炸弹）、"
          "页数超过上限的PDF，或者文字多于任何报告的文件（200万字符）。\n\n"
          "Why it matters:\n这些上限防止一个文件在批量检查中耗尽内存。\n\n"
          "Example:\n1 KB 的 .docx，解压后会有好几GB。\n\n"
          "Fix:\n检查该文件；只对可信的输入提高上限。"),
    _rule("GK909", "no-report", "文件中没有找到年度报告正文",
          "What it finds:\n能读取、但其中找不到报告正文的文件（如只有导航栏的网页）。\n\n"
          "Why it matters:\n检查到的内容都不是报告。\n\n"
          "Example:\n保存下来的搜索结果页，只列出报告标题，不含报告本身。\n\n"
          "Fix:\n报送载有报告本身的网页或文件。"),
    _rule("GK920", "not-a-file", "不是普通文件，无法作为报告读取",
          "What it finds:\n路径是设备（/dev/zero）、命名管道（FIFO）或套接字，"
          "或者是指向它们的符号链接。\n\n"
          "Why it matters:\n读取它永远不会结束（管道一直等待写入，/dev/zero 读不完），"
          "会使整批检查停住或耗尽资源。\n\n"
          "Example:\n报送的文件中有 report.txt -> /dev/zero。\n\n"
          "Fix:\n以普通文件报送报告。"),
    _rule("GK921", "symlink-outside", "符号链接指向被检查文件夹之外，未读取",
          "What it finds:\n指向被检查文件夹之外的文件的符号链接。\n\n"
          "Why it matters:\n跟随它会读取报送人不应接触到的文件（/etc/passwd、密钥），"
          "并在摘录和汇总看板中引用其内容。\n\n"
          "Example:\nsubmissions/a.txt -> /etc/passwd\n\n"
          "Fix:\n报送文件本身；对可信的输入，也可以用 --follow-symlinks 运行。"),
    _rule("GK990", "internal-error", "规则或插件运行出错",
          "What it finds:\n某个规则或插件在该文件上运行出错，或者规则的模式匹配超过了时限。"
          "其他规则照常运行。\n\n"
          "Why it matters:\n该文件缺少出错规则的检查。\n\n"
          "Example:\n插件规则在没有表四的报告上抛出 KeyError。\n\n"
          "Fix:\n把提示信息报告给该规则的作者。"),
    _rule("GK991", "file-timeout", "单个文件检查超时",
          "What it finds:\n批量检查（gklint audit）中，某个文件的检查超过了单个文件的时限。\n\n"
          "Why it matters:\n该文件的检查结果不完整，或者没有结果。\n\n"
          "Example:\n使读取程序陷入循环的畸形文件。\n\n"
          "Fix:\n单独检查该文件；如果它是普通的报告，请报告这个问题。"),
]
