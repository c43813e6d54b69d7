"""The engine: plugins in, one file's findings out.

``Linter`` gathers readers, rule kinds, packs, rules and formatters from the
plugin manager (gklint's own plugin first, then ``gklint`` entry points, then
``--plugin`` modules), and checks files.  Nothing a single file or rule does
can stop the run: read errors become GK9xx findings for that file, a rule
that raises becomes a GK990 finding, and the other rules still run.
"""
from __future__ import annotations

import decimal
import importlib
import os
import stat
import sys
import time
from dataclasses import dataclass, field
from typing import Iterable, Optional

import pluggy

from . import hookspec, rx
from .analysis import analyse_document
from .analysis.formversion import choose_form
from .config import Config, ConfigError
from .findings import Finding, Severity
from .forms import FormSpec
from .linting.kinds import RegexTimeout
from .model import Document, Location
from .linting.packs import PackError, load_pack, pack_files
from .readers import ReadError, ReadOptions, Reader, check_text_length
from .readers.sniff import actual_extension
from .linting.rule import Rule, RunContext  # noqa: F401  (RunContext: its old home, kept for plugins)
from .safetext import display_path
from .suppress import apply_inline


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    format: str = ""
    error: bool = False  # True when the file could not be read at all
    meta: dict = field(default_factory=dict)
    seconds: float = 0.0

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.severity.label] += 1
        return out


_BUILTIN = "gklint.builtin"  # gklint's own plugin, registered first


def make_plugin_manager(plugins: Iterable[str] = (), folder: Optional[str] = None
                        ) -> tuple[pluggy.PluginManager, list[str]]:
    """The plugin manager and a list of plugin load errors (reported, not fatal)."""
    from . import builtin

    pm = pluggy.PluginManager("gklint")
    pm.add_hookspecs(hookspec)
    pm.register(builtin, name=_BUILTIN)
    errors: list[str] = []
    try:
        if _may_have_entry_points("gklint"):
            pm.load_setuptools_entrypoints("gklint")
    except Exception as exc:  # a broken third-party plugin must not stop gklint
        errors.append(f"entry-point plugin failed to load: {exc!r}")
    for name in plugins:
        try:
            module = import_plugin(name, folder)
        except (Exception, SystemExit) as exc:  # SystemExit: sys.exit() or argparse at import
            errors.append(f"plugin {name!r} failed to import: {exc!r}")
            continue
        if pm.is_registered(module):
            continue
        pm.register(module, name=name)
    return pm, errors


def _may_have_entry_points(group: str) -> bool:
    """Could an installed distribution declare plugins in ``group``?

    pluggy finds entry points through importlib.metadata, whose import and
    scan of every distribution cost 30-40 ms of each run (most of a
    pre-commit call's budget) even when, as usual, no plugin is installed.
    Reading the ``entry_points.txt`` files directly answers "none" in a
    millisecond or two; when the answer is "maybe" (a section for the group,
    or a path entry that is not a plain folder, such as a zipped egg),
    pluggy's own loader does the real work.
    """
    header = f"[{group}]"
    for entry in sys.path:
        folder = entry or "."
        if not os.path.isdir(folder):
            if os.path.exists(folder):
                return True  # a zip or egg file: let importlib.metadata look
            continue
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if name.endswith((".dist-info", ".egg-info")):
                path = os.path.join(folder, name, "entry_points.txt")
                try:
                    with open(path, encoding="utf-8", errors="replace") as fh:
                        if header in fh.read():
                            return True
                except OSError:
                    continue
    return False


