"""Container safety for ZIP (docx, OFD) and OLE (legacy Office) files.

A ZIP is checked before anything is unpacked (entry count, unpacked size,
compression ratio, whole and per part), and parts are inflated a megabyte at
a time, so a "zip bomb" or a part lying about its size costs no memory.
"""
from __future__ import annotations

import zipfile

from . import ReadError, ReadOptions

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAX_ZIP_ENTRIES = 10_000
_MAX_RATIO = 200  # unpacked / packed, for archives that unpack to more than 20 MB
_MB = 1024 * 1024


def check_zip_sizes(infos: list, options: ReadOptions) -> None:
    """Refuse a ZIP (docx, OFD) whose entries would unpack past the caps:
    too many entries, too many bytes, or a compression ratio only a
    "zip bomb" has (GK907)."""
    if len(infos) > _MAX_ZIP_ENTRIES:
        raise ReadError("GK907", f"压缩包内文件数（{len(infos)}）超过上限 {_MAX_ZIP_ENTRIES}，"
                        "可能是“压缩炸弹”，未解压检查")
    unpacked = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos) or 1
    if unpacked > options.max_unpacked_bytes:
        raise ReadError("GK907", f"解压后大小（{unpacked // _MB} MB）超过上限 "
                        f"{options.max_unpacked_bytes // _MB} MB，可能是“压缩炸弹”，未解压检查")
    if unpacked > 20 * _MB and unpacked / packed > _MAX_RATIO:
        raise ReadError("GK907", f"压缩比异常（{unpacked // packed}倍，解压后 {unpacked // _MB} MB），"
                        "可能是“压缩炸弹”，未解压检查")
    # Per part too: random bytes stored uncompressed beside a bomb brought
    # the whole archive's ratio under the limit while one part still
    # inflated to hundreds of MB.
    for info in infos:
        if info.file_size > 20 * _MB and info.file_size / (info.compress_size or 1) > _MAX_RATIO:
            raise ReadError("GK907", f"压缩包内文件 {info.filename} 压缩比异常"
                            f"（{info.file_size // (info.compress_size or 1)}倍，解压后 "
                            f"{info.file_size // _MB} MB），可能是“压缩炸弹”，未解压检查")


def read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    """A part's bytes, inflated 1 MB at a time.

    ``ZipFile.read`` inflates a part's whole stream in one call, whatever size
    the header claims: a 300 KB part lying that it holds 2 KB took 300 MB
    before the size mismatch was noticed.  In steps, unpacking stops at the
    claimed size (already checked against the cap) and the CRC check fails.
    """
    parts = []
    with archive.open(name) as member:
        while chunk := member.read(_MB):
            parts.append(chunk)
    return b"".join(parts)


def ole_error(data: bytes) -> ReadError:
    """What an OLE compound file given as .docx is: encrypted (GK904),
    an old .doc, or another Office file (GK903)."""
    if "EncryptedPackage".encode("utf-16-le") in data:
        return ReadError("GK904", "文件已加密（设置了打开密码），无法读取；请去掉密码后重新提交")
    if "WordDocument".encode("utf-16-le") in data:
        return ReadError("GK903", "这是旧版Word文档（.doc格式），只是扩展名写成了.docx；"
                         "请在Word中“另存为”.docx后再检查")
    return ReadError("GK903", "这是旧版Office复合文档（如.doc、.xls），不是.docx文件")
