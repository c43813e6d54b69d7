"""Nobody gets in through a report, a rule pack or a configuration file.

* YAML is loaded in safe mode: tags that build Python objects are refused,
  and nothing runs; alias bombs and absurd nesting are refused too.
* Rule patterns and messages are data: a pattern that looks like code is a
  regex matched against the text, a message is a template of plain fields.
* Python plugins load from installed entry points or by name (--plugin):
  a module sitting in the current folder is never imported unless named,
  and never stands in for a library, whether gklint runs as the ``gklint``
  command or as ``python -m gklint``.
* XML inside .docx is parsed without external entities or DTDs.
* No network: a whole check and audit of every format run in processes
  whose sockets are blocked, and nothing tries to connect.
* ``--fix`` writes only the file it fixes, atomically, never through a
  symlink that leaves the current folder.
"""
from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS
from gklint.cli import main
from gklint.config import Config, ConfigError
from gklint.linting.packs import PackError

SEED_000 = next(p for p in SEEDS if p.name.startswith("000_"))
SEED_004 = next(p for p in SEEDS if p.name.startswith("004_"))
GARBLED = SEED_000.read_text(encoding="utf-8")  # 冇 and Word debris: fixable
FIXED_GARBLE = ("现行冇效件数", "现行有效件数")


def _write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def _linter(**config):
    from gklint.engine import Linter

    return Linter(Config(**config))


# -- YAML ---------------------------------------------------------------------------

PYTHON_TAGS = [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/apply:subprocess.check_call [['touch', '{marker}']]",
    "!!python/object/new:subprocess.Popen [['touch', '{marker}']]",
    "!!python/name:os.system",
    "!!python/module:os",
]


@pytest.mark.parametrize("tag", PYTHON_TAGS)
@pytest.mark.parametrize("where", ["top", "rule"])
def test_a_pack_with_python_tags_is_refused_and_nothing_runs(tmp_path, tag, where):
    marker = tmp_path / "pwned"
    value = tag.format(marker=marker)
    if where == "top":
        text = f"description: {value}\nrules: []\n"
    else:
        text = f"rules:\n  - id: GK801\n    kind: existence\n    pattern: x\n    message: {value}\n"
    pack = _write(tmp_path / "evil.yaml", text)
    with pytest.raises(PackError) as info:
        _linter(packs=[str(pack)])
    assert str(pack) in str(info.value) and "python/" in str(info.value)
    assert not marker.exists()


@pytest.mark.parametrize("tag", PYTHON_TAGS[:3])
def test_a_config_with_python_tags_is_refused_and_nothing_runs(tmp_path, monkeypatch, capsys, tag):
    marker = tmp_path / "pwned"
    _write(tmp_path / ".gklint.yaml", f"select: {tag.format(marker=marker)}\n")
    monkeypatch.chdir(tmp_path)
    assert main(["check", str(SEED_004)]) == 2
    assert ".gklint.yaml" in capsys.readouterr().err
    assert not marker.exists()


def test_an_alias_bomb_in_a_pack_is_refused(tmp_path):
    """Billion laughs: the structure is shared, but every str() expands it."""
    lines = ['description: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
             "pack: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
             "rules:",
             "  - id: GK801",
             "    kind: existence",
             "    name: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
             "    summary: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
             "    message: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
             "    pattern: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]"]
    pack = tmp_path / "laughs.yaml"
    pack.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(PackError, match="alias"):
        _linter(packs=[str(pack)])


def test_an_alias_bomb_in_a_config_is_refused(tmp_path, monkeypatch, capsys):
    lines = ['ignore: &a ["GK1","GK1","GK1","GK1","GK1","GK1","GK1","GK1","GK1"]']
    for n, name in enumerate("bcdefg"):
        prev = "abcdefg"[n]
        lines.append(f"x{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    lines.append("select: *g")
    (tmp_path / ".gklint.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", str(SEED_004)]) == 2
    assert "alias" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["pack", "config"])
def test_yaml_nested_thousands_deep_is_a_clear_error(tmp_path, monkeypatch, capsys, kind):
    deep = "[" * 1500 + "]" * 1500
    if kind == "pack":
        path = tmp_path / "deep.yaml"
        path.write_text(f"rules: {deep}\n", encoding="utf-8")
        argv = ["check", "--pack", str(path), str(SEED_004)]
    else:
        (tmp_path / ".gklint.yaml").write_text(f"select: {deep}\n", encoding="utf-8")
        monkeypatch.chdir(tmp_path)
        argv = ["check", str(SEED_004)]
    assert main(argv) == 2
    assert "nested too deeply" in capsys.readouterr().err


