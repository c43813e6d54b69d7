"""Hostile submissions (issue 18): one file must never stop, hang or exhaust
a batch.  Each kind of attack has a test here; the reproducers are in
tests/data/hostile (small ones) or built by the test (large ones)."""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

from helpers import ROOT, SEED_000, SEED_004, assert_read, csv_rows, linter
from hostile_corpus import shared_stream_pdf

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"


def gklint(*args, cwd, timeout=120):
    return subprocess.run([sys.executable, "-m", "gklint", *args], cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", errors="replace", timeout=timeout)


def no_traceback(proc) -> None:
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert "Traceback" not in proc.stdout, proc.stdout[-3000:]


# -- text no encoder can write ------------------------------------------------

def test_a_lone_surrogate_from_a_pdf_tounicode_map_is_read_as_a_replacement_character():
    result = linter().check_file(str(HOSTILE / "surrogate.pdf"))
    for f in result.findings:
        f.message.encode("utf-8")  # would raise on a lone surrogate
        f.to_dict()


@pytest.mark.parametrize("fmt", ["json", "sarif", "github", "terminal"])
def test_every_format_writes_a_gbk_file_name_and_a_surrogate_pdf(tmp_path, fmt):
    gbk_name = "报告".encode("gbk") + b".txt"  # as unzipped from a Windows archive
    with open(os.path.join(os.fsencode(tmp_path), gbk_name), "wb") as fh:
        fh.write(SEED_004.read_bytes())
    (tmp_path / "surrogate.pdf").write_bytes((HOSTILE / "surrogate.pdf").read_bytes())
    proc = gklint("check", ".", "-f", fmt, cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 1
    out = urllib.parse.unquote(proc.stdout)  # SARIF gives URIs
    assert "报告.txt" in out  # the GBK name read as what it says
    assert "surrogate.pdf" in proc.stdout


def test_audit_writes_every_output_for_unencodable_names_and_markup_in_paths(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), "报告".encode("gbk") + b".txt"), "wb") as fh:
        fh.write(SEED_004.read_bytes())
    (folder / "x[").mkdir()
    (folder / "x[" / "]y.txt").write_bytes(SEED_000.read_bytes())  # shown as x[/]y.txt
    (folder / "a\x1b[31mred.txt").write_bytes(SEED_000.read_bytes())
    (folder / "surrogate.pdf").write_bytes((HOSTILE / "surrogate.pdf").read_bytes())
    proc = gklint("audit", "in", "--csv", "s.csv", "--html", "d.html", "-f", "json", "-o",
                  "r.json", "--no-progress", cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 1
    assert "x[/]y.txt" in proc.stdout
    assert "\x1b[31m" not in proc.stdout  # the ESC sequence does not reach the terminal
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert len(data["files"]) == 4
    with open(tmp_path / "s.csv", encoding="utf-8-sig", newline="") as fh:
        assert {r["path"].replace(os.sep, "/") for r in csv_rows(fh)} == {
            "in/报告.txt", "in/x[/]y.txt", "in/a\x1b[31mred.txt", "in/surrogate.pdf"}  # a file keeps the real name
    assert (tmp_path / "d.html").stat().st_size > 0
    assert not list(tmp_path.glob("*.partial.jsonl"))


def test_github_output_carries_no_raw_escape_from_names_or_report_text(tmp_path):
    text = SEED_000.read_text(encoding="utf-8").replace("现行冇效件数", "现行冇效\x1b]0;pwned\x07件数", 1)
    (tmp_path / "e\x1b[2Jx.txt").write_text(text, encoding="utf-8")
    proc = gklint("check", ".", "-f", "github", cwd=tmp_path)
    no_traceback(proc)
    assert "::error" in proc.stdout
    assert "\x1b" not in proc.stdout and "\x07" not in proc.stdout


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(tmp_path):
    (tmp_path / "=HYPERLINK(1).txt").write_bytes(SEED_004.read_bytes())
    (tmp_path / "@SUM(1).txt").write_bytes(SEED_004.read_bytes())
    proc = gklint("check", "=HYPERLINK(1).txt", "@SUM(1).txt", "-f", "csv", cwd=tmp_path)
    no_traceback(proc)
    rows = list(csv_rows(proc.stdout.lstrip("\ufeff").splitlines()))
    assert sorted(r["path"] for r in rows) == ["'=HYPERLINK(1).txt", "'@SUM(1).txt"]


# -- files that are not files, and links out of the folder --------------------

def _results(proc) -> dict:
    data = json.loads(proc.stdout)
    return {os.path.basename(f["path"]): [x["rule"] for x in f["findings"]] for f in data["files"]}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
def test_devices_fifos_and_links_out_of_the_folder_are_refused_and_the_rest_checked(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_bytes(SEED_004.read_bytes())
    (folder / "inner.txt").symlink_to("good.txt")  # inside the folder: read
    (folder / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(folder / "fifo.txt")
    secret = tmp_path / "secret.txt"
    secret.write_text("一、总体情况 密钥 s3cr3t\n", encoding="utf-8")
    (folder / "passwd.txt").symlink_to(secret)
    proc = gklint("check", "in", "-f", "json", cwd=tmp_path, timeout=60)
    no_traceback(proc)
    got = _results(proc)
    assert got["fifo.txt"] == ["GK920"]
    assert got["zero.txt"] == ["GK921"]  # out of the folder, whatever it is
    assert got["passwd.txt"] == ["GK921"]
    assert "s3cr3t" not in proc.stdout
    assert got["inner.txt"] == got["good.txt"] and "GK210" in got["good.txt"]
    # Named on the command line, /dev/zero is still no file to read.
    proc = gklint("check", "/dev/zero", "-f", "json", cwd=tmp_path, timeout=60)
    assert _results(proc) == {"zero": ["GK920"]}
    # Asked for, the link is followed.
    proc = gklint("check", "in/passwd.txt", "in", "--follow-symlinks", "-f", "json",
                  cwd=tmp_path, timeout=60)
    assert "GK921" not in _results(proc)["passwd.txt"]


# -- per-file time and memory limits -------------------------------------------

def _slow_plugin(folder: Path) -> None:
    (folder / "slowrule.py").write_text(
        "import time\n"
        "from gklint import Rule\n"
        "import gklint\n"
        "class Slow(Rule):\n"
        "    id, name, summary, doc = 'GKX01', 'slow', 'slow', 'x'\n"
        "    def check(self, doc, ctx):\n"
        "        if 'SLOW' in doc.text:\n"
        "            while True:\n"
        "                time.sleep(0.01)\n"
        "        return ()\n"
        "@gklint.hookimpl\n"
        "def gklint_rules(config):\n"
        "    return [Slow()]\n", encoding="utf-8")


def test_check_stops_a_file_at_the_time_limit_and_checks_the_next(tmp_path):
    _slow_plugin(tmp_path)
    (tmp_path / ".gklint.yaml").write_text("file-timeout: 2\nplugins: [slowrule]\n", encoding="utf-8")
    (tmp_path / "a_slow.txt").write_text("SLOW\n", encoding="utf-8")
    (tmp_path / "b_good.txt").write_bytes(SEED_004.read_bytes())
    proc = gklint("check", "a_slow.txt", "b_good.txt", "-f", "json", cwd=tmp_path, timeout=60)
    no_traceback(proc)
    got = _results(proc)
    assert got["a_slow.txt"] == ["GK991"]
    assert "GK210" in got["b_good.txt"]


MEMORY_HOG = (
    "from gklint import Rule\n"
    "import gklint\n"
    "class Hog(Rule):\n"
    "    id, name, summary, doc = 'GKX02', 'hog', 'hog', 'x'\n"
    "    def check(self, doc, ctx):\n"
    "        if 'HOG' in doc.text:\n"
    "            blocks = [bytearray(64 * 1024 * 1024) for _ in range(64)]  # 4 GB\n"
    "        return ()\n"
    "@gklint.hookimpl\n"
    "def gklint_rules(config):\n"
    "    return [Hog()]\n")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_DATA and /proc")
@pytest.mark.parametrize("command", [["check"], ["audit", "--jobs", "2", "--no-progress"]])
def test_a_file_wanting_gigabytes_costs_only_that_file(tmp_path, command):
    (tmp_path / "hog.py").write_text(MEMORY_HOG, encoding="utf-8")
    (tmp_path / ".gklint.yaml").write_text("file-memory-mb: 300\nplugins: [hog]\n", encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_hog.txt").write_text("HOG\n", encoding="utf-8")
    (folder / "b_good.txt").write_bytes(SEED_004.read_bytes())
    proc = subprocess.run(
        ["/usr/bin/time", "-f", "MAXRSS %M", sys.executable, "-m", "gklint", *command, "in",
         "-f", "json"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in proc.stderr
    got = _results(proc)
    assert "GK990" in got["a_hog.txt"] and "MemoryError" in proc.stdout
    assert "GK210" in got["b_good.txt"]
    # ru_maxrss of the process and its children (GNU time): far below 4 GB
    peak_kb = int(proc.stderr.rsplit("MAXRSS", 1)[1].split()[0])
    assert peak_kb < 600 * 1024


def test_jobs_are_capped_by_cores_and_memory():
    from gklint.batch.executors import capped_jobs, default_jobs
    from gklint.config import Config

    assert capped_jobs(10_000, Config()) <= 4 * default_jobs()
    assert capped_jobs(0, Config()) <= default_jobs()
    assert capped_jobs(1, Config()) == 1
    assert capped_jobs(64, Config(file_memory_mb=10 ** 9)) == 1  # no memory for more


# -- hangs and memory bombs in the readers, at their root ----------------------

def _timed_check(path: Path, limit: float = 15.0):
    import time

    started = time.monotonic()
    result = linter().check_file(str(path))
    assert time.monotonic() - started < limit, f"{path.name} took too long"
    return result


def test_thousands_of_directives_before_many_blank_lines_are_read_once(tmp_path):
    text = SEED_004.read_text(encoding="utf-8")
    lines = text.split("\n")
    # after the title: one line of 10,000 directives, then 200,000 blank lines
    directives = "# " + " ".join(["gklint: disable-next-line=GK1"] * 10_000)
    hostile = "\n".join([lines[0], directives, *[""] * 200_000, *lines[1:]])
    path = tmp_path / "suppress.txt"
    path.write_text(hostile, encoding="utf-8")
    result = _timed_check(path)
    assert "GK210" in {f.rule_id for f in result.findings}
    from gklint.suppress import scan_lines

    found = scan_lines(["x gklint: disable-next-line=GK1 gklint: disable-next-line=GK3",
                        "", "", "target", "gklint: disable-next-line=GK2", "last"])
    assert found.line_ids == {4: {"GK1", "GK3"}, 6: {"GK2"}}


def _with_numbering(tmp_path: Path, fmt: str) -> Path:
    import zipfile

    src = HOSTILE / "roman_hang.docx"
    out = tmp_path / f"{fmt}.docx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/numbering.xml":
                data = data.replace(b"upperRoman", fmt.encode())
            zout.writestr(info, data)
    return out


@pytest.mark.parametrize("fmt", ["upperRoman", "lowerRoman", "upperLetter", "lowerLetter"])
def test_list_numbering_with_a_huge_start_is_shown_in_decimal(tmp_path, fmt):
    result = _timed_check(_with_numbering(tmp_path, fmt))
    assert not result.error
    from gklint.readers.docx import format_number

    assert format_number(10 ** 12, fmt) == str(10 ** 12)
    assert format_number(4, fmt) in ("IV", "iv", "D", "d")  # ordinary numbers unchanged
    assert format_number(28, fmt) in ("XXVIII", "xxviii", "BB", "bb")


def test_grid_before_and_after_are_capped():
    result = _timed_check(HOSTILE / "gridafter_4gb.docx")
    assert not result.error
    assert "GK101" not in {f.rule_id for f in result.findings}  # the six headings were read


def test_the_text_cap_applies_as_pdf_pages_are_read(tmp_path):
    path = tmp_path / "shared.pdf"
    path.write_bytes(shared_stream_pdf(pages=2000, lines=400))  # 20,000 characters a page
    result = _timed_check(path, limit=60)
    assert [f.rule_id for f in result.findings] == ["GK907"]
    assert "万字" in result.findings[0].message


def test_a_pdf_page_of_thousands_of_ruling_lines_is_refused_quickly():
    result = _timed_check(HOSTILE / "ruling_grid_5gb.pdf")
    assert [f.rule_id for f in result.findings] == ["GK907"]
    assert "表格线过多" in result.findings[0].message


def _page_with(filler: str) -> str:
    seed = SEED_004.read_text(encoding="utf-8").split("\n")
    body = "".join(f"<p>{line}</p>" for line in seed)
    return f"<html><body><div>{body}{filler}</div></body></html>"


def test_the_html_cell_cap_is_per_page_not_per_table(tmp_path):
    table = "<table>" + "<tr><td>1</td><td>2</td><td>3</td><td>4</td></tr>" * 250 + "</table>"
    path = tmp_path / "tables.html"
    path.write_text(_page_with(table * 60), encoding="utf-8")  # 60 tables of 1,000 cells
    result = _timed_check(path, limit=60)
    assert [f.rule_id for f in result.findings] == ["GK907"]
    # a page within the cap is read
    path.write_text(_page_with(table * 2), encoding="utf-8")
    assert not linter().check_file(str(path)).error


@pytest.mark.parametrize("filler", ["<p>x</p>", "<div>x</div>", "<tr><td>1</td><td>2</td></tr>",
                                    "<br>"])
def test_a_page_with_100000_elements_of_one_kind_finishes(tmp_path, filler):
    if filler.startswith("<tr>"):
        filler = "<table>" + filler * 100_000 + "</table>"
    else:
        filler = filler * 100_000
    path = tmp_path / "many.html"
    path.write_text(_page_with(filler), encoding="utf-8")
    result = _timed_check(path, limit=60)
    assert result.findings  # read (with findings) or refused with a GK907, within the limit


# -- plugins that raise or return garbage ----------------------------------------

BAD_PLUGIN = (
    "import gklint\n"
    "@gklint.hookimpl\n"
    "def gklint_rules(config):\n"
    "    raise RuntimeError('boom')\n"
    "@gklint.hookimpl\n"
    "def gklint_readers():\n"
    "    return 42\n"
    "@gklint.hookimpl\n"
    "def gklint_rule_kinds():\n"
    "    return ['not', 'a', 'dict']\n"
    "@gklint.hookimpl\n"
    "def gklint_rule_packs():\n"
    "    return [None, 3]\n"
    "@gklint.hookimpl\n"
    "def gklint_formatters():\n"
    "    raise ValueError('no formatters')\n"
    "@gklint.hookimpl\n"
    "def gklint_check_batch(results, config):\n"
    "    return ['garbage', object()]\n")


def test_a_plugin_raising_or_returning_garbage_keeps_the_built_in_rules(tmp_path, monkeypatch):
    """A broken plugin is a configuration error (exit 2, one line per fault,
    no traceback): its rules would otherwise silently not run.  Loaded
    through the API, it loses only its own contribution: every built-in rule,
    reader, kind and formatter is still there."""
    (tmp_path / "badplugin.py").write_text(BAD_PLUGIN, encoding="utf-8")
    (tmp_path / "r.txt").write_bytes(SEED_000.read_bytes())
    proc = gklint("check", "r.txt", "-f", "json", "--plugin", "badplugin", cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 2 and proc.stdout == ""
    assert "gklint_rules failed" in proc.stderr and "boom" in proc.stderr
    assert "gklint_readers returned int" in proc.stderr

    from gklint.engine import Linter

    monkeypatch.chdir(tmp_path)
    plain, broken = Linter(), Linter(plugins=["badplugin"])
    assert broken.plugin_errors
    assert [r.id for r in broken.rules] == [r.id for r in plain.rules]
    assert set(broken.readers) == set(plain.readers) and set(broken.kinds) == set(plain.kinds)
    result = broken.check_file("r.txt")
    assert sorted(f.rule_id for f in result.findings) == sorted(
        f.rule_id for f in plain.check_file("r.txt").findings)
    assert "GK301" in [f.rule_id for f in result.findings]


# -- regex cache poisoning --------------------------------------------------------

def _poison(cache: Path) -> None:
    """Swap the compiled opcodes of the cached patterns among themselves and
    recompute the CRC, as someone able to write the folder could."""
    from gklint import rx

    [path] = cache.glob("regex-*.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    keys = sorted(data["entries"])
    values = [data["entries"][k] for k in keys]
    data["entries"] = dict(zip(keys, values[1:] + values[:1]))
    data["crc"] = rx._crc(data["entries"])
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    path.chmod(0o666)


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX ownership")
def test_a_cache_folder_others_can_write_is_not_trusted(tmp_path):
    cache = tmp_path / "cache"
    (tmp_path / "r.txt").write_bytes(SEED_000.read_bytes())
    env = {**os.environ, "GKLINT_CACHE_DIR": str(cache)}
    run = lambda: subprocess.run([sys.executable, "-m", "gklint", "check", "r.txt", "-f", "json"],  # noqa: E731
                                 cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    honest = run()
    assert (cache.stat().st_mode & 0o777) == 0o700  # created private
    assert list(cache.glob("regex-*.json"))
    _poison(cache)
    cache.chmod(0o777)  # a shared, world-writable cache folder
    poisoned = run()
    assert "Traceback" not in poisoned.stderr and poisoned.returncode == honest.returncode
    assert _results(poisoned) == _results(honest)
    cache.chmod(0o700)  # private folder, but the file is writable by others
    assert _results(run()) == _results(honest)


def test_a_pattern_with_thousands_of_nested_groups_is_a_pack_error(tmp_path):
    depth = 5000
    pattern = "(" * depth + "a" + ")" * depth
    (tmp_path / "nested.yaml").write_text(
        "rules:\n  - id: GK999\n    kind: existence\n    name: nested\n    severity: warning\n"
        f"    message: x\n    summary: x\n    doc: x\n    pattern: '{pattern}'\n", encoding="utf-8")
    (tmp_path / "r.txt").write_bytes(SEED_004.read_bytes())
    proc = gklint("check", "r.txt", "--pack", "nested.yaml", cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 2 and "nested too deeply" in proc.stderr


# -- wrong silent passes ------------------------------------------------------------

def test_a_total_off_by_one_past_28_digits_fails_gk201():
    result = linter().check_file(str(HOSTILE / "precision_silent_pass.txt"))
    gk201 = [f for f in result.findings if f.rule_id == "GK201"]
    assert len(gk201) == 1
    assert "10000000000000000000000000001" in gk201[0].message  # the exact expected total


def test_sums_of_numbers_of_any_length_are_exact():
    lines = (HOSTILE / "precision_silent_pass.txt").read_text(encoding="utf-8").split("\n")
    row = next(i for i, line in enumerate(lines) if line.startswith("一、本年新收"))
    big = "1" + "0" * 300
    lines[row] = f"一、本年新收政府信息公开申请数量\t\t{big}\t1\t0\t0\t0\t0\t{big}\t"
    gk201 = [f for f in _check_text("\n".join(lines)) if f.rule_id == "GK201"]
    assert len(gk201) == 1 and big[:-1] + "1" in gk201[0].message
    lines[row] = lines[row].replace(f"\t{big}\t\n", "", 1).rstrip("\t").rsplit("\t", 1)[0] + \
        f"\t{big[:-1]}1\t"
    assert not [f for f in _check_text("\n".join(lines)) if f.rule_id == "GK201"]


@pytest.mark.parametrize("digit", ["٣", "۳", "𝟑", "३"])
def test_other_scripts_digits_in_a_table_are_reported_not_taken(digit):
    lines = (HOSTILE / "precision_silent_pass.txt").read_text(encoding="utf-8").split("\n")
    row = next(i for i, line in enumerate(lines) if line.startswith("一、本年新收"))
    lines[row] = "一、本年新收政府信息公开申请数量\t\t3\t0\t0\t0\t0\t0\t3\t"
    clean = "\n".join(lines)
    assert not [f for f in _check_text(clean) if f.rule_id in ("GK201", "GK212")]
    lines[row] = lines[row].replace("\t\t3\t", f"\t\t{digit}\t", 1)
    found = _check_text("\n".join(lines))
    gk212 = [f for f in found if f.rule_id == "GK212"]
    assert len(gk212) == 1 and digit in gk212[0].message


def _check_text(text: str):
    return assert_read(linter().check_bytes("report.txt", text.encode("utf-8"))).findings


# -- --fix keeps what it does not fix ------------------------------------------------

def _fixable(tmp_path: Path, name: str = "r.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(SEED_000.read_bytes())  # holds 冇 (GK301, fixable)
    return path


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs root to chown")
def test_fix_keeps_owner_group_and_mode(tmp_path):
    path = _fixable(tmp_path)
    os.chown(path, 4321, 4322)
    path.chmod(0o640)
    proc = gklint("check", "r.txt", "--fix", cwd=tmp_path)
    no_traceback(proc)
    st = path.stat()
    assert "冇" not in path.read_text(encoding="utf-8")  # fixed
    assert (st.st_uid, st.st_gid, st.st_mode & 0o777) == (4321, 4322, 0o640)


def test_fix_refuses_a_file_with_hard_links_and_leaves_both_names_alike(tmp_path):
    path = _fixable(tmp_path)
    os.link(path, tmp_path / "copy.txt")
    proc = gklint("check", "r.txt", "--fix", cwd=tmp_path)
    no_traceback(proc)
    assert "硬链接" in proc.stderr
    assert path.read_bytes() == SEED_000.read_bytes()
    assert os.path.samefile(path, tmp_path / "copy.txt")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
def test_fix_does_not_hang_on_a_fifo(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    _fixable(tmp_path)
    proc = gklint("check", ".", "--fix", "-f", "json", cwd=tmp_path, timeout=60)
    no_traceback(proc)
    assert _results(proc)["pipe.txt"] == ["GK920"]


def test_a_new_audit_keeps_the_journal_of_a_killed_one(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(SEED_004.read_bytes())
    previous = '{"path": "in/old.txt", "findings": []}\n'
    (tmp_path / "s.csv.partial.jsonl").write_text(previous, encoding="utf-8")
    proc = gklint("audit", "in", "--csv", "s.csv", "--no-progress", cwd=tmp_path)
    no_traceback(proc)
    [kept] = tmp_path.glob("s.csv.partial.*.jsonl")
    assert kept.read_text(encoding="utf-8") == previous
    assert kept.name in proc.stderr
    assert not (tmp_path / "s.csv.partial.jsonl").exists()  # this run's, removed when done
    assert (tmp_path / "s.csv").exists()


def test_thirty_slow_pack_patterns_share_one_budget_per_file(tmp_path):
    import time

    from gklint.config import Config
    from gklint.engine import Linter

    rules = "".join(f"  - id: GK8{i:02d}\n    kind: existence\n    pattern: '(a|aa)+c{i}'\n"
                    f"    message: 回溯{i}\n" for i in range(30))
    (tmp_path / "slow.yaml").write_text("rules:\n" + rules, encoding="utf-8")
    slow_linter = Linter(Config(packs=[str(tmp_path / "slow.yaml")], regex_timeout=1.0))
    text = SEED_004.read_text(encoding="utf-8") + "\n" + "a" * 60 + "\n"
    started = time.monotonic()
    result = slow_linter.check_bytes("report.txt", text.encode("utf-8"))
    took = time.monotonic() - started
    internal = [f for f in result.findings if f.rule_id == "GK990"]
    assert len(internal) == 30  # each slow pattern reported
    assert took < 20  # one budget (3 s + 30 x 0.05 s), not 30 x 1 s
    # the rest ran: seed 004's five blank cells, one grouped finding
    [blank] = [f for f in result.findings if f.rule_id == "GK210"]
    assert len(blank.related) == 5


def test_stored_random_padding_does_not_hide_a_zip_bomb_part(tmp_path):
    import zipfile

    src = HOSTILE / "gridafter_4gb.docx"
    out = tmp_path / "padded.docx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":  # 250 MB of spaces: deflates ~1000x
                data = data.replace(b"<w:body>", b"<w:body>" + b" " * (250 * 1024 * 1024), 1)
            zout.writestr(info.filename, data)
        # 1.5 MB of random bytes, stored: the archive's overall ratio drops under 200
        zout.writestr(zipfile.ZipInfo("word/media/pad.bin"), os.urandom(3 * 1024 * 512),
                      compress_type=zipfile.ZIP_STORED)
    with zipfile.ZipFile(out) as z:
        infos = z.infolist()
        assert sum(i.file_size for i in infos) / sum(i.compress_size for i in infos) < 200
    result = _timed_check(out)
    assert [f.rule_id for f in result.findings] == ["GK907"]
    assert "word/document.xml" in result.findings[0].message


# -- one batch of every hostile kind ------------------------------------------------

@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc memory polling")
def test_one_audit_over_every_hostile_kind_finishes_and_keeps_the_good_reports(tmp_path):
    import hostile_corpus

    good, names = hostile_corpus.build(tmp_path / "in")
    proc, process_kb, _tree_kb = hostile_corpus.audit_with_peak(
        ["in", "--jobs", "2", "--no-progress", "--csv", "s.csv", "--html", "d.html",
         "-f", "json", "-o", "r.json"], cwd=tmp_path, timeout=600)
    no_traceback(proc)
    assert proc.returncode == 1
    files = {f["path"][len("in/"):]: f for f in
             json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["files"]}
    assert set(files) == names  # every file accounted for
    with open(tmp_path / "s.csv", encoding="utf-8-sig", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == len(names)
    assert (tmp_path / "d.html").stat().st_size > 0
    for name, seed in good.items():  # the good reports' findings, as when checked alone
        alone = linter().check_file(str(ROOT / "fixtures" / "seeds" / seed))
        assert sorted(f["rule"] for f in files[name]["findings"]) == \
            sorted(f.rule_id for f in alone.findings), name
    assert "GK201" in {f["rule"] for f in files["precision_silent_pass.txt"]["findings"]}
    assert files["fifo.txt"]["findings"][0]["rule"] == "GK920"
    for refused in ("html_cells.html", "padded_bomb.docx", "ruling_grid_5gb.pdf",
                    "shared_stream.pdf"):
        assert [f["rule"] for f in files[refused]["findings"]] == ["GK907"], refused
    assert process_kb < 1536 * 1024  # no process past 1.5 GB (peak RSS, /proc VmHWM)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_DATA")
def test_check_called_in_process_gives_its_memory_limit_back(tmp_path):
    """`gklint check` run through cli.main (tests, an editor's Python) caps its
    memory while it checks, then restores the caller's limit: a ceiling left
    behind starved every program the caller started later (a browser)."""
    import resource

    from gklint.cli import main

    before = resource.getrlimit(resource.RLIMIT_DATA)
    report = tmp_path / "r.txt"
    report.write_bytes(SEED_004.read_bytes())
    (tmp_path / ".gklint.yaml").write_text("file-memory-mb: 300\n", encoding="utf-8")
    assert main(["check", str(report), "--config", str(tmp_path / ".gklint.yaml"), "-q"]) == 1
    assert main(["check", str(report), "--fix", "--config", str(tmp_path / ".gklint.yaml")]) in (0, 1)
    assert resource.getrlimit(resource.RLIMIT_DATA) == before
