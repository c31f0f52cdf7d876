"""Run a command in a pseudo-terminal, type keys into it, and record every byte it writes."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import termios
import threading
import time
from collections.abc import Mapping, Sequence


class PtySession:
    """A child process on a pty of a given size; ``output`` accumulates all it wrote."""

    def __init__(
        self, command: Sequence[str], env: Mapping[str, str], size: tuple[int, int] = (100, 30)
    ) -> None:
        master, slave = pty.openpty()
        columns, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.process = subprocess.Popen(
            list(command),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=dict(env),
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._pump, daemon=True)
        self._reader.start()

    def _pump(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self.master], [], [], 0.1)
                if ready:
                    chunk = os.read(self.master, 65536)
                    if not chunk:
                        return
                    with self._lock:
                        self.output.extend(chunk)
                elif self.process.poll() is not None:
                    return
            except OSError:
                return

    def text(self) -> str:
        """Everything written so far, decoded."""
        with self._lock:
            return bytes(self.output).decode("utf-8", errors="replace")

    def wait_for(self, needle: str, timeout: float = 30) -> bool:
        """Wait until *needle* has been written (True) or the time is up (False)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if needle in self.text():
                return True
            time.sleep(0.05)
        return False

    def type(self, *keys: str, pause: float = 0.15) -> None:
        """Write each key (raw bytes as the terminal would send them), pausing after each."""
        for key in keys:
            os.write(self.master, key.encode())
            time.sleep(pause)

    def close(self, timeout: float = 10) -> int | None:
        """Wait for the process to end (kill it after *timeout*); return its status."""
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return None
        finally:
            self._reader.join(timeout=2)
            os.close(self.master)
