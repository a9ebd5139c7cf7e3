from odoo import api, fields, models


class StockMove(models.Model):
    _name = "stock.move"
    _inherit = ["stock.move", "factory.protected.mixin"]
    # set by the confirmation of an incoming inspection only (see
    # factory.protected.mixin; other files add their own fields)
    _factory_protected_fields = ("factory_qc_inspection_id",)

    factory_qc_inspection_id = fields.Many2one(
        "factory.qc.inspection",
        "Released by Inspection",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The confirmed incoming inspection that moves these goods out of "
        "quarantine.",
    )
    factory_qc_required = fields.Boolean(
        "Inspection Required", compute="_compute_factory_qc_required"
    )

    @api.depends(
        "picking_code",
        "product_id.categ_id.factory_qc_required",
        "picking_id.partner_id.factory_qc_waived",
    )
    def _compute_factory_qc_required(self):
        for move in self:
            supplier = move.picking_id.partner_id.commercial_partner_id
            move.factory_qc_required = bool(
                move.picking_code == "incoming"
                and move.product_id.categ_id.factory_qc_required
                and not supplier.factory_qc_waived
            )

    def _action_confirm(self, merge=True, merge_into=False):
        self._factory_route_to_quarantine()
        return super()._action_confirm(merge=merge, merge_into=merge_into)

    def _factory_route_to_quarantine(self):
        """Receipts of material that needs incoming inspection go to the
        warehouse's quarantine location, which lies outside its stock location
        and is therefore never reserved."""
        for move in self.filtered("factory_qc_required"):
            warehouse = move.location_dest_id.warehouse_id
            quarantine = warehouse.factory_quarantine_location_id
            if quarantine and move.location_dest_id._child_of(warehouse.lot_stock_id):
                move.location_dest_id = quarantine
