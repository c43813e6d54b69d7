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
    A file whose content is another format than its extension says: a .pdf
    that is a Word document, a .doc that is a .docx or an RTF file, a .doc
    that is a web page Word saved.

    Why it matters:
    gklint read the file as what it really is and checked it; but the
    published file will not open in the program its name promises, and a
    reader of the disclosure site may not be able to open it.

    Example:
    report.pdf whose first bytes are PK (a ZIP, a .docx).

    Fix:
    Rename the file with its real extension, or export it again in the
    format the name says.
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
          "What it finds:\nA .doc, .wps, .odt or .rtf report on a machine without LibreOffice, "
          "which gklint uses to read these formats.\n\nWhy it matters:\nNothing in the file was "
          "checked; the file is listed, not skipped.\n\nExample:\n报告.doc on a machine where "
          "`soffice` is not installed.\n\nFix:\nInstall LibreOffice (apt-get install "
          "libreoffice-writer, or from libreoffice.org; GKLINT_SOFFICE may name the program), "
          "or save the report as .docx in WPS or Word."),
    _rule("GK911", "conversion-timeout", "LibreOffice 转换超时",
          "What it finds:\nA .doc, .wps, .odt or .rtf file whose conversion by LibreOffice did "
          "not finish within the time limit (45 s); the conversion was stopped.\n\nWhy it "
          "matters:\nNothing in the file was checked.\n\nExample:\nA damaged .doc on which "
          "LibreOffice hangs.\n\nFix:\nOpen the file in WPS or Word and save it as .docx."),
    _rule("GK913", "unsupported-format", "不支持的格式",
          "What it finds:\nA file in an audited folder, or named on the command line, of a "
          f"kind gklint does not read (it reads {SUPPORTED_HINT}).\n\nWhy it matters:\n"
          "Every file submitted is accounted for: the file is listed with the status "
          "不支持的格式, not skipped, so a report sent as a spreadsheet or an image is not "
          "mistaken for a clean one.\n\nExample:\n报告.xlsx or 报告.jpg in a folder of "
          "submissions.\n\nFix:\nSubmit the report as .docx, .pdf, .ofd, .doc, .wps or a web page.",
          severity=Severity.WARNING),
]
