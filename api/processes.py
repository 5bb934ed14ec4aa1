"""Process lifetimes: a child process that must not outlive its parent asks the kernel to signal it
when the parent goes (Linux `prctl(PR_SET_PDEATHSIG)`), and a process group is killed whole."""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal

PR_SET_PDEATHSIG = 1


def die_with_parent(signum: int = signal.SIGKILL) -> None:
    """Have the kernel send `signum` to this process when the thread that started it exits (Linux)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0)


def kill_group(pid: int | None) -> None:
    """SIGKILL to a process group: a worker and every OCR process it forked."""
    if pid:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
