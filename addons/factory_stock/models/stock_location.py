from odoo import fields, models


class StockLocation(models.Model):
    _inherit = "stock.location"

    factory_qc_usage = fields.Selection(
        [("quarantine", "Quarantine"), ("reject", "Rejected Goods")],
        string="Inspection Area",
        index=True,
        help="Quarantine (待检区): received goods waiting for incoming inspection. "
        "Rejected goods (不良品区): goods refused by inspection, waiting to be "
        "returned. Neither is available for reservation: both lie outside the "
        "warehouse's stock location.",
    )
