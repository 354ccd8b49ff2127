import sys
import threading

from .. import BaseSmsBackend, SmsResult


class SmsBackend(BaseSmsBackend):
    """Writes each SMS to standard output (development)."""

    def __init__(self, *args, stream=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stream = stream or sys.stdout
        self._lock = threading.RLock()

    def format(self, message):
        return f"SMS to {message.to} from {message.sender or '-'}\n{message.body}\n{'-' * 40}\n"

    def send_messages(self, messages):
        with self._lock:
            for message in messages:
                self.stream.write(self.format(message))
            self.stream.flush()
        return [SmsResult(ok=True) for _ in messages]
