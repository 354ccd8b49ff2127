import datetime
import os
from pathlib import Path

from django.conf import settings

from .console import SmsBackend as ConsoleSmsBackend


class SmsBackend(ConsoleSmsBackend):
    """Appends each SMS to a file in settings.SMS_FILE_PATH (var/sms/), one file per backend
    instance, like Django's file-based mail backend."""

    def __init__(self, *args, file_path=None, **kwargs):
        super().__init__(*args, stream=open(os.devnull, "w"), **kwargs)  # noqa: SIM115 -- replaced below
        self.stream.close()
        self.file_path = Path(file_path or settings.SMS_FILE_PATH)
        self.file_path.mkdir(parents=True, exist_ok=True)
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        self.filename = self.file_path / f"{stamp}-{abs(id(self))}.log"

    def send_messages(self, messages):
        with open(self.filename, "a", encoding="utf-8") as self.stream:
            return super().send_messages(messages)
