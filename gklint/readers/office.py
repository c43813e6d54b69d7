"""Word 97-2003 (.doc), WPS (.wps), OpenDocument (.odt) and RTF (.rtf)
reports, converted to .docx by LibreOffice and read by the .docx reader, so
every rule sees the same paragraphs and tables as in a .docx.

Why LibreOffice: it is the one well-kept tool that reads all four formats
with their tables whole.  Measured on seed 000 saved by LibreOffice as .doc,
.odt and .rtf (表三 with merged group labels and header cells): through
LibreOffice the findings equal the .docx's (tests/test_reader_office.py).
antiword 0.37 drew 表二 as fixed-width text columns, wrapped cell text over
several lines, lost 表三's 25 data rows and flattened 表四 into one run of
cells; catdoc gave one tab-separated line per row with merged cells simply
absent, so columns shift under a group label; striprtf gave "|"-separated
rows, again without spans; odfpy reads only .odt.  The cost is speed: about
2 s of CPU per file, nearly all of it LibreOffice's start (a 4-file batch in
one soffice call cost 3.5 s), and a system package (``apt-get install
libreoffice-writer``); without it a file of these kinds is one GK910
finding naming what to install, never a silent skip.

Each conversion runs ``soffice --headless --convert-to docx`` on a copy of
the file in a private temporary folder, with a user profile of this
process's own (LibreOffice refuses to share one between running
instances; a profile per process keeps parallel audit workers apart, and
reusing it saves the profile set-up on every later file), under a time
limit after which the whole process group is killed.
"""
from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Optional

from ..model import Document
from . import ReadError, ReadOptions, Reader, check_input, missing_module
from .sniff import content_kind

CONVERT_TIMEOUT = 45.0  # seconds; under the audit's 60 s per file, so the file gets GK911
INSTALL_HINT = ("请安装 LibreOffice（Debian/Ubuntu：apt-get install libreoffice-writer；"
                "Windows/macOS：从 libreoffice.org 安装）后重新检查，或在 WPS/Word 中另存为 .docx")
_NAMES = {".doc": "Word 97-2003 文档（.doc）", ".wps": "WPS 文字文档（.wps）",
          ".odt": "OpenDocument 文本（.odt）", ".rtf": "RTF 文档（.rtf）"}
_lock = threading.Lock()  # one conversion at a time per process: one profile
_profile: Optional[tuple[int, str]] = None  # (pid, folder): a forked worker makes its own


def find_soffice() -> Optional[str]:
    """The LibreOffice program: $GKLINT_SOFFICE, then the PATH, then the usual places."""
    named = os.environ.get("GKLINT_SOFFICE")
    if named:
        return named if os.path.isfile(named) and os.access(named, os.X_OK) else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for path in ("/Applications/LibreOffice.app/Contents/MacOS/soffice",
                 r"C:\Program Files\LibreOffice\program\soffice.exe",
                 r"C:\Program Files (x86)\LibreOffice\program\soffice.exe"):
        if os.path.isfile(path):
            return path
    return None


def office_missing() -> Optional[str]:
    return missing_module("docx", "python-docx")


def read_office(path: str, data: bytes, options: ReadOptions) -> Document:
    from .docx import read_docx

    ext = Path(path).suffix.lower()
    check_input(data, options)
    kind = content_kind(data) or ext
    if kind == ".docx":  # a .wps or .doc that WPS/Word saved as .docx
        doc = read_docx(path, data, options)
    else:
        kind = kind if kind in _NAMES else ext
        converted = convert_to_docx(data, kind, options)
        try:
            doc = read_docx(path, converted, options)
        except ReadError as exc:
            if exc.rule_id != "GK902":
                raise
            # LibreOffice turns a damaged file into an empty document rather than fail.
            raise ReadError("GK903", f"LibreOffice 从这份{_NAMES[kind]}中没有读出任何文字，文件可能已"
                            "损坏；请用 WPS/Word 打开后另存为 .docx") from None
        doc.meta["converted_by"] = "LibreOffice"
    doc.format = (ext if ext in _NAMES else kind).lstrip(".")
    return doc


def convert_to_docx(data: bytes, ext: str, options: ReadOptions,
                    timeout: float = CONVERT_TIMEOUT) -> bytes:
    """``data`` (a .doc, .wps, .odt or .rtf file) as .docx bytes, by LibreOffice."""
    soffice = find_soffice()
    what = _NAMES.get(ext, ext)
    if soffice is None:
        raise ReadError("GK910", f"读取{what}需要 LibreOffice，本机没有找到（soffice）；{INSTALL_HINT}")
    work = tempfile.mkdtemp(prefix="gklint-convert-")
    try:
        source = Path(work, "report" + ext)
        source.write_bytes(data)
        out = Path(work, "out")
        with _lock:
            result = _run(soffice, source, out, timeout)
        produced = out / "report.docx"
        if not produced.is_file():
            detail = (result.stderr or b"").decode("utf-8", "replace").strip()[-300:]
            raise ReadError("GK903", f"LibreOffice 无法转换这份{what}，文件可能已损坏、加密或并非{what}"
                            "；请用 WPS/Word 打开后另存为 .docx", detail)
        if produced.stat().st_size > options.max_unpacked_bytes:
            raise ReadError("GK907", f"{what}转换后超过上限 {options.max_unpacked_bytes >> 20} MB，未检查")
        return produced.read_bytes()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(soffice: str, source: Path, out: Path, timeout: float) -> subprocess.CompletedProcess:
    command = [soffice, f"-env:UserInstallation={Path(_profile_dir()).as_uri()}", "--headless",
               "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(source)]
    env = dict(os.environ, SAL_USE_VCLPLUGIN="svp", HOME=os.environ.get("HOME", str(out)))
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=env, start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        _discard_profile()  # a profile killed half-made would fail every later file
        raise ReadError("GK911", f"LibreOffice 转换超过 {timeout:.0f} 秒仍未完成，已中止；"
                        "文件可能异常庞大或已损坏，请用 WPS/Word 另存为 .docx 后重新检查") from None
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)  # soffice.bin runs as a child of soffice
    except (OSError, AttributeError):
        process.kill()
    process.communicate()


def _profile_dir() -> str:
    """This process's LibreOffice user profile, made on first use, removed at exit."""
    global _profile
    if _profile is None or _profile[0] != os.getpid() or not os.path.isdir(_profile[1]):
        _remove_orphan_profiles()
        _profile = (os.getpid(), tempfile.mkdtemp(prefix=f"gklint-lo-profile-{os.getpid()}-"))
        atexit.register(shutil.rmtree, _profile[1], True)
    return _profile[1]


def _discard_profile() -> None:
    global _profile
    if _profile is not None and _profile[0] == os.getpid():
        shutil.rmtree(_profile[1], ignore_errors=True)
    _profile = None


def _remove_orphan_profiles() -> None:
    """Profiles left by processes that ended without running atexit (audit
    workers that were killed or left through os._exit)."""
    for folder in Path(tempfile.gettempdir()).glob("gklint-lo-profile-*-*"):
        try:
            pid = int(folder.name.split("-")[3])
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except (ValueError, IndexError, OSError):
            continue  # not ours to judge: another user's process, or another name


OFFICE_READER = Reader("office", (".doc", ".wps", ".odt", ".rtf"), read_office, extra="docx",
                       missing=office_missing)
