"""Alert e-mail through the configured SMTP server (``CIVICFUSION_SMTP_HOST``...): the alert's
name and how many new matches, never what the records say (e-mail leaves the system)."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from settings import Settings
from watch.alerts import Alert

log = logging.getLogger("civicfusion.alerts")


def message(settings: Settings, alert: Alert, count: int, load: str | None) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = settings.smtp_from
    msg["To"] = alert.email
    msg["Subject"] = f"CivicFusion alert: {alert.name} ({count} new)"
    after = f"load {load}" if load else "a resolution run"
    msg.set_content(
        f"Your standing alert “{alert.name}” has {count} new match(es) after {after}.\n\n"
        f"Sign in to the workbench (http://{settings.host}:{settings.port}/inbox) to see them.\n"
        "This message holds no record content by design.\n"
    )
    return msg


def send_alert(settings: Settings, alert: Alert, count: int, load: str | None) -> bool:
    """True when the server accepted the message; a failure is logged, never raised."""
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=10) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            smtp.send_message(message(settings, alert, count, load))
        return True
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("alert e-mail to %s failed: %s", alert.email, exc)
        return False
