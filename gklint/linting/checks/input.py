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
    A text file whose encoding could not be determined, decoded with
    replacement characters.

    Why it matters:
    Characters were lost; other findings in the file may be wrong.

    Example:
    A file saved in a legacy encoding that is neither UTF-8 nor GB18030.

    Fix:
    Save the report as UTF-8 and check it again.
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
          "What it finds:\nA file that cannot be opened (permissions, deleted while the run went on, I/O error).\n\n"
          "Why it matters:\nNothing in it was checked.\n\n"
          "Example:\nA report copied without read permission for the user running gklint.\n\nFix:\nCheck the path and permissions and run again."),
    _rule("GK902", "empty-file", "文件为空，没有报告内容",
          "What it finds:\nAn empty file, or one holding only white space.\n\nWhy it matters:\n"
          "There is no report to check.\n\nExample:\nA 0-byte 年度报告.docx left by a failed upload.\n\nFix:\nSubmit the real report."),
    _rule("GK903", "malformed-file", "文件损坏或格式与扩展名不符",
          "What it finds:\nA file whose content does not match its extension or is corrupt: a .doc renamed "
          ".docx, a truncated zip or PDF, binary data in a .txt.\n\nWhy it matters:\nThe report cannot be "
          "read, so nothing in it was checked.\n\nExample:\nA .docx file that ends half-way through its zip "
          "directory.\n\nFix:\nExport the report again from the original."),
    _rule("GK904", "encrypted-file", "文件已加密或有密码保护",
          "What it finds:\nAn encrypted or password-protected .docx or .pdf.\n\nWhy it matters:\n"
          "A published report must be readable by everyone.\n\nExample:\nA PDF that asks for a password "
          "before it opens.\n\nFix:\nRemove the password and export again."),
    _rule("GK905", "needs-ocr", "PDF没有文字层，需要OCR",
          "What it finds:\nA PDF made of scanned images with no text layer.\n\nWhy it matters:\nNo text can "
          "be checked; such a report is also inaccessible to screen readers.\n\nExample:\nA report printed, "
          "signed, scanned and published as page images.\n\nFix:\nPublish a text PDF, "
          "or run OCR first."),
    _rule("GK906", "missing-extra", "缺少读取该格式所需的可选组件",
          "What it finds:\nA file format whose reader needs an optional extra that is not installed.\n\n"
          "Why it matters:\nThe file was not checked at all.\n\nExample:\nA .pdf checked where gklint was "
          "installed without the pdf extra (pypdfium2).\n\nFix:\npip install 'gklint[all]' (or the extra named in the message)."),
    _rule("GK907", "over-limit", "文件超出大小或解压上限",
          "What it finds:\nA file larger than the size cap, a .docx whose content would decompress beyond "
          "the cap (a zip bomb), a PDF with more pages than the cap, or more text (2 million characters) "
          "than any report holds.\n\nWhy it matters:\nThe caps keep "
          "one file from exhausting memory in a batch.\n\nExample:\nA 1 KB .docx whose content would "
          "expand to several gigabytes.\n\nFix:\nCheck the file; raise the cap only for trusted input."),
    _rule("GK909", "no-report", "文件中没有找到年度报告正文",
          "What it finds:\nA readable file in which no report text was found (e.g. a web page with only "
          "navigation).\n\nWhy it matters:\nNothing that was checked is the report.\n\nExample:\nA saved "
          "search-results page that lists reports but holds none.\n\nFix:\nSubmit the page or file that holds the report itself."),
    _rule("GK920", "not-a-file", "不是普通文件，无法作为报告读取",
          "What it finds:\nA path that is a device (/dev/zero), a named pipe (FIFO) or a socket, or a "
          "symlink to one.\n\nWhy it matters:\nReading it would never end (a pipe waits for a "
          "writer, /dev/zero never runs out) and would stop or exhaust the whole batch.\n\nExample:\n"
          "report.txt -> /dev/zero among the submissions.\n\nFix:\nSubmit the report as an ordinary file."),
    _rule("GK921", "symlink-outside", "符号链接指向被检查文件夹之外，未读取",
          "What it finds:\nA submission that is a symbolic link to a file outside the folder being "
          "checked.\n\nWhy it matters:\nFollowing it would read, and quote in excerpts and the "
          "dashboard, a file the submitter should not reach (/etc/passwd, a key).\n\nExample:\n"
          "submissions/a.txt -> /etc/passwd.\n\nFix:\nSubmit the file itself; or, for trusted "
          "input, run with --follow-symlinks."),
    _rule("GK990", "internal-error", "规则或插件运行出错",
          "What it finds:\nA rule or plugin raised an error, or a rule's pattern ran past its time limit, "
          "on this file. The other rules still ran.\n\nWhy it matters:\nThe failing rule's checks are "
          "missing for this file.\n\nExample:\nA plugin rule that raises KeyError on a report without "
          "table 4.\n\nFix:\nReport the message to the rule's author."),
    _rule("GK991", "file-timeout", "单个文件检查超时",
          "What it finds:\nA file whose checking exceeded the per-file time limit in a batch audit.\n\n"
          "Why it matters:\nThe file's findings are incomplete or absent.\n\nExample:\nA malformed "
          "file that makes a reader loop.\n\nFix:\nCheck the file on its own; report it if it is an ordinary report."),
]