# -- patterns and messages are data -----------------------------------------------------

def test_a_pattern_that_looks_like_code_is_only_matched(tmp_path):
    marker = tmp_path / "pwned"
    code = f"__import__('os').system('touch {marker}')"
    pack = _write(tmp_path / "pack.yaml", f"""
        rules:
          - id: GK801
            kind: existence
            name: code-like
            pattern: {json.dumps(re.escape(code))}
            message: 文中出现了“{{match}}”
          - id: GK802
            kind: substitution
            name: code-swap
            swap:
              'eval\\((.*)\\)': '\\1'
            message: “{{match}}”改为“{{replacement}}”
        """)
    report = tmp_path / "r.txt"
    report.write_text(GARBLED + "\n" + code + "\neval(1+1)\n", encoding="utf-8")
    result = _linter(packs=[str(pack)]).check_file(str(report))
    found = {f.rule_id: f.message for f in result.findings if f.rule_id in ("GK801", "GK802")}
    assert found == {"GK801": f"文中出现了“{code}”", "GK802": "“eval(1+1)”改为“1+1”"}
    assert not marker.exists()


@pytest.mark.parametrize("message", ["{0}", "{match.__class__.__mro__}", "{match!r}",
                                     "{match:>{row}}", "{match[0]}", "共{"])
def test_a_message_template_beyond_plain_fields_is_refused(tmp_path, message):
    pack = _write(tmp_path / "pack.yaml", f"""
        rules:
          - id: GK801
            kind: existence
            pattern: 冇
            message: {json.dumps(message)}
        """)
    with pytest.raises(PackError) as info:
        _linter(packs=[str(pack)])
    assert f"{pack}:2:5" in str(info.value) and "GK801" in str(info.value)


def test_plain_fields_and_escaped_braces_are_fine(tmp_path):
    pack = _write(tmp_path / "pack.yaml", """
        rules:
          - id: GK801
            kind: existence
            pattern: 冇
            message: "{{原文}}“{match}”，{unknown} 保留"
        """)
    result = _linter(packs=[str(pack)]).check_file(str(SEED_000))
    messages = [f.message for f in result.findings if f.rule_id == "GK801"]
    assert messages and set(messages) == {"{原文}“冇”，{unknown} 保留"}


# -- plugins come only from installed packages or by name ------------------------------

_SHADOWS = ("regex", "rich", "pluggy", "docx", "selectolax", "charset_normalizer", "ruamel")
_CWD_PLUGIN = '''
open("marker_plugin", "w").write("imported")
from gklint import hookimpl
from gklint.findings import Severity
from gklint import Rule


class Cwd(Rule):
    """What it finds: the word 报告 (a test plugin in the current folder)."""
    id, name, severity, summary = "GK801", "cwd-plugin", Severity.INFO, "测试"

    def check(self, doc, ctx):
        yield self.finding(doc, "当前目录中的插件已加载")


@hookimpl
def gklint_rules(config):
    return [Cwd()]
'''


@pytest.fixture
def hostile_folder(tmp_path) -> Path:
    """A folder of reports that also holds Python files: one a plugin, the
    others named like the libraries gklint imports."""
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "report.txt").write_bytes(SEED_000.read_bytes())
    (folder / "gk_cwd_plugin.py").write_text(_CWD_PLUGIN, encoding="utf-8")
    for name in _SHADOWS:
        (folder / f"{name}.py").write_text(
            f"open('marker_{name}', 'w').write('shadowed')\nraise ImportError('shadow')\n")
    return folder


def _launchers(tmp_path: Path) -> dict[str, list[str]]:
    """The gklint command (a script outside the folder, as pip installs it)
    and python -m gklint."""
    script = tmp_path / "bin" / "gklint"
    script.parent.mkdir(exist_ok=True)
    script.write_text("import sys\nfrom gklint.cli import main\nsys.exit(main())\n")
    return {"command": [sys.executable, str(script)], "module": [sys.executable, "-m", "gklint"]}


def _markers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("marker_*"))


