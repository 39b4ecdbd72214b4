"""What an indexing run did, file by file."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

# progress(files done, files in all, chunks written)
Progress = Callable[[int, int, int], None]


@dataclass
class IndexReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    chunks: int = 0
    repaired: int = 0  # records left by an interrupted run, removed
    requoted: list[str] = field(default_factory=list)  # quotes read again: the rules changed

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        line = (
            f"added {len(self.added)}, updated {len(self.updated)}, removed {len(self.removed)}, "
            f"unchanged {len(self.unchanged)}, failed {len(self.failed)}, "
            f"skipped {len(self.skipped)} ({self.chunks} chunks written)"
        )
        if self.requoted:
            n = len(self.requoted)
            line += (f"\nquotes read again in {n} unchanged article{'s' if n != 1 else ''}: "
                     "the rules that read them have changed")
        if self.repaired:
            line += f"\nrepaired: removed {self.repaired} records left by an interrupted run"
        reasons = [f"  failed: {reason}" for _, reason in self.failed]
        reasons += [f"  skipped: {p}: {reason}" for p, reason in self.skipped]
        return "\n".join([line, *reasons])

    def to_dict(self) -> dict:
        return {
            "added": self.added,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "failed": [{"path": p, "reason": r} for p, r in self.failed],
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
            "chunks": self.chunks,
            "repaired": self.repaired,
            "requoted": self.requoted,
        }
