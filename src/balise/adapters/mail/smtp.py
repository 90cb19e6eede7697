"""E-mail through an SMTP server, with the standard library's smtplib."""

from __future__ import annotations

import smtplib
import ssl
from collections import deque
from email.message import EmailMessage
from email.utils import make_msgid

from balise.services.ports import OutgoingMail


class SmtpMailer:
    """One connection per message: notices are few, and a dead connection is never reused."""

    def __init__(
        self,
        *,
        host: str,
        port: int,
        sender: str,
        username: str = "",
        password: str = "",
        security: str = "none",
        timeout: float = 10.0,
    ) -> None:
        self.host = host
        self.port = port
        self.sender = sender
        self.username = username
        self.password = password
        self.security = security
        self.timeout = timeout

    def send(self, mail: OutgoingMail) -> None:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = mail.to
        message["Subject"] = mail.subject
        message["Message-ID"] = make_msgid(domain=self.sender.rpartition("@")[2] or None)
        message.set_content(mail.body)
        context = ssl.create_default_context()
        if self.security == "tls":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=context
            )
        else:
            client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        with client:
            if self.security == "starttls":
                client.starttls(context=context)
            if self.username:
                client.login(self.username, self.password)
            client.send_message(message)


class NullMailer:
    """Used when no SMTP host is configured: e-mails are not sent (the pages still tell people).

    The last hundred are kept in memory, for a developer to look at; never more.
    """

    def __init__(self) -> None:
        self.sent: deque[OutgoingMail] = deque(maxlen=100)

    def send(self, mail: OutgoingMail) -> None:
        self.sent.append(mail)
