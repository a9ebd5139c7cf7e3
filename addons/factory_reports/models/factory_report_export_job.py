"""Background Excel exports (导出任务).

An export of more rows than the system parameter
``factory_reports.export_background_rows`` (default 50,000) does not block
the user's request: the export wizard records a job (who, which report, the
domain and the filters used) and triggers the scheduled action at once. The
cron writes the workbook as the job's user (record rules and cost fields of
that user apply, as in an interactive export), attaches it to the job and
posts a message with the file to the user. Each cron call processes one job
and reports ``ir.cron._notify_progress``, so the framework commits after
each job and calls again while jobs are queued; a failing job is marked
failed with the error, the others go on.

The job's own row is written in transactions of its own, committed at once
(``_factory_published``): the claim (state *running*), the progress after
each batch of rows, and the end (done with the workbook, or failed). The
user sees the job running and its progress bar move in My Exports while the
cron's transaction, which reads the report, is still open.
"""

import ast
import logging
import os
import tempfile
from contextlib import contextmanager

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.factory_stock.models.factory_protected import (
    factory_protected_writer,
)

from ..wizard.factory_report_export import REPORTS

_logger = logging.getLogger(__name__)

THRESHOLD_PARAM = "factory_reports.export_background_rows"
DEFAULT_THRESHOLD = 50000


