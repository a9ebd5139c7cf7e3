from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare, float_is_zero

from .factory_input import factory_clean_vals
from .factory_protected import factory_protected_writer

QTY_FIELDS = ("sample_size", "qty_passed", "qty_rejected")


class FactoryQcInspection(models.Model):
    """Incoming inspection (来料检验) of one received line and lot.

    Created when a receipt that needs inspection is validated (its goods are
    then in the warehouse's quarantine location); recorded by a QC inspector;
    confirmed, with the other inspections of the receipt, by a warehouse
    supervisor, which moves passed quantities to stock and rejected ones to
    the rejected-goods location through Odoo transfers.
    """

    _name = "factory.qc.inspection"
    _description = "Incoming Inspection"
    _inherit = ["mail.thread", "mail.activity.mixin", "factory.protected.mixin"]
    _order = "id desc"
    _check_company_auto = True
    # set from the validated receipt line and by the inspect / reset /
    # confirm actions only (see factory.protected.mixin)
    _factory_protected_fields = (
        "name",
        "state",
        "picking_id",
        "move_line_id",
        "warehouse_id",
        "partner_id",
        "product_id",
        "lot_id",
        "product_uom_id",
        "location_id",
        "qty_received",
        "received_by_id",
        "inspector_id",
        "inspected_on",
        "confirmed_by_id",
        "confirmed_on",
        # stored related / computed: follow the receipt and the quantities
        "company_id",
        "result",
    )

    name = fields.Char(
        "Reference", required=True, readonly=True, copy=False, default="/", index=True
    )
    state = fields.Selection(
        [
            ("todo", "To Inspect"),
            ("inspected", "Inspected"),
            ("confirmed", "Confirmed"),
            ("cancel", "Cancelled"),
        ],
        default="todo",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    picking_id = fields.Many2one(
        "stock.picking",
        "Receipt",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    move_line_id = fields.Many2one("stock.move.line", "Received Line", readonly=True)
    company_id = fields.Many2one(
        related="picking_id.company_id", store=True, index=True
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse", required=True, readonly=True, index=True
    )
    partner_id = fields.Many2one("res.partner", "Supplier", readonly=True, index=True)
    product_id = fields.Many2one(
        "product.product", "Material", required=True, readonly=True, index=True
    )
    lot_id = fields.Many2one("stock.lot", "Lot/Serial", readonly=True)
    product_uom_id = fields.Many2one("uom.uom", "Unit", required=True, readonly=True)
    location_id = fields.Many2one("stock.location", "Quarantine", readonly=True)
    qty_received = fields.Float(
        "Received", digits="Product Unit of Measure", readonly=True
    )
    sample_size = fields.Float(
        "Sample Size", digits="Product Unit of Measure", tracking=True
    )
    qty_passed = fields.Float("Passed", digits="Product Unit of Measure", tracking=True)
    qty_rejected = fields.Float(
        "Rejected", digits="Product Unit of Measure", tracking=True
    )
    defect_reason_id = fields.Many2one(
        "factory.defect.reason", "Defect Reason", tracking=True
    )
    notes = fields.Text()
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "factory_qc_inspection_attachment_rel",
        "inspection_id",
        "attachment_id",
        string="Photos",
    )
    result = fields.Selection(
        [("pass", "Passed"), ("partial", "Partly Rejected"), ("reject", "Rejected")],
        compute="_compute_result",
        store=True,
    )
    received_by_id = fields.Many2one(
        "res.users", "Received By", readonly=True, copy=False
    )
    inspector_id = fields.Many2one("res.users", "Inspector", readonly=True, copy=False)
    inspected_on = fields.Datetime("Inspected On", readonly=True, copy=False)
    confirmed_by_id = fields.Many2one(
        "res.users", "Confirmed By", readonly=True, copy=False
    )
    confirmed_on = fields.Datetime("Confirmed On", readonly=True, copy=False)

    @api.depends("state", "qty_passed", "qty_rejected")
    def _compute_result(self):
        for inspection in self:
            if inspection.state not in ("inspected", "confirmed"):
                inspection.result = False
            elif float_is_zero(
                inspection.qty_rejected,
                precision_rounding=inspection.product_uom_id.rounding,
            ):
                inspection.result = "pass"
            elif float_is_zero(
                inspection.qty_passed,
                precision_rounding=inspection.product_uom_id.rounding,
            ):
                inspection.result = "reject"
            else:
                inspection.result = "partial"

    @api.constrains("sample_size", "qty_passed", "qty_rejected")
    def _check_quantities(self):
        for inspection in self:
            if any(inspection[f] < 0 for f in QTY_FIELDS):
                raise ValidationError(
                    self.env._("Inspection quantities cannot be negative.")
                )
            rounding = inspection.product_uom_id.rounding
            if (
                float_compare(
                    inspection.sample_size,
                    inspection.qty_received,
                    precision_rounding=rounding,
                )
                > 0
            ):
                raise ValidationError(
                    self.env._(
                        "The sample size of %(ref)s (%(sample)s) exceeds the "
                        "received quantity (%(qty)s).",
                        ref=inspection.name,
                        sample=inspection.sample_size,
                        qty=inspection.qty_received,
                    )
                )

    # CRUD ------------------------------------------------------------------
    def _check_input(self, vals):
        """Refuse, with a clear message, what the ORM would turn into a crash:
        non-numeric quantities and unknown defect reasons."""
        for fname in QTY_FIELDS:
            if fname in vals and (
                isinstance(vals[fname], bool)
                or not isinstance(vals[fname], (int, float))
            ):
                raise ValidationError(
                    self.env._(
                        "%(field)s must be a number, not %(value)r.",
                        field=self._fields[fname].get_description(self.env)["string"],
                        value=vals[fname],
                    )
                )
        reason_id = vals.get("defect_reason_id")
        if reason_id:
            reason = self.env["factory.defect.reason"].browse(reason_id)
            if (
                not isinstance(reason_id, int)
                or not reason.exists()
                or not reason.active
            ):
                raise ValidationError(
                    self.env._("Unknown defect reason: %s.", reason_id)
                )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [factory_clean_vals(self, vals) for vals in vals_list]
        for vals in vals_list:
            self._check_input(vals)
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("factory.qc.inspection") or "/"
                )
        return super().create(vals_list)

    def write(self, vals):
        self._factory_check_write(vals)  # a forged field is refused as such
        vals = factory_clean_vals(self, vals)
        self._check_input(vals)
        if set(vals) & {*QTY_FIELDS, "defect_reason_id"} and self.filtered(
            lambda i: i.state != "todo"
        ):
            raise UserError(
                self.env._(
                    "Only inspections still to inspect can be changed; reset the "
                    "inspection first."
                )
            )
        return super().write(vals)

    # actions -----------------------------------------------------------------
    def _check_segregation(self, step):
        user = self.env.user
        for inspection in self:
            if (
                inspection.company_id.factory_qc_segregation
                and inspection.received_by_id == user
            ):
                raise UserError(
                    self.env._(
                        "%(user)s received %(receipt)s and therefore cannot %(step)s "
                        "it (segregation of duties).",
                        user=user.name,
                        receipt=inspection.picking_id.name,
                        step=step,
                    )
                )

    def action_record_result(self):
        """QC inspector: open the entry of the result (sample, passed,
        rejected, defect reason), filled with what is already entered."""
        self.ensure_one()
        if not self.env.user.has_group("factory_stock.group_qc_inspector"):
            raise AccessError(self.env._("Only QC inspectors can record inspections."))
        if self.state != "todo":
            raise UserError(self.env._("%s has already been inspected.", self.name))
        self._check_segregation(self.env._("inspect"))
        passed = self.qty_passed
        if float_is_zero(
            passed + self.qty_rejected, precision_rounding=self.product_uom_id.rounding
        ):
            passed = self.qty_received
        entry = self.env["factory.qc.inspection.record"].create(
            {
                "inspection_id": self.id,
                "sample_size": self.sample_size,
                "qty_passed": passed,
                "qty_rejected": self.qty_rejected,
                "defect_reason_id": self.defect_reason_id.id,
                "notes": self.notes or False,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record Result of %s", self.name),
            "res_model": entry._name,
            "res_id": entry.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }

    def action_inspect(self):
        """QC inspector: record the result of the inspection."""
        if not self.env.user.has_group("factory_stock.group_qc_inspector"):
            raise AccessError(self.env._("Only QC inspectors can record inspections."))
        self._check_segregation(self.env._("inspect"))
        for inspection in self:
            if inspection.state != "todo":
                raise UserError(
                    self.env._("%s has already been inspected.", inspection.name)
                )
            rounding = inspection.product_uom_id.rounding
            total = inspection.qty_passed + inspection.qty_rejected
            if float_compare(
                total, inspection.qty_received, precision_rounding=rounding
            ):
                raise UserError(
                    self.env._(
                        "%(ref)s: passed (%(passed)s) plus rejected (%(rejected)s) "
                        "must equal the inspected quantity (%(qty)s).",
                        ref=inspection.name,
                        passed=inspection.qty_passed,
                        rejected=inspection.qty_rejected,
                        qty=inspection.qty_received,
                    )
                )
            if (
                not float_is_zero(inspection.qty_rejected, precision_rounding=rounding)
                and not inspection.defect_reason_id
            ):
                raise UserError(
                    self.env._(
                        "%s: give the defect reason of the rejected quantity.",
                        inspection.name,
                    )
                )
        self._factory_write(
            {
                "state": "inspected",
                "inspector_id": self.env.user.id,
                "inspected_on": fields.Datetime.now(),
            }
        )
        for picking in self.picking_id:
            done = self.filtered(lambda i, p=picking: i.picking_id == p)
            picking.message_post(
                body=self.env._(
                    "Inspected by %(user)s: %(lines)s",
                    user=self.env.user.name,
                    lines=", ".join(
                        f"{i.product_id.display_name}"
                        f"{' / ' + i.lot_id.name if i.lot_id else ''}: "
                        f"{i.qty_passed:g} / {i.qty_rejected:g}"
                        for i in done
                    ),
                )
            )
        return True

    def action_reset(self):
        """Back to 'to inspect' (before the supervisor confirms)."""
        if not self.env.user.has_group("factory_stock.group_qc_inspector"):
            raise AccessError(self.env._("Only QC inspectors can reset inspections."))
        if self.filtered(lambda i: i.state != "inspected"):
            raise UserError(
                self.env._("Only inspected, unconfirmed inspections can be reset.")
            )
        self._factory_write(
            {"state": "todo", "inspector_id": False, "inspected_on": False}
        )
        return True

    def _confirm(self):
        """Warehouse supervisor: move passed quantities to stock and rejected
        ones to the rejected-goods location, through validated transfers."""
        if not self.env.user.has_group("factory_stock.group_warehouse_supervisor"):
            raise AccessError(
                self.env._("Only warehouse supervisors can confirm inspections.")
            )
        self._check_segregation(self.env._("confirm"))
        pending = self.filtered(lambda i: i.state == "todo")
        if pending:
            raise UserError(
                self.env._(
                    "Inspect these lines first: %s",
                    ", ".join(pending.mapped("name")),
                )
            )
        todo = self.filtered(lambda i: i.state == "inspected")
        transfers = self.env["stock.picking"]
        for warehouse in todo.warehouse_id:
            batch = todo.filtered(lambda i, w=warehouse: i.warehouse_id == w)
            transfers |= batch._create_transfer("qty_passed", warehouse.lot_stock_id)
            transfers |= batch._create_transfer(
                "qty_rejected", warehouse.factory_reject_location_id
            )
        todo._factory_write(
            {
                "state": "confirmed",
                "confirmed_by_id": self.env.user.id,
                "confirmed_on": fields.Datetime.now(),
            }
        )
        return transfers

    def _create_transfer(self, qty_field, destination):
        """One validated internal transfer from quarantine to ``destination``
        with the ``qty_field`` quantity of each inspection (lots kept)."""
        lines = self.filtered(
            lambda i: (
                not float_is_zero(
                    i[qty_field], precision_rounding=i.product_uom_id.rounding
                )
            )
        )
        if not lines:
            return self.env["stock.picking"]
        warehouse = lines.warehouse_id
        # the moves are linked to the inspections that release them
        with factory_protected_writer("stock.move"):
            picking = self.env["stock.picking"].create(
                {
                    "picking_type_id": warehouse.int_type_id.id,
                    "location_id": lines[0].location_id.id,
                    "location_dest_id": destination.id,
                    "origin": ", ".join(lines.picking_id.mapped("name")),
                    "move_ids": [
                        Command.create(
                            {
                                "name": line.name,
                                "product_id": line.product_id.id,
                                "product_uom": line.product_uom_id.id,
                                "product_uom_qty": line[qty_field],
                                "location_id": line.location_id.id,
                                "location_dest_id": destination.id,
                                "factory_qc_inspection_id": line.id,
                            }
                        )
                        for line in lines
                    ],
                }
            )
        picking.action_confirm()
        lines._set_lot_lines(picking, qty_field, picked=True)
        picking.move_ids.picked = True
        picking._action_done()
        return picking

    def _set_lot_lines(self, picking, qty_field, picked=False):
        """Replace what Odoo reserved on ``picking`` (one move per inspection
        of ``self``, in the same order) by the inspected lots and the
        ``qty_field`` quantities."""
        picking.move_ids.move_line_ids.unlink()
        self.env["stock.move.line"].create(
            [
                {
                    "move_id": move.id,
                    "picking_id": picking.id,
                    "product_id": inspection.product_id.id,
                    "lot_id": inspection.lot_id.id,
                    "quantity": inspection[qty_field],
                    "product_uom_id": inspection.product_uom_id.id,
                    "location_id": move.location_id.id,
                    "location_dest_id": move.location_dest_id.id,
                    "picked": picked,
                }
                for move, inspection in zip(picking.move_ids, self, strict=True)
            ]
        )
