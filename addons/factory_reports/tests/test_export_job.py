import ast
import base64
import io
from unittest.mock import patch

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..models.factory_report_export_job import FactoryReportExportJob
from ..wizard import factory_report_export, xlsx_writer
from .common import FactoryReportsCase

CRON = "factory_reports.ir_cron_factory_report_export_job"


@tagged("post_install", "-at_install")
class TestBackgroundExport(FactoryReportsCase):
    """Above the row threshold (set to 1 here) an export becomes a job: the
    cron writes the workbook as the job's user and delivers it as an
    attachment with a message; each user sees only their own jobs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the job writes its own row in transactions of its own
        # (registry.cursor()); in test mode those are test cursors over the
        # test's transaction, as in an HttpCase
        cls.registry.enter_test_mode(cls.cr)
        cls.addClassCleanup(cls.registry.leave_test_mode)

    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].set_param(
            "factory_reports.export_background_rows", "1"
        )
        self.product = self._create_material("TST-BG-01", "Background stator", cost=2.0)
        self.other = self._create_material("TST-BG-02", "Background rotor", cost=3.0)
        self._move(self.product, self.loc_supplier, self.stock, 30, self._days_ago(200))
        self._move(self.product, self.loc_supplier, self.stock, 20, self._days_ago(20))
        self._move(self.other, self.loc_supplier, self.bin_a, 7, self._days_ago(400))
        self.products = self.product | self.other
        self.Job = self.env["factory.report.export.job"]

    def _queue(self, user):
        wizard = (
            self.env["factory.report.export"]
            .with_user(user)
            .with_context(lang=user.lang)
            .create(
                {
                    "report": "factory.report.aging",
                    "product_ids": [(6, 0, self.products.ids)],
                    "warehouse_ids": [(6, 0, self.wh.ids)],
                }
            )
        )
        action = wizard.action_export()
        self.assertEqual(action["tag"], "display_notification")
        self.assertFalse(wizard.file_data)
        return self.Job.search([("user_id", "=", user.id)], limit=1)

    def _run_cron(self):
        self.env.flush_all()
        self.env.ref(CRON).method_direct_trigger()
        self.env.invalidate_all()

    def _sheet(self, job):
        data = base64.b64decode(job.attachment_id.datas)
        rows = list(openpyxl.load_workbook(io.BytesIO(data)).active.values)
        header = next(i for i, r in enumerate(rows) if r[0] and i > 1 and r[1])
        return rows, header

    def test_job_delivered(self):
        cron = self.env.ref(CRON)
        triggers_before = self.env["ir.cron.trigger"].search_count(
            [("cron_id", "=", cron.id)]
        )
        job = self._queue(self.accountant)
        self.assertEqual(
            (job.state, job.report, job.row_count, job.progress),
            ("queued", "factory.report.aging", 2, 0),
        )
        self.assertIn(
            ("product_id", "in", self.products.ids), ast.literal_eval(job.domain)
        )
        # the cron is triggered at once
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]),
            triggers_before + 1,
        )
        self._run_cron()
        self.assertEqual((job.state, job.progress, job.row_count), ("done", 100, 2))
        progress = self.env["ir.cron.progress"].search(
            [("cron_id", "=", cron.id)], order="id desc", limit=1
        )
        self.assertEqual((progress.done, progress.remaining), (1, 0))
        rows, h = self._sheet(job)
        self.assertEqual(rows[0][0], "Stock Aging")
        header, data, total = rows[h], rows[h + 1 : -1], rows[-1]
        self.assertEqual(len(data), 2)
        col = {name: i for i, name in enumerate(header)}
        group = (
            self.env["factory.report.aging"]
            .with_user(self.accountant)
            .read_group(
                [
                    ("product_id", "in", self.products.ids),
                    ("warehouse_id", "=", self.wh.id),
                ],
                ["qty:sum", "value:sum", "qty_age_4:sum"],
                [],
            )[0]
        )
        self.assertEqual(total[col["On Hand"]], group["qty"])
        self.assertEqual(total[col["On Hand"]], 57)
        self.assertEqual(total[col["Stock Value"]], group["value"])
        self.assertEqual(total[col["Stock Value"]], 50 * 2.0 + 7 * 3.0)
        self.assertEqual(total[col["Qty 181-365 Days"]], 30)
        # delivered: a message to the user with the workbook
        message = job.message_ids.filtered(lambda m: m.attachment_ids)
        self.assertEqual(len(message), 1)
        self.assertEqual(message.attachment_ids, job.attachment_id)
        self.assertIn(self.accountant.partner_id, message.partner_ids)
        self.assertTrue(
            message.notification_ids.filtered(
                lambda n: n.res_partner_id == self.accountant.partner_id
            )
        )
        # the user downloads it from My Exports
        mine = self.Job.with_user(self.accountant).search([])
        self.assertEqual(mine, job)
        action = mine.action_download()
        self.assertIn(f"/web/content/{job.attachment_id.id}", action["url"])
        self.assertTrue(job.attachment_id.with_user(self.accountant).datas)

    def test_written_as_the_user(self):
        """The clerk's job is the clerk's export: quantities, no values."""
        job = self._queue(self.clerk)
        self._run_cron()
        self.assertEqual(job.state, "done")
        rows, h = self._sheet(job)
        self.assertIn("On Hand", rows[h])
        self.assertNotIn("Stock Value", rows[h])
        self.assertEqual(rows[-1][rows[h].index("On Hand")], 57)

    def test_other_users_jobs_hidden(self):
        job = self._queue(self.accountant)
        self._run_cron()
        self.assertFalse(self.Job.with_user(self.clerk).search([]))
        with self.assertRaises(AccessError):
            job.with_user(self.clerk).read(["state"])
        with self.assertRaises(AccessError):
            job.attachment_id.with_user(self.clerk).read(["datas"])
        with self.assertRaises(AccessError):
            job.with_user(self.clerk).action_download()

    def test_forged_state_refused(self):
        job = self._queue(self.accountant)
        with self.assertRaises(AccessError):
            job.with_user(self.accountant).write({"state": "done"})
        # an administrator may write jobs, but not their workflow fields
        admin = self.env.ref("base.user_admin")
        for vals in ({"state": "done"}, {"progress": 100}, {"user_id": admin.id}):
            with self.assertRaises(UserError):
                job.with_user(admin).write(vals)
        with self.assertRaises(UserError):
            self.Job.with_user(self.accountant).create(
                {"report": "factory.report.aging", "state": "done", "progress": 100}
            )
        with self.assertRaises(UserError):
            self.Job.with_user(self.accountant).create(
                {"report": "factory.report.aging", "user_id": self.clerk.id}
            )
        with self.assertRaises(UserError):
            job.with_user(self.accountant).action_download()
        self.assertEqual(job.state, "queued")

    def test_progress_published_while_running(self):
        """While the cron builds the workbook, another transaction reads the
        job running and its progress after each batch (here one row per
        batch: 50 %, then 99 %), before the job is done."""
        job = self._queue(self.accountant)
        seen = []
        publish = FactoryReportExportJob._factory_publish_progress

        def observed(record, percent):
            publish(record, percent)
            # what a user's request (its own cursor) reads at that moment
            with self.registry.cursor() as other:
                other.execute(
                    "SELECT state, progress FROM factory_report_export_job"
                    " WHERE id = %s",
                    (record.id,),
                )
                seen.append(other.fetchone())

        with (
            patch.object(factory_report_export, "BATCH", 1),
            patch.object(FactoryReportExportJob, "_factory_publish_progress", observed),
        ):
            self._run_cron()
        self.assertEqual(seen, [("running", 50), ("running", 99)])
        self.assertEqual((job.state, job.progress), ("done", 100))
        # the progress is no field anyone else may write
        with self.assertRaises(UserError):
            job.with_user(self.env.ref("base.user_admin")).write({"progress": 10})

    def test_writer_error_reported(self):
        """An error of the workbook's writer process (here a malformed
        heading message) fails the job with the child's error."""
        job = self._queue(self.accountant)
        with patch.object(
            xlsx_writer.WorkbookProcess,
            "head",
            lambda self, *args: self._send(("head",)),
        ):
            self._run_cron()
        self.assertEqual(job.state, "failed")
        self.assertIn("could not be written", job.error)
        self.assertIn("ValueError", job.error)
