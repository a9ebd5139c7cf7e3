import email
import io
import socket
from email import policy
from unittest.mock import patch

import openpyxl
from aiosmtpd.controller import Controller

from odoo.modules import module as odoo_module
from odoo.tests import tagged

from .common import FactoryAlertsCase


class _Sink:
    """Keeps every message the SMTP server accepts."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@tagged("post_install", "-at_install")
class TestAlertEmail(FactoryAlertsCase):
    """The monthly dead-stock report by e-mail through Odoo's mail server, to
    a real local SMTP server (aiosmtpd), with its Excel file."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.port = _free_port()
        cls.env["ir.mail_server"].create(
            {
                "name": "Test SMTP",
                "sequence": 1,
                "smtp_host": "127.0.0.1",
                "smtp_port": cls.port,
                "smtp_encryption": "none",
            }
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.material,
            cls.wh_raw.lot_stock_id,
            40,
            in_date=cls._days_ago(400),
        )

    def setUp(self):
        super().setUp()
        self.sink = _Sink()
        self.smtp = None
        self._start_smtp()
        self.addCleanup(self._stop_smtp)

    def _start_smtp(self):
        self.smtp = Controller(self.sink, hostname="127.0.0.1", port=self.port)
        self.smtp.start()

    def _stop_smtp(self):
        if self.smtp:
            self.smtp.stop()
            self.smtp = None

    def _send(self, messages):
        # Odoo skips the SMTP conversation while a test runs: let it talk to
        # the local server for this call
        with patch.object(odoo_module, "current_test", None):
            return self.Outbox._factory_send_pending(ids=messages.ids)

    def _report_rule(self):
        return self._rule(
            "dead_stock",
            days=180,
            notify_mode="report",
            interval_type="months",
            channel_activity=False,
            channel_email=True,
            user_ids=[(6, 0, self.supervisor.ids)],
            email_to="finance@example.com",
        )

    def _xlsx_rows(self, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        files = [
            part
            for part in message.iter_attachments()
            if part.get_filename().endswith(".xlsx")
        ]
        self.assertEqual(len(files), 1)
        book = openpyxl.load_workbook(io.BytesIO(files[0].get_content()))
        return message, list(book.active.iter_rows(values_only=True))

    def test_report_by_email_with_xlsx(self):
        self.supervisor.email = "super@example.com"
        rule = self._report_rule()
        rule._factory_run()
        message = self.Outbox.search([("rule_id", "=", rule.id)])
        self.assertEqual(message.channel, "email")
        self.assertEqual(len(message.attachment_ids), 1)
        self.assertEqual(self._send(message), 1)
        self.assertEqual(message.state, "sent", message.last_error)
        self.assertEqual(len(self.sink.envelopes), 1)
        envelope = self.sink.envelopes[0]
        self.assertEqual(
            sorted(envelope.rcpt_tos), ["finance@example.com", "super@example.com"]
        )
        mail, rows = self._xlsx_rows(envelope)
        self.assertIn(rule.name, mail["Subject"])
        self.assertIn("TST-0001", mail.get_body(("html",)).get_content())
        self.assertEqual(rows[0][0], "Material Code")
        self.assertEqual(len(rows), 2)
        self.assertEqual(rows[1][:3], ("TST-0001", "Copper wire", self.wh_raw.name))
        self.assertEqual(rows[1][5], 40)
        # a report rule reports again on its next run (the whole list)
        rule._factory_run()
        self.assertEqual(len(self.Outbox.search([("rule_id", "=", rule.id)])), 2)

    def test_smtp_down_then_delivered_once(self):
        rule = self._report_rule()
        rule._factory_run()
        message = self.Outbox.search([("rule_id", "=", rule.id)])
        self._stop_smtp()
        self._send(message)
        self.assertEqual((message.state, message.attempts), ("pending", 1))
        self.assertTrue(message.last_error)
        self._start_smtp()
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE factory_alert_outbox SET next_try = '2000-01-01' WHERE id = %s",
            (message.id,),
        )
        message.invalidate_recordset(["next_try"])
        self._send(message)
        self._send(message)
        self.assertEqual(message.state, "sent")
        self.assertEqual(len(self.sink.envelopes), 1)
        _mail, rows = self._xlsx_rows(self.sink.envelopes[0])
        self.assertEqual(rows[1][0], "TST-0001")

    def test_report_in_the_rule_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        rule = self._report_rule()
        rule.lang = "zh_CN"
        rule._factory_run()
        message = self.Outbox.search([("rule_id", "=", rule.id)])
        self._send(message)
        _mail, rows = self._xlsx_rows(self.sink.envelopes[0])
        self.assertEqual(rows[0][0], "物料编码")
