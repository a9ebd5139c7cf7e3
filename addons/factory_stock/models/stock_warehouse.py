from odoo import api, fields, models

QC_LOCATION_FIELDS = {
    "factory_quarantine_location_id": ("quarantine", "QUARANTINE"),
    "factory_reject_location_id": ("reject", "REJECT"),
}


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    factory_quarantine_location_id = fields.Many2one(
        "stock.location",
        string="Quarantine Location",
        check_company=True,
        help="Receipts of materials that need incoming inspection arrive here.",
    )
    factory_reject_location_id = fields.Many2one(
        "stock.location",
        string="Rejected Goods Location",
        check_company=True,
        help="Quantities refused by incoming inspection are moved here.",
    )

    def _get_locations_values(self, vals, code=False):
        # Siblings of the stock location (children of the warehouse view), so
        # reservations from stock never take quarantined or rejected goods.
        values = super()._get_locations_values(vals, code=code)
        code = (vals.get("code") or code or "").replace(" ", "").upper()
        company_id = vals.get(
            "company_id", self.default_get(["company_id"])["company_id"]
        )
        names = {
            "quarantine": self.env._("Quarantine"),
            "reject": self.env._("Rejected Goods Area"),
        }
        for field, (usage, suffix) in QC_LOCATION_FIELDS.items():
            values[field] = {
                "name": names[usage],
                "usage": "internal",
                "factory_qc_usage": usage,
                "barcode": self._valid_barcode(code + suffix, company_id),
            }
        return values

    @api.model
    def _factory_ensure_qc_locations(self):
        """Give warehouses created before this module their inspection areas
        (Odoo's own repair of missing warehouse locations)."""
        warehouses = self.with_context(active_test=False).search([])
        warehouses.filtered(
            lambda w: not all(w[field] for field in QC_LOCATION_FIELDS)
        )._create_missing_locations({})
