"""GK910-GK919: files of every kind an inspector receives.

GK910 and GK911 are raised by the LibreOffice conversion of .doc, .wps,
.odt and .rtf files (gklint.readers.office), GK913 by the engine for a file
of a kind gklint does not read; GK912 notes a file read as what its content
is rather than what its name says (gklint.readers.sniff).
"""
from __future__ import annotations

from ...findings import Severity
from ..rule import Rule
from .input import _rule

_KINDS = {".pdf": "PDF", ".docx": "Word 文档（.docx）", ".doc": "Word 97-2003 文档（.doc）",
          ".rtf": "RTF 文档", ".html": "网页（HTML）", ".odt": "OpenDocument 文本（.odt）",
          ".ofd": "OFD 版式文档"}
# Extensions gklint reads (the folder walk and GK913 use them).
SUPPORTED_HINT = ".txt .md .docx .doc .wps .odt .rtf .html .htm .pdf .ofd"


_HINTS = {
    (".xls", ".xlsx", ".et", ".csv", ".ods"): "这是表格文件，不是年度报告正文",
    (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp"):
        "这是图片，需要先做文字识别（OCR）",
    (".zip", ".rar", ".7z", ".tar", ".gz"): "这是压缩包，请解压后检查其中的文件",
    (".mht", ".mhtml"): "这是“单个文件网页”，请在 Word/WPS 中另存为 .docx",
    (".ppt", ".pptx", ".dps"): "这是演示文稿，不是年度报告正文",
    (".docm", ".dotx", ".dot", ".wpt"): "这是 Word/WPS 模板或宏文档，请另存为 .docx",
}


def unsupported_message(ext: str, supported: list[str]) -> str:
    """GK913's message: what the file seems to be and what to submit instead."""
    named = ext or "（无扩展名）"
    hint = next((h for kinds, h in _HINTS.items() if ext in kinds), "")
    return (f"不支持的格式：gklint 不读取{named}文件{'（' + hint + '）' if hint else ''}，未检查；"
            f"可检查的格式为 {' '.join(supported)}")


class ReadAsContent(Rule):
    """What it finds:
    文件内容与扩展名所示的格式不同：实为Word文档的 .pdf，实为 .docx 或RTF的 .doc，
    实为Word另存网页的 .doc。

    Why it matters:
    gklint 按文件的实际格式读取并检查了它；但发布出去的文件，
    用它名字所示的程序打不开，政府信息公开网站的读者可能无法打开。

    Example:
    report.pdf 的开头字节是 PK（是ZIP，即 .docx）。

    Fix:
    把扩展名改为实际的格式，或按名字所示的格式重新导出。
    """

    id = "GK912"
    name = "extension-mismatch"
    severity = Severity.INFO
    summary = "文件内容与扩展名不符，已按实际格式读取"

    def check(self, doc, ctx):
        read_as = doc.meta.get("read_as")
        if read_as:
            named, actual = read_as
            named = named or "（无）"
            yield self.finding(doc, f"文件扩展名为{named}，内容实际是{_KINDS.get(actual, actual)}，"
                                    f"已按{actual}读取并检查；请把扩展名改为{actual}或重新导出",
                               snippet=f"{named}->{actual}")


FORMAT_RULES = [
    _rule("GK910", "converter-missing", "读取该格式需要 LibreOffice，本机未安装",
          "What it finds:\n本机没有安装 LibreOffice，而 gklint 要靠它读取 .doc、.wps、.odt、"
          ".rtf 报告。\n\n"
          "Why it matters:\n该文件没有任何检查；文件会列出，而不是被跳过。\n\n"
          "Example:\n在没有安装 `soffice` 的机器上检查“报告.doc”。\n\n"
          "Fix:\n安装 LibreOffice（apt-get install libreoffice-writer，或从"
          " libreoffice.org 下载；可用环境变量 GKLINT_SOFFICE 指定程序），"
          "或在 WPS、Word 中把报告另存为 .docx。"),
    _rule("GK911", "conversion-timeout", "LibreOffice 转换超时",
          "What it finds:\nLibreOffice 转换 .doc、.wps、.odt 或 .rtf 文件没有在时限（45秒）"
          "内完成，转换已被停止。\n\n"
          "Why it matters:\n该文件没有任何检查。\n\n"
          "Example:\n使 LibreOffice 卡住的损坏的 .doc 文件。\n\n"
          "Fix:\n在 WPS 或 Word 中打开该文件，另存为 .docx。"),
    _rule("GK913", "unsupported-format", "不支持的格式",
          "What it finds:\n被检查文件夹中的、或在命令行中指定的、gklint"
          f" 不读取的格式的文件（gklint 读取 {SUPPORTED_HINT}）。\n\n"
          "Why it matters:\n报送的每个文件都有交代：该文件以“不支持的格式”状态列出，"
          "而不是被跳过，这样以电子表格或图片报送的报告不会被当成没有问题。\n\n"
          "Example:\n报送文件夹中的“报告.xlsx”或“报告.jpg”。\n\n"
          "Fix:\n以 .docx、.pdf、.ofd、.doc、.wps 或网页形式报送报告。",
          severity=Severity.WARNING),
]
