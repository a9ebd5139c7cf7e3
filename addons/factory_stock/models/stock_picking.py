from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError


class StockPicking(models.Model):
    _name = "stock.picking"
    _inherit = ["stock.picking", "factory.protected.mixin"]
    # set when the receipt is validated and by the inspection actions only
    # (see factory.protected.mixin); the FIFO override reason is the user's
    _factory_protected_fields = (
        "factory_qc_inspection_ids",
        "factory_qc_state",
        "factory_qc_received_by_id",
        "factory_qc_return_id",
    )

    factory_fifo_override_reason = fields.Text(
        string="FIFO / FEFO Override Reason",
        tracking=True,
        copy=False,
        help="Why lots are issued out of FIFO / FEFO order. Only users with the "
        "'FIFO Override' right may validate such a transfer, and only with a "
        "reason; the reason is logged in the chatter.",
    )
    factory_qc_inspection_ids = fields.One2many(
        "factory.qc.inspection", "picking_id", string="Inspections", readonly=True
    )
    factory_qc_state = fields.Selection(
        [
            ("to_inspect", "To Inspect"),
            ("inspected", "To Confirm"),
            ("confirmed", "Confirmed"),
        ],
        string="Inspection Status",
        compute="_compute_factory_qc_state",
        store=True,
        index=True,
    )
    factory_qc_received_by_id = fields.Many2one(
        "res.users", "Received By", readonly=True, copy=False
    )
    factory_qc_rule = fields.Char("Inspection Rule", compute="_compute_factory_qc_rule")
    factory_qc_return_id = fields.Many2one(
        "stock.picking", "Return of Rejected Goods", readonly=True, copy=False
    )
    factory_qc_count = fields.Integer(compute="_compute_factory_qc_count")

    @api.depends("factory_qc_inspection_ids.state")
    def _compute_factory_qc_state(self):
        for picking in self:
            states = set(picking.factory_qc_inspection_ids.mapped("state")) - {"cancel"}
            if not states:
                picking.factory_qc_state = False
            elif "todo" in states:
                picking.factory_qc_state = "to_inspect"
            elif "inspected" in states:
                picking.factory_qc_state = "inspected"
            else:
                picking.factory_qc_state = "confirmed"

    @api.depends("factory_qc_inspection_ids")
    def _compute_factory_qc_count(self):
        for picking in self:
            picking.factory_qc_count = len(picking.factory_qc_inspection_ids)

    @api.depends("move_ids.factory_qc_required", "partner_id.factory_qc_waived")
    def _compute_factory_qc_rule(self):
        for picking in self:
            if picking.picking_type_code != "incoming":
                picking.factory_qc_rule = False
                continue
            moves = picking.move_ids
            required = moves.filtered("factory_qc_required")
            supplier = picking.partner_id.commercial_partner_id
            if supplier.factory_qc_waived:
                picking.factory_qc_rule = self.env._(
                    "Trusted supplier %s: no incoming inspection.", supplier.name
                )
            elif not required:
                picking.factory_qc_rule = self.env._("No incoming inspection required.")
            else:
                picking.factory_qc_rule = self.env._(
                    "Incoming inspection required for %(count)s of %(total)s lines "
                    "(%(categories)s): they go to quarantine.",
                    count=len(required),
                    total=len(moves),
                    categories=", ".join(required.product_id.categ_id.mapped("name")),
                )

    def _action_done(self):
        res = super()._action_done()
        self._factory_create_inspections()
        return res

    def _factory_create_inspections(self):
        """Validating a receipt submits what went to quarantine for inspection."""
        vals_list = []
        for picking in self.filtered(lambda p: p.picking_type_code == "incoming"):
            lines = picking.move_line_ids.filtered(
                lambda ml: (
                    ml.location_dest_id.factory_qc_usage == "quarantine"
                    and ml.quantity > 0
                )
            )
            if not lines:
                continue
            picking._factory_write({"factory_qc_received_by_id": self.env.user.id})
            for line in lines:
                vals_list.append(
                    {
                        "picking_id": picking.id,
                        "move_line_id": line.id,
                        "warehouse_id": line.location_dest_id.warehouse_id.id,
                        "partner_id": picking.partner_id.commercial_partner_id.id,
                        "product_id": line.product_id.id,
                        "lot_id": line.lot_id.id,
                        "product_uom_id": line.product_uom_id.id,
                        "qty_received": line.quantity,
                        "location_id": line.location_dest_id.id,
                        "received_by_id": self.env.user.id,
                    }
                )
            picking.message_post(
                body=self.env._(
                    "Received by %(user)s and submitted for incoming inspection "
                    "(%(count)s lines in quarantine).",
                    user=self.env.user.name,
                    count=len(lines),
                )
            )
        if vals_list:
            # System-generated from the validated receipt: the receiving clerk
            # may not create inspections himself (no create right).
            self.env["factory.qc.inspection"].sudo().create(vals_list)

    def action_factory_qc_confirm(self):
        """Warehouse supervisor confirms the inspections of these receipts."""
        inspections = self.factory_qc_inspection_ids.filtered(
            lambda i: i.state != "cancel"
        )
        if not inspections:
            raise UserError(self.env._("There is no inspection to confirm."))
        transfers = inspections._confirm()
        for picking in self:
            picking.message_post(
                body=self.env._(
                    "Inspection confirmed by %(user)s: %(transfers)s.",
                    user=self.env.user.name,
                    transfers=", ".join(transfers.mapped("name")) or "-",
                )
            )
        return True

    def action_factory_qc_return(self):
        """Return the rejected quantities of this receipt to the supplier."""
        self.ensure_one()
        user = self.env.user
        if not (
            user.has_group("factory_stock.group_warehouse_clerk")
            or user.has_group("factory_stock.group_purchaser")
        ):
            raise AccessError(
                self.env._(
                    "Only warehouse clerks and purchasers can return rejected goods."
                )
            )
        rejected = self.factory_qc_inspection_ids.filtered(
            lambda i: i.state == "confirmed" and i.qty_rejected > 0
        )
        if not rejected:
            raise UserError(self.env._("Nothing was rejected on %s.", self.name))
        if self.factory_qc_return_id:
            raise UserError(
                self.env._(
                    "The rejected goods of %(receipt)s are already returned by "
                    "%(ret)s.",
                    receipt=self.name,
                    ret=self.factory_qc_return_id.name,
                )
            )
        warehouse = rejected.warehouse_id
        reject_location = warehouse.factory_reject_location_id
        return_type = (
            self.picking_type_id.return_picking_type_id or warehouse.out_type_id
        )
        moves = []
        for inspection in rejected:
            origin_move = inspection.move_line_id.move_id
            moves.append(
                Command.create(
                    {
                        "name": inspection.name,
                        "product_id": inspection.product_id.id,
                        "product_uom": inspection.product_uom_id.id,
                        "product_uom_qty": inspection.qty_rejected,
                        "location_id": reject_location.id,
                        "location_dest_id": self.location_id.id,
                        "origin_returned_move_id": origin_move.id,
                        "to_refund": True,
                        "partner_id": self.partner_id.id,
                    }
                )
            )
        ret = self.env["stock.picking"].create(
            {
                "picking_type_id": return_type.id,
                "partner_id": self.partner_id.id,
                "origin": self.env._("Return of %s", self.name),
                "location_id": reject_location.id,
                "location_dest_id": self.location_id.id,
                "move_ids": moves,
            }
        )
        ret.action_confirm()
        rejected._set_lot_lines(ret, "qty_rejected")
        self._factory_write({"factory_qc_return_id": ret.id})
        self.message_post(
            body=self.env._("Rejected goods to be returned by %s.", ret.name)
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.picking",
            "res_id": ret.id,
            "view_mode": "form",
        }

    def action_factory_qc_inspections(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "factory_stock.factory_qc_inspection_action"
        )
        action.update(
            domain=[("picking_id", "=", self.id)],
            context={"create": False},
        )
        return action
