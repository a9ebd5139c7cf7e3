from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from ..models.factory_voucher_export import TARGETS


class FactoryVoucherExportWizard(models.TransientModel):
    """Choose the period, the target and the journals; the export itself is
    the export record's own method."""

    _name = "factory.voucher.export.wizard"
    _description = "Export Vouchers"
    _check_company_auto = True

    def _default_date_from(self):
        return fields.Date.context_today(self).replace(day=1) - relativedelta(months=1)

    def _default_date_to(self):
        return fields.Date.context_today(self).replace(day=1) - relativedelta(days=1)

    def _default_journal_ids(self):
        return self.env["factory.voucher.export"]._factory_default_journals(
            self.env.company
        )

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    target = fields.Selection(TARGETS, required=True, default="kingdee")
    date_from = fields.Date(string="From", required=True, default=_default_date_from)
    date_to = fields.Date(string="To", required=True, default=_default_date_to)
    journal_ids = fields.Many2many(
        "account.journal",
        string="Journals",
        required=True,
        default=_default_journal_ids,
        check_company=True,
        domain="[('company_id', '=', company_id)]",
    )

    @api.onchange("company_id")
    def _onchange_company_id(self):
        self.journal_ids = self.env["factory.voucher.export"]._factory_default_journals(
            self.company_id
        )

    def action_export(self):
        self.ensure_one()
        export = self.env["factory.voucher.export"]._factory_export(
            self.company_id, self.target, self.date_from, self.date_to, self.journal_ids
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "factory.voucher.export",
            "res_id": export.id,
            "view_mode": "form",
            "target": "current",
        }


class FactoryVoucherExportCancel(models.TransientModel):
    _name = "factory.voucher.export.cancel"
    _description = "Cancel Voucher Export"

    export_id = fields.Many2one("factory.voucher.export", required=True, readonly=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.export_id._factory_cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}
