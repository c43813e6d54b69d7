"""The progress bar of a batch run."""
from __future__ import annotations

from .run import Batch


class Progress:
    """A rich progress bar on stderr: files done, findings so far, current file."""

    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress as RichProgress,
                                   TextColumn, TimeElapsedColumn)

        self.bar = RichProgress(
            TextColumn("[bold]检查"), BarColumn(), MofNCompleteColumn(),
            TextColumn("发现 {task.fields[findings]} 个问题"), TimeElapsedColumn(),
            TextColumn("[dim]{task.fields[current]}"),
            console=Console(stderr=True), transient=False)
        self.task = self.bar.add_task("audit", total=total, findings=0, current="")

    def started(self, path: str) -> None:
        from rich.markup import escape

        from ..safetext import display_path, without_controls

        self.bar.update(self.task, current=escape(without_controls(_shorten(display_path(path)))))

    def advance(self, batch: Batch) -> None:
        self.bar.update(self.task, advance=1, findings=batch.findings)

    def __enter__(self):
        self.bar.start()
        return self

    def __exit__(self, *exc) -> None:
        self.bar.stop()


def _shorten(path: str, width: int = 50) -> str:
    return path if len(path) <= width else "…" + path[-(width - 1):]