@pytest.mark.parametrize("how", ["command", "module"])
def test_a_module_in_the_current_folder_is_not_imported_unless_named(tmp_path, hostile_folder, how):
    argv = _launchers(tmp_path)[how]
    run = subprocess.run([*argv, "check", "report.txt", "-f", "json"], cwd=hostile_folder,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1, run.stderr
    rules = {f["rule"] for f in json.loads(run.stdout)["files"][0]["findings"]}
    assert "GK301" in rules and "GK801" not in rules
    assert _markers(hostile_folder) == []


@pytest.mark.parametrize("how", ["command", "module"])
def test_a_plugin_in_the_current_folder_loads_when_named(tmp_path, hostile_folder, how):
    argv = _launchers(tmp_path)[how]
    run = subprocess.run([*argv, "check", "report.txt", "-f", "json", "--plugin", "gk_cwd_plugin"],
                         cwd=hostile_folder, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1, run.stderr
    rules = {f["rule"] for f in json.loads(run.stdout)["files"][0]["findings"]}
    assert {"GK301", "GK801"} <= rules
    assert _markers(hostile_folder) == ["marker_plugin"]  # and no library was shadowed


# -- XML inside .docx -----------------------------------------------------------------

SECRET = "TOPSECRET-9f2c1e"


def _docx_with_doctype(tmp_path: Path, doctype: str, reference: str) -> bytes:
    """The seed as .docx with a DOCTYPE before the body and ``reference``
    inside the first text run."""
    from makefiles import seed_to_docx

    path = tmp_path / "seed.docx"
    seed_to_docx(str(path), SEED_004.read_text(encoding="utf-8"))
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    xml = source.read("word/document.xml").decode("utf-8")
    declaration, rest = xml.split("?>", 1)
    rest = re.sub(r"(<w:t(?: [^>]*)?>)", lambda m: m.group(1) + reference, rest, count=1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "word/document.xml":
                body = (declaration + "?>" + doctype + rest).encode("utf-8")
            target.writestr(info.filename, body)
    return out.getvalue()


@pytest.mark.parametrize("variant", ["entity", "external-dtd", "parameter-entity", "laughs"])
def test_xml_external_entities_in_a_docx_are_not_resolved(tmp_path, linter, variant):
    pytest.importorskip("gklint.readers.docx", reason="gklint/readers/docx.py is not installed")
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    dtd = tmp_path / "evil.dtd"
    dtd.write_text(f'<!ENTITY leak "{SECRET}">', encoding="utf-8")
    doctype, reference = {
        "entity": (f'<!DOCTYPE w:document [<!ENTITY leak SYSTEM "file://{secret}">]>', "&leak;"),
        "external-dtd": (f'<!DOCTYPE w:document SYSTEM "file://{dtd}">', "&leak;"),
        "parameter-entity": (f'<!DOCTYPE w:document [<!ENTITY % p SYSTEM "file://{dtd}"> %p;]>',
                             "&leak;"),
        "laughs": ("<!DOCTYPE w:document [<!ENTITY a \"lollollollol\">"
                   + "".join(f'<!ENTITY {b} "{("&" + a + ";") * 10}">'
                             for a, b in zip("abcdefg", "bcdefgh"))
                   + "]>", "&h;"),
    }[variant]
    data = _docx_with_doctype(tmp_path, doctype, reference)
    result = linter.check_bytes("report.docx", data)
    everything = json.dumps([f.to_dict() for f in result.findings], ensure_ascii=False)
    assert SECRET not in everything
    if result.error:  # refused: one clear GK903
        assert [f.rule_id for f in result.findings] == ["GK903"]
    else:  # read without the entity: the report is all there, nothing expanded
        doc = linter.readers[".docx"].read("report.docx", data, linter.read_options)
        assert SECRET not in doc.text and "lollol" not in doc.text
        assert result.meta["sections"] == [1, 2, 3, 4, 5, 6]


def test_an_html_doctype_with_entities_reads_no_file(tmp_path, linter):
    pytest.importorskip("gklint.readers.html", reason="gklint/readers/html.py is not installed")
    from makefiles import seed_to_html

    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    page = tmp_path / "page.html"
    seed_to_html(str(page), SEED_004.read_text(encoding="utf-8"))
    html = page.read_text(encoding="utf-8")
    html = re.sub(r"<!DOCTYPE[^>]*>", f'<!DOCTYPE html [<!ENTITY leak SYSTEM "file://{secret}">]>',
                  html, count=1, flags=re.I)
    html = html.replace("一、总体情况", "一、总体情况&leak;", 1)
    result = linter.check_bytes("page.html", html.encode("utf-8"))
    doc = linter.readers[".html"].read("page.html", html.encode("utf-8"), linter.read_options)
    assert SECRET not in doc.text and not result.error


# -- no network ---------------------------------------------------------------------

_NO_NETWORK = '''
"""Loaded at start-up by every Python process of the test: internet
sockets and name lookups fail, and every attempt is logged."""
import os
import socket

_LOG = os.environ["GKLINT_NETWORK_LOG"]
_INET = (socket.AF_INET, socket.AF_INET6)


def _deny(what):
    with open(_LOG, "a", encoding="utf-8") as fh:
        fh.write(f"{os.getpid()} {what}\\n")
    raise OSError(101, "network disabled by the test")


def _guard(name):
    real = getattr(socket.socket, name)

    def guarded(self, *args):
        if self.family in _INET:
            _deny(f"{name} {args[-1] if args else ''}")
        return real(self, *args)
    setattr(socket.socket, name, guarded)


for _name in ("connect", "connect_ex", "sendto", "bind"):
    _guard(_name)
socket.getaddrinfo = lambda *a, **k: _deny(f"getaddrinfo {a[:2]}")
socket.gethostbyname = lambda *a, **k: _deny(f"gethostbyname {a[:1]}")
'''


@pytest.fixture
def offline(tmp_path):
    """(environment, log path): processes started with it have no network."""
    site = tmp_path / "offline-site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(_NO_NETWORK, encoding="utf-8")
    log = tmp_path / "network.log"
    paths = [str(site), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths), "GKLINT_NETWORK_LOG": str(log)}
    return env, log


def _all_formats(folder: Path) -> None:
    """Seed 004 as .txt, .md, .docx, .pdf and a web page full of remote
    references (scripts, styles, images, frames, a DTD) a browser would fetch."""
    import makefiles

    text = SEED_004.read_text(encoding="utf-8")
    (folder / "report.txt").write_text(text, encoding="utf-8")
    (folder / "report.md").write_text(text, encoding="utf-8")
    for fmt in ("docx", "pdf", "html"):
        try:
            getattr(makefiles, f"seed_to_{fmt}")(str(folder / f"report.{fmt}"), text)
        except ImportError:
            continue
    page = folder / "report.html"
    if page.exists():
        remote = ('<script src="http://127.0.0.1:9/a.js"></script>'
                  '<link rel="stylesheet" href="https://example.invalid/s.css">'
                  '<img src="http://example.invalid/x.png"><iframe src="http://10.0.0.1/"></iframe>')
        html = page.read_text(encoding="utf-8").replace("<body>", "<body>" + remote, 1)
        html = re.sub(r"<!DOCTYPE[^>]*>", '<!DOCTYPE html SYSTEM "http://example.invalid/x.dtd">',
                      html, count=1, flags=re.I)
        page.write_text(html, encoding="utf-8")


def test_the_network_block_works(offline):
    """Control: the same environment does stop and log a connection."""
    env, log = offline
    code = "import urllib.request\ntry:\n    urllib.request.urlopen('http://example.invalid/', timeout=2)\n" \
           "except OSError:\n    pass\n"
    subprocess.run([sys.executable, "-c", code], env=env, timeout=60, check=True)
    assert "getaddrinfo" in log.read_text(encoding="utf-8")


def test_check_and_audit_of_every_format_use_no_network(tmp_path, offline):
    env, log = offline
    folder = tmp_path / "reports"
    folder.mkdir()
    _all_formats(folder)
    out = tmp_path / "out"
    out.mkdir()
    check = subprocess.run(
        [sys.executable, "-m", "gklint", "check", str(folder), "-f", "sarif", "-o", str(out / "c.sarif")],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert check.returncode == 1, check.stderr
    audit = subprocess.run(
        [sys.executable, "-m", "gklint", "audit", str(folder), "--jobs", "2", "--no-progress",
         "-f", "json", "-o", str(out / "a.json"), "--csv", str(out / "a.csv"),
         "--html", str(out / "a.html")],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert audit.returncode == 1, audit.stderr
    assert not log.exists(), log.read_text(encoding="utf-8")
    checked = json.loads((out / "a.json").read_text(encoding="utf-8"))["files"]
    assert len(checked) == len(list(folder.iterdir())) >= 2
    assert not any(f["unreadable"] for f in checked), checked
    dashboard = (out / "a.html").read_text(encoding="utf-8")
    assert not re.search(r"<(?:script|link|img|iframe)\b[^>]*(?:src|href)=[\"']?(?:https?:)?//",
                         dashboard, re.I), "the dashboard must not load anything remote"


# -- --fix writes only the file it fixes ---------------------------------------------

def _snapshot(root: Path) -> dict[str, bytes]:
    out = {}
    for folder, dirs, files in os.walk(root):
        for name in files + [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
            path = os.path.join(folder, name)
            key = os.path.relpath(path, root)
            out[key] = b"->" + os.readlink(path).encode() if os.path.islink(path) else \
                open(path, "rb").read()
    return out


def test_fix_changes_exactly_the_fixed_files_and_leaves_no_temporary_files(tmp_path, monkeypatch):
    work = tmp_path / "work"
    (work / "sub").mkdir(parents=True)
    (work / "a.txt").write_text(GARBLED, encoding="utf-8")
    (work / "sub" / "b.md").write_text(GARBLED, encoding="gbk", errors="strict")
    (work / "clean.txt").write_text(SEED_004.read_text(encoding="utf-8"), encoding="utf-8")
    (work / "notes.csv").write_text("冇,冇\n", encoding="utf-8")
    os.link(work / "a.txt", tmp_path / "hardlink-outside.txt")
    before = _snapshot(tmp_path)
    monkeypatch.chdir(work)
    assert main(["check", "--fix", ".", "-f", "json", "-o", str(tmp_path / "report.json")]) == 1
    after = _snapshot(tmp_path)
    changed = sorted(k for k in after if before.get(k) != after[k])
    # a.txt has a second name (a hard link outside the folder): --fix refuses
    # it rather than split the link (issue 18), so both names stay alike.
    assert changed == ["report.json", os.path.join("work", "sub", "b.md")]
    assert after[os.path.join("work", "sub", "b.md")].decode("gbk").count(FIXED_GARBLE[1]) == 1
    assert after["hardlink-outside.txt"] == before["hardlink-outside.txt"]
    assert os.path.samefile(work / "a.txt", tmp_path / "hardlink-outside.txt")


@pytest.mark.parametrize("link", ["file", "folder"])
def test_fix_refuses_a_symlink_that_leaves_the_folder(tmp_path, monkeypatch, capsys, link):
    outside = tmp_path / "outside"
    outside.mkdir()
    target = outside / "report.txt"
    target.write_text(GARBLED, encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    if link == "file":
        os.symlink(target, work / "report.txt")
    else:
        os.symlink(outside, work / "linked")
    name = "report.txt" if link == "file" else os.path.join("linked", "report.txt")
    monkeypatch.chdir(work)
    before = _snapshot(tmp_path)
    main(["check", "--fix", name])
    assert _snapshot(tmp_path) == before
    assert "符号链接" in capsys.readouterr().err


@pytest.mark.parametrize("failure", ["fsync", "replace", "interrupt"])
def test_fix_is_atomic_when_writing_fails(tmp_path, monkeypatch, capsys, failure):
    """A full disk at fsync, a failing rename, or Ctrl-C in the middle of the
    write: the original is intact and no temporary file is left."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "a.txt").write_text(GARBLED, encoding="utf-8")
    (work / "b.txt").write_text(GARBLED, encoding="utf-8")
    before = _snapshot(work)
    if failure == "fsync":
        def broken(fd):
            raise OSError(28, "No space left on device")
        monkeypatch.setattr(os, "fsync", broken)
    elif failure == "replace":
        def broken(src, dst):
            raise OSError(30, "Read-only file system")
        monkeypatch.setattr(os, "replace", broken)
    else:
        def broken(src, dst):
            raise KeyboardInterrupt
        monkeypatch.setattr(os, "replace", broken)
    monkeypatch.chdir(work)
    if failure == "interrupt":
        with pytest.raises(KeyboardInterrupt):
            main(["check", "--fix", "a.txt", "b.txt"])
    else:
        assert main(["check", "--fix", "a.txt", "b.txt"]) == 1
        err = capsys.readouterr().err
        assert err.count("保持原样") == 2, err  # both files refused, the run went on
    assert _snapshot(work) == before