class FactoryReportExportJob(models.Model):
    _name = "factory.report.export.job"
    _description = "Background Report Export"
    _inherit = ["mail.thread", "factory.protected.mixin"]
    _order = "id desc"

    _factory_protected_fields = (
        "state",
        "progress",
        "attachment_id",
        "error",
        "row_count",
        "date_done",
    )
    _factory_fixed_fields = (
        "user_id",
        "company_id",
        "report",
        "domain",
        "filters",
        "file_name",
    )

    name = fields.Char(compute="_compute_name")
    user_id = fields.Many2one(
        "res.users",
        "User",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.user,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    report = fields.Selection(REPORTS, required=True, readonly=True)
    domain = fields.Text(readonly=True, default="[]")
    filters = fields.Text("Filters Used", readonly=True)
    file_name = fields.Char(readonly=True)
    state = fields.Selection(
        [
            ("queued", "Queued"),
            ("running", "Running"),
            ("done", "Done"),
            ("failed", "Failed"),
        ],
        default="queued",
        required=True,
        readonly=True,
        index=True,
        tracking=True,
    )
    progress = fields.Integer("Progress (%)", readonly=True, default=0)
    row_count = fields.Integer("Rows", readonly=True)
    attachment_id = fields.Many2one("ir.attachment", "Workbook", readonly=True)
    error = fields.Text(readonly=True)
    date_done = fields.Datetime("Finished On", readonly=True)

    @api.depends("report", "create_date")
    def _compute_name(self):
        labels = dict(self._fields["report"]._description_selection(self.env))
        for job in self:
            stamp = (
                fields.Datetime.context_timestamp(job, job.create_date).strftime(
                    "%Y-%m-%d %H:%M"
                )
                if job.create_date
                else ""
            )
            job.name = f"{labels.get(job.report, '')} {stamp}".strip()

    @api.model
    def _threshold(self):
        value = self.env["ir.config_parameter"].sudo().get_param(THRESHOLD_PARAM)
        try:
            return int(value) if value else DEFAULT_THRESHOLD
        except ValueError:
            return DEFAULT_THRESHOLD

    @api.model
    def _factory_queue(self, wizard, rows):
        """A queued job for the export ``wizard`` would make (as its user);
        the cron is triggered at once."""
        label = dict(wizard._fields["report"]._description_selection(self.env))
        with factory_protected_writer(self._name):
            job = self.create(
                {
                    "report": wizard.report,
                    "domain": repr(wizard._domain()),
                    "filters": "\n".join(wizard._filter_lines()),
                    "file_name": f"{label[wizard.report]}-{fields.Date.today()}.xlsx",
                    "row_count": rows,
                }
            )
        self.env.ref("factory_reports.ir_cron_factory_report_export_job")._trigger()
        return job

    # ------------------------------------------------------------------
    # processing (cron)
    # ------------------------------------------------------------------

    @contextmanager
    def _factory_published(self):
        """This job in a transaction of its own, committed on leaving: what
        is written there is visible at once to every other transaction (the
        user's form and list while the cron is still building the
        workbook). The job's row is written through here only: the cron's
        own transaction neither locks nor updates it (it would wait for
        these commits, or fail on them under repeatable read)."""
        with self.env.registry.cursor() as cr:
            job = self.with_env(self.env(cr=cr))
            yield job
            job.env.flush_all()
        self.invalidate_recordset()

    @api.model
    def _cron_process_exports(self):
        """Claim the oldest queued job (marked running in a committed
        transaction), process it; tell the cron how many are left."""
        with self._factory_published() as published:
            published.env.cr.execute(
                """
                SELECT id FROM factory_report_export_job
                 WHERE state = 'queued'
                 ORDER BY id
                 LIMIT 1
                   FOR UPDATE SKIP LOCKED
                """
            )
            row = published.env.cr.fetchone()
            if row:
                with factory_protected_writer(self._name):
                    published.browse(row[0]).write(
                        {"state": "running", "progress": 0, "error": False}
                    )
        if row:
            self.browse(row[0])._process()
        with self._factory_published() as published:
            remaining = published.search_count([("state", "=", "queued")])
        self.env["ir.cron"]._notify_progress(done=1 if row else 0, remaining=remaining)

    def _process(self):
        """Build the workbook of this (running) job and deliver it, or
        mark the job failed with the error."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                data, count = self._build_workbook()
            with self._factory_published() as job:
                job._deliver(data, count)
        except Exception as error:  # reported on the job
            _logger.exception("Background export %s failed", self.id)
            with self._factory_published() as job:
                with factory_protected_writer(self._name):
                    job.write({"state": "failed", "error": str(error)})
                job.message_post(
                    body=job.env._("The export failed: %s", error),
                    partner_ids=job.user_id.partner_id.ids,
                    author_id=job.env.ref("base.partner_root").id,
                    subtype_xmlid="mail.mt_comment",
                )

    def _factory_publish_progress(self, percent):
        """The progress of the running job, committed at once (a raw
        update of this job's own row in its own transaction: no tracking,
        no write_date, nothing else of the row)."""
        with self.env.registry.cursor() as cr:
            cr.execute(
                SQL(
                    "UPDATE factory_report_export_job SET progress = %s"
                    " WHERE id = %s AND state = 'running'",
                    percent,
                    self.id,
                )
            )
        self.invalidate_recordset(["progress"])

    def _build_workbook(self):
        """The workbook, written as the job's user in the user's language;
        its progress published after each batch."""
        user = self.user_id
        Wizard = (
            self.env["factory.report.export"]
            .with_user(user)
            .with_company(self.company_id)
            .with_context(lang=user.lang, tz=user.tz)
        )
        wizard = Wizard.new({"report": self.report})
        total = max(self.row_count, 1)
        job = self

        def progress(done):
            job._factory_publish_progress(min(99, done * 100 // total))

        handle, path = tempfile.mkstemp(suffix=".xlsx")
        os.close(handle)
        try:
            count, __ = wizard._write_workbook(
                path,
                domain=ast.literal_eval(self.domain or "[]"),
                filter_lines=(self.filters or "").splitlines(),
                progress=progress,
            )
            with open(path, "rb") as workbook:
                return workbook.read(), count
        finally:
            os.unlink(path)

    def _deliver(self, data, count):
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.file_name,
                "raw": data,
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/vnd.openxmlformats-officedocument."
                "spreadsheetml.sheet",
            }
        )
        with factory_protected_writer(self._name):
            self.write(
                {
                    "state": "done",
                    "progress": 100,
                    "row_count": count,
                    "attachment_id": attachment.id,
                    "date_done": fields.Datetime.now(),
                }
            )
        self.with_context(lang=self.user_id.lang).message_post(
            body=self.with_context(lang=self.user_id.lang).env._(
                "Your export %(name)s is ready: %(count)s rows.",
                name=self.file_name,
                count=count,
            ),
            partner_ids=self.user_id.partner_id.ids,
            attachment_ids=attachment.ids,
            author_id=self.env.ref("base.partner_root").id,
            subtype_xmlid="mail.mt_comment",
        )

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_download(self):
        self.ensure_one()
        if self.state != "done" or not self.attachment_id:
            raise UserError(
                self.env._("The export %s is not finished yet.", self.display_name)
            )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.attachment_id.id}?download=true",
            "target": "self",
        }
