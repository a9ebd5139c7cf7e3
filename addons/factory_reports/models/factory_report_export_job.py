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
"""

import ast
import base64
import logging
import os
import tempfile

from odoo import api, fields, models
from odoo.exceptions import UserError

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

    @api.model
    def _cron_process_exports(self):
        """Process the oldest queued job; tell the cron how many are left."""
        self.env.cr.execute(
            """
            SELECT id FROM factory_report_export_job
             WHERE state = 'queued'
             ORDER BY id
             LIMIT 1
               FOR UPDATE SKIP LOCKED
            """
        )
        row = self.env.cr.fetchone()
        if row:
            self.browse(row[0])._process()
        remaining = self.search_count([("state", "=", "queued")])
        self.env["ir.cron"]._notify_progress(done=1 if row else 0, remaining=remaining)

    def _process(self):
        self.ensure_one()
        with factory_protected_writer(self._name):
            self.write({"state": "running", "progress": 0, "error": False})
        try:
            with self.env.cr.savepoint():
                data, count = self._build_workbook()
                self._deliver(data, count)
        except Exception as error:  # reported on the job
            _logger.exception("Background export %s failed", self.id)
            with factory_protected_writer(self._name):
                self.write({"state": "failed", "error": str(error)})
            self.message_post(
                body=self.env._("The export failed: %s", error),
                partner_ids=self.user_id.partner_id.ids,
                author_id=self.env.ref("base.partner_root").id,
                subtype_xmlid="mail.mt_comment",
            )

    def _build_workbook(self):
        """The workbook, written as the job's user in the user's language."""
        user = self.user_id
        Wizard = (
            self.env["factory.report.export"]
            .with_user(user)
            .with_company(self.company_id)
            .with_context(lang=user.lang, tz=user.tz)
        )
        wizard = Wizard.new({"report": self.report})
        total = max(self.row_count, 1)

        def progress(done):
            with factory_protected_writer(self._name):
                self.write({"progress": min(99, done * 100 // total)})

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
                "datas": base64.b64encode(data),
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
