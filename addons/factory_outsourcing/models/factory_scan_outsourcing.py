"""Sending material to subcontractors in the mobile barcode view (operation
``outsource``, 委外发料).

The resupply transfers of outsourcing orders (internal transfers from a
warehouse's stock to a subcontractor's own location) get their own
operation, like the issues of material requests: the clerk picks (or scans)
the transfer and scans its items and lots, from the source bins, with
factory_stock's FIFO / FEFO guidance and checks; validation is Odoo's own,
where the over-issue rule of factory_mrp (what the subcontracting order
needs) and the no-negative-stock rule apply again."""

from odoo import api, models
from odoo.exceptions import UserError

from odoo.addons.factory_stock.models.factory_scan import (
    CLERK_GROUP,
    STOCK_MANAGER_GROUP,
)

OUTSOURCE_OPERATION = "outsource"


class FactoryScan(models.AbstractModel):
    _inherit = "factory.scan"

    @api.model
    def _operations(self):
        ops = super()._operations()
        user = self.env.user
        if user.has_group(CLERK_GROUP) or user.has_group(STOCK_MANAGER_GROUP):
            outsource = {
                "key": OUTSOURCE_OPERATION,
                "name": self.env._("Send to Subcontractor"),
                "icon": "fa-share-square-o",
                "help": self.env._("Material for outsourcing orders"),
                "transfers": True,
                "list_prompt": self.env._(
                    "Scan or choose a transfer to a subcontractor"
                ),
            }
            # after the issues (material requests, else Pick / Issue)
            self._insert_operation(ops, outsource, after=("issue", "pick"))
        return ops

    @api.model
    def _picking_operations(self):
        return dict(
            super()._picking_operations(), **{OUTSOURCE_OPERATION: ("internal",)}
        )

    @api.model
    def _scan_takes_from_source(self, operation):
        return operation == OUTSOURCE_OPERATION or super()._scan_takes_from_source(
            operation
        )

    @api.model
    def _picking_domain(self, operation):
        domain = super()._picking_domain(operation)
        to_subcontractor = ("location_dest_id.factory_subcontractor_id", "!=", False)
        if operation == OUTSOURCE_OPERATION:
            return [*domain, to_subcontractor]
        if operation == "putaway":
            # transfers to subcontractors have their own operation
            return [*domain, ("location_dest_id.factory_subcontractor_id", "=", False)]
        return domain

    @api.model
    def _get_picking(self, operation, picking_id):
        picking = super()._get_picking(operation, picking_id)
        if (
            operation == OUTSOURCE_OPERATION
            and not picking.location_dest_id.factory_subcontractor_id
        ):
            raise UserError(
                self.env._(
                    "%(picking)s does not send material to a subcontractor.",
                    picking=picking.name,
                )
            )
        return picking
