from odoo import fields, models


class FactoryProductionReport(models.Model):
    """Production report (报工): what a worker made on one work order
    operation (good and scrapped quantities) and how long it took. Reports
    feed Odoo's own work order quantities and time records."""

    _name = "factory.production.report"
    _description = "Production Report"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        "Reference", required=True, readonly=True, copy=False, default="/"
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    workorder_id = fields.Many2one(
        "mrp.workorder",
        "Work Order",
        required=True,
        check_company=True,
        index=True,
        ondelete="restrict",
    )
    production_id = fields.Many2one(
        related="workorder_id.production_id", store=True, index=True
    )
    workcenter_id = fields.Many2one(
        related="workorder_id.workcenter_id", store=True, index=True
    )
    product_id = fields.Many2one(related="production_id.product_id", store=True)
    employee_id = fields.Many2one(
        "hr.employee", "Worker", required=True, check_company=True, index=True
    )
    good_qty = fields.Float("Good Quantity", digits="Product Unit of Measure")
    scrap_qty = fields.Float("Scrapped Quantity", digits="Product Unit of Measure")
    scrap_reason_id = fields.Many2one("factory.defect.reason", "Scrap Reason")
    date_start = fields.Datetime("Started")
    date_end = fields.Datetime("Finished")
    duration = fields.Float("Minutes", digits=(16, 2))
    productivity_id = fields.Many2one(
        "mrp.workcenter.productivity", "Time Record", readonly=True, copy=False
    )
    reported_by_id = fields.Many2one(
        "res.users", "Reported By", readonly=True, default=lambda self: self.env.user
    )
    state = fields.Selection(
        [("done", "Reported"), ("cancel", "Cancelled")],
        default="done",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    note = fields.Text()