def import_plugin(name: str, folder: Optional[str] = None):
    """A plugin module named by --plugin or ``plugins``: from the installed
    packages, else from ``folder`` (the configuration file's) or the current
    folder.  The folder goes last on the path, and only for this import, so
    no module there is loaded unless named and none can stand in for a
    library."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name.split(".")[0]:
            raise  # the plugin exists but one of its imports is missing
    folders = list(dict.fromkeys(f for f in (folder, os.getcwd()) if f))
    for i, where in enumerate(folders):
        sys.path.append(where)
        try:
            return importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name.split(".")[0] or i == len(folders) - 1:
                raise
        finally:
            if sys.path and sys.path[-1] == where:
                sys.path.pop()


class Linter:
    def __init__(self, config: Optional[Config] = None, plugins: Iterable[str] = ()) -> None:
        self.config = config or Config()
        self.pm, self.plugin_errors = make_plugin_manager([*self.config.plugins, *plugins],
                                                          self.config.base_dir)
        hook = self.pm.hook
        self.readers: dict[str, Reader] = {}
        for group in self._call(hook.gklint_readers):
            for reader in self._items(group, Reader, "gklint_readers"):
                for ext in reader.extensions:
                    self.readers.setdefault(ext.lower(), reader)
        # One precedence for every registry: the first plugin in pluggy's call
        # order wins, and that is a later-registered one (a --plugin module,
        # an entry point) before gklint's own.  A plugin's kind named like a
        # built-in one replaces it, as its reader does.
        self.kinds: dict = {}
        for group in self._call(hook.gklint_rule_kinds, shape=dict):
            for name, factory in group.items():
                self.kinds.setdefault(name, factory)
        self.forms: list[FormSpec] = []
        self.all_rules: dict[str, Rule] = {}
        locations = [loc for group in self._call(hook.gklint_rule_packs)
                     for loc in self._items(group, (str, os.PathLike), "gklint_rule_packs")]
        for location in [*locations, *self.config.packs]:
            for path in pack_files(str(location)):
                pack = load_pack(path, self.kinds)
                if pack.form is not None:
                    self.forms.append(pack.form)
                for rule in pack.rules:
                    self._add_rule(rule, path)
        for plugin, group in self._call(hook.gklint_rules, named=True, config=self.config):
            for rule in self._items(group, Rule, "gklint_rules"):
                if plugin != _BUILTIN and rule.source == Rule.source:
                    rule.source = f"plugin:{plugin}"  # `gklint rules` says where it comes from
                self._add_rule(rule, rule.source)
        if not self.forms:
            raise ConfigError("no form definition found in the rule packs")
        self.config.check_selectors(self.all_rules)
        self.rules = [r for r in self.all_rules.values() if self._enabled(r)]
        # The directive rules (GK940-GK942) are applied by gklint.suppress.
        self.directive_rules = {r.id: r for r in self.rules if r.id in _DIRECTIVE_IDS}
        self.ctx = RunContext(self.config, self.rules, self.all_rules)
        self.read_options = ReadOptions(max_bytes=self.config.max_file_mb * 1024 * 1024)

    def _enabled(self, rule: Rule) -> bool:
        if getattr(rule, "opt_in", False):
            return self.config.named(rule.id) and self.config.selected(rule.id)
        return self.config.selected(rule.id)

    def _call(self, hook_caller, shape: type = list, named: bool = False, **kwargs) -> list:
        """The results of each plugin's implementation of a hook, called one
        by one (in pluggy's order), so that one plugin that raises or returns
        garbage loses only its own contribution: called as one hook, a
        plugin raising in gklint_rules dropped every built-in rule too.
        With ``named``, ``(plugin name, result)`` pairs."""
        groups = []
        for impl in reversed(hook_caller.get_hookimpls()):
            if getattr(impl, "hookwrapper", False) or getattr(impl, "wrapper", False):
                continue  # wrappers only make sense around a whole hook call
            try:
                group = impl.function(*[kwargs[name] for name in impl.argnames])
            except (PackError, ConfigError):
                raise
            except (Exception, SystemExit) as exc:
                self.plugin_errors.append(f"{impl.plugin_name}: {hook_caller.name} failed: {exc!r}")
                continue
            if group is None:
                continue
            ok = isinstance(group, dict) if shape is dict else isinstance(group, (list, tuple))
            if not ok:
                self.plugin_errors.append(f"{impl.plugin_name}: {hook_caller.name} returned "
                                          f"{type(group).__name__}, not a {shape.__name__}; ignored")
                continue
            groups.append((impl.plugin_name, group) if named else group)
        return groups

    def _items(self, group, kind, hook: str) -> list:
        """The items of a plugin's hook result that are of the right type."""
        good = [item for item in group if isinstance(item, kind)]
        if len(good) < len(group):
            bad = next(item for item in group if not isinstance(item, kind))
            self.plugin_errors.append(f"{hook}: ignored {len(group) - len(good)} item(s) of the "
                                      f"wrong type, e.g. {type(bad).__name__}")
        return good

    def _add_rule(self, rule: Rule, where: str) -> None:
        existing = self.all_rules.get(rule.id)
        if existing is not None:
            raise ConfigError(f"two rules have the id {rule.id}: {existing.source} and {where}")
        self.all_rules[rule.id] = rule

    # -- files ----------------------------------------------------------
    def supported(self, path: str) -> bool:
        return os.path.splitext(path)[1].lower() in self.readers

    def check_file(self, path: str, display: Optional[str] = None) -> FileResult:
        display = display_path(display or path)
        started = time.perf_counter()
        try:
            self._confined(path)
            data = self._read_bytes(path)
        except ReadError as exc:
            return self._failed(display, exc.rule_id, exc.message, started)
        except OSError as exc:
            reason = exc.strerror or exc.__class__.__name__
            return self._failed(display, "GK901", f"文件无法读取：{reason}", started)
        return self.check_bytes(display, data, started=started)

    def _confined(self, path: str) -> None:
        """Refuse (GK921) a file that a symlink leads out of the folders being
        checked: a submission linking to /etc/passwd or a secret must not be
        read and quoted in excerpts.  ``--follow-symlinks`` allows it."""
        roots = self.config.roots
        if not roots or self.config.follow_symlinks:
            return
        real = os.path.realpath(path)
        for root in roots:
            if real == root or real.startswith(root.rstrip(os.sep) + os.sep):
                return
        raise ReadError("GK921", "该文件是指向被检查文件夹之外的符号链接，出于安全未读取"
                        "（如确需检查，请使用 --follow-symlinks）")

    def _read_bytes(self, path: str) -> bytes:
        """The bytes of a regular file, at most the size cap.

        Opened without blocking and checked on the open descriptor, so a FIFO
        (which would wait for a writer for ever) or a device such as
        /dev/zero (endless, reported as empty) is refused (GK920) whatever
        the name or the symlink that leads to it; reading stops past the cap
        even if the file grows while it is read."""
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise ReadError("GK920", "不是普通文件（设备、管道或套接字），无法作为报告读取，未检查")
            cap = self.read_options.max_bytes
            data = fh.read(cap + 1)
        if len(data) > cap:
            raise ReadError("GK907", f"文件过大，超过上限 {self.config.max_file_mb} MB，未检查")
        return data

    def check_bytes(self, path: str, data: bytes, started: Optional[float] = None) -> FileResult:
        started = time.perf_counter() if started is None else started
        ext = os.path.splitext(path)[1].lower()
        actual = actual_extension(ext, data, self.readers)  # a .pdf that is a .docx, …
        if actual is None and ext not in self.readers:
            return self._unsupported(path, ext, started)
        reader = self.readers[actual or ext]
        missing = reader.missing()
        if missing:
            return self._failed(path, "GK906", f"读取{ext}文件需要可选组件 {missing}，"
                                f"请运行 pip install 'gklint[{reader.extra or 'all'}]'", started)
        try:
            doc = reader.read(path, data, self.read_options)
            check_text_length(len(doc.text), self.read_options)
        except ReadError as exc:
            return self._failed(path, exc.rule_id, exc.message, started)
        except MemoryError:
            return self._failed(path, "GK907", "文件内容过大，读取时超出内存上限", started)
        except Exception as exc:  # a reader bug or a file no library can parse
            return self._failed(path, "GK903", f"文件无法解析（{type(exc).__name__}: {exc}）", started)
        if actual:
            doc.meta["read_as"] = (ext, actual)  # noted by GK912
        result = FileResult(path, format=doc.format)
        result.findings = self.check_document(doc)
        if apply_inline(doc, data, result, self.all_rules, self.directive_rules):  # <!-- gklint: … -->
            finalize(result.findings)  # findings about the directives themselves
        if not doc.has_lines or doc.format == "html":  # no lines, or lines of markup
            add_excerpts(doc, result.findings)
        result.meta.update(self._doc_meta(doc))
        result.seconds = time.perf_counter() - started
        return result

    def _failed(self, path: str, rule_id: str, message: str, started: float) -> FileResult:
        rule = self.all_rules.get(rule_id)
        finding = Finding(rule_id, rule.severity if rule else Severity.ERROR, message, path,
                          Location(), rule_name=rule.name if rule else "", snippet=rule_id)
        findings = [finding] if self.config.selected(rule_id) else []
        return FileResult(path, findings, format=os.path.splitext(path)[1].lstrip(".").lower(),
                          error=True, seconds=time.perf_counter() - started)

    def _unsupported(self, path: str, ext: str, started: float) -> FileResult:
        """A file of a kind no reader takes: listed as such (GK913), never skipped."""
        from .linting.checks.formats import unsupported_message
        from .summary import UNSUPPORTED

        result = self._failed(path, "GK913", unsupported_message(ext, sorted(self.readers)),
                              started)
        result.meta["status"] = UNSUPPORTED
        return result

    # -- documents ------------------------------------------------------
    def choose_form(self, doc: Document) -> FormSpec:
        """The form of the report's year, adjusted to the version its tables follow."""
        return choose_form(doc, self.forms)

    def check_document(self, doc: Document) -> list[Finding]:
        # Exact arithmetic: Decimal's default 28 digits made 10^28 + 1 equal
        # 10^28, so a wrong total passed GK201.  The precision is set from the
        # longest table number once the tables are read (_exact_enough).
        with decimal.localcontext():
            self.ctx.start_file()
            try:
                return self._check_document(doc)
            finally:
                self.ctx.deadline = None  # the budget is this file's only

    def _check_document(self, doc: Document) -> list[Finding]:
        findings: list[Finding] = []
        try:
            analyse_document(doc, self.forms)
            _exact_enough(doc)
        except Exception as exc:
            findings.append(self._internal(doc, "structure analysis", exc))
            return findings
        for rule in self.rules:
            try:
                findings.extend(rule.check(doc, self.ctx))
            except RegexTimeout as exc:
                findings.append(self._internal(
                    doc, rule.id, None, f"规则 {rule.id} 的正则表达式运行过久（超过单条 "
                    f"{self.config.regex_timeout:g} 秒或本文件的总时限），已中止（模式：{exc}）"))
            except (Exception, SystemExit) as exc:  # a rule's sys.exit() must not end the run
                findings.append(self._internal(doc, rule.id, exc))
        from .linting.checks.reading import settle  # one reading problem, one finding

        return finalize(settle(doc, findings))

    def check_batch(self, results: list[FileResult]) -> list[Finding]:
        """Cross-file checks (hook ``gklint_check_batch``, e.g. GK520 across years)
        over the results of a run; each finding is added to its file's result
        (re-sorted) and all are returned."""
        by_path = {r.path: r for r in results}
        added: list[Finding] = []
        for group in self._call(self.pm.hook.gklint_check_batch, results=results,
                                config=self.config):
            for finding in self._items(group, Finding, "gklint_check_batch"):
                if finding.path in by_path and self.config.selected(finding.rule_id):
                    by_path[finding.path].findings.append(finding)
                    added.append(finding)
        for path in {f.path for f in added}:
            finalize(by_path[path].findings)
        return added

    def _doc_meta(self, doc: Document) -> dict:
        """What the run keeps of a checked document (FileResult.meta): its
        year, form and parts, and the facts cross-file checks need (hook
        ``gklint_batch_facts``)."""
        meta = {"year": doc.year, "form_version": doc.form_version,
                "encoding": doc.encoding, "sections": [s.number for s in doc.sections],
                "tables": sorted(doc.tables)}
        for facts in self._call(self.pm.hook.gklint_batch_facts, shape=dict, doc=doc):
            meta.update(facts)
        return meta

    def _internal(self, doc: Document, what: str, exc: Optional[BaseException],
                  message: Optional[str] = None) -> Finding:
        rule = self.all_rules["GK990"]
        text = message or f"{what} 运行出错：{type(exc).__name__}: {exc}"
        return Finding("GK990", rule.severity, text, doc.path, Location(),
                       rule_name=rule.name, snippet=what)


_EXCERPT_CONTEXT = 15


def add_excerpts(doc: Document, findings: list[Finding]) -> None:
    """The text each finding is about, with a little context, for a .docx or
    .pdf (no source line to quote): within its paragraph or table cell."""
    text = doc.text
    for f in findings:
        if f.span is None or f.excerpt:
            continue
        start, end = f.span.start, max(f.span.start, f.span.end)
        left = max(text.rfind("\n", 0, start) + 1, text.rfind("\t", 0, start) + 1,
                   start - _EXCERPT_CONTEXT)
        stops = [i for i in (text.find("\n", end), text.find("\t", end)) if i >= 0]
        right = min([*stops, end + _EXCERPT_CONTEXT, len(text)])
        excerpt = " ".join(text[left:right].split())
        if excerpt:
            f.excerpt = ("…" if left > 0 and text[left - 1] not in "\n\t" else "") + excerpt + (
                "…" if right < len(text) and text[right] not in "\n\t" else "")


_DIRECTIVE_IDS = ("GK940", "GK941", "GK942")


# A run of digits (and the separators a number may carry) longer than any
# number _EXACT_PRECISION handles exactly; no report has one unless hostile.
_LONG_NUMBER = rx.compile(r"[\d,，.．]{26,}")
_EXACT_PRECISION = 60


def _exact_enough(doc: Document) -> None:
    """Make the current Decimal context exact for sums of the document's
    table numbers: twice the longest one's digits and then some (sums of a
    few hundred cells add at most three digits).  Ordinary reports keep a
    small precision, so divisions (percentages) stay cheap, and skip the
    walk over every cell: one scan of the text shows no long number."""
    if _LONG_NUMBER.search(doc.text) is None:
        decimal.getcontext().prec = _EXACT_PRECISION
        return
    longest = 0
    for table in doc.tables.values():
        for cell in table.cells():
            if cell.value is not None:
                longest = max(longest, len(cell.value.as_tuple().digits))
    decimal.getcontext().prec = max(_EXACT_PRECISION, 2 * longest + 10)


def finalize(findings: list[Finding]) -> list[Finding]:
    """Sort findings and number repeats so fingerprints stay unique."""
    findings.sort(key=Finding.sort_key)
    seen: dict[tuple, int] = {}
    for f in findings:
        loc = f.location
        key = (f.rule_id, loc.table, loc.row, loc.column_label, f.snippet or f.message)
        f.occurrence = seen.get(key, 0)
        seen[key] = f.occurrence + 1
    return findings
