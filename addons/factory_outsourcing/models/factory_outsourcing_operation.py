"""Operation outsourcing (委外工序).

A work order whose operation is done by a subcontractor is *released* to it
by a Workshop Supervisor: one outsourcing operation order records the
quantity sent, the fee per unit, the purchase order (a fee line linked to
the work order, so it is an outsourcing order like the others and reaches
the statements) and the transfer of the components the operation consumes
to the subcontractor's own location. The order's component moves of that
operation then consume from that location: they leave it through Odoo's own
moves when the manufacturing order is produced, so the subcontractor's
material balance stays equal to its quants.

What comes back is received on the order (quantity passed and rejected).
The receipts book the work order (its good quantity is what passed), so the
next operation can report only what passed."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare, float_is_zero

from odoo.addons.factory_mrp.models.factory_production_report import _number

MONEY = "factory_stock.group_factory_cost"
WORKSHOP_SUPERVISOR = "factory_stock.group_workshop_supervisor"
RECEIVERS = (
    "factory_stock.group_workshop_supervisor",
    "factory_stock.group_warehouse_clerk",
    "stock.group_stock_manager",
)


class FactoryOutsourcingOperation(models.Model):
    _name = "factory.outsourcing.operation"
    _inherit = ["mail.thread", "factory.protected.mixin"]
    _description = "Operation Outsourcing Order"
    _order = "id desc"
    _check_company_auto = True
    # see factory.protected.mixin: written by the release and the receipts
    _factory_protected_fields = (
        "name",
        "state",
        "company_id",
        "workorder_id",
        "production_id",
        "partner_id",
        "location_id",
        "qty",
        "fee",
        "purchase_line_id",
        "picking_id",
        "released_by_id",
        "released_date",
        "receipt_ids",
        "rework_of_id",
    )

    name = fields.Char("Reference", required=True, readonly=True, default="/")
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda s: s.env.company
    )
    workorder_id = fields.Many2one(
        "mrp.workorder",
        "Operation",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    production_id = fields.Many2one(
        "mrp.production",
        "Manufacturing Order",
        required=True,
        readonly=True,
        index=True,
        check_company=True,
    )
    product_id = fields.Many2one(related="production_id.product_id")
    uom_id = fields.Many2one(related="workorder_id.product_uom_id", string="Unit")
    partner_id = fields.Many2one(
        "res.partner", "Subcontractor", required=True, readonly=True, index=True
    )
    location_id = fields.Many2one(
        "stock.location", "Subcontracting Location", required=True, readonly=True
    )
    state = fields.Selection(
        [
            ("released", "At Subcontractor"),
            ("done", "Returned"),
            ("cancel", "Cancelled"),
        ],
        default="released",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    qty = fields.Float("Quantity Sent", digits="Product Unit of Measure", readonly=True)
    fee = fields.Float(
        "Fee per Unit", digits="Product Price", readonly=True, groups=MONEY
    )
    purchase_line_id = fields.Many2one(
        "purchase.order.line", "Fee Line", readonly=True, index=True
    )
    purchase_id = fields.Many2one(
        related="purchase_line_id.order_id", string="Outsourcing Order", store=True
    )
    picking_id = fields.Many2one(
        "stock.picking", "Components Transfer", readonly=True, index=True
    )
    released_by_id = fields.Many2one("res.users", "Released By", readonly=True)
    released_date = fields.Datetime("Released On", readonly=True)
    rework_of_id = fields.Many2one(
        "factory.outsourcing.operation.receipt",
        "Rework Of",
        readonly=True,
        index="btree_not_null",
        help="A rework order (返工) sends rejected goods of this receipt back to "
        "the subcontractor, without a second fee.",
    )
    receipt_ids = fields.One2many(
        "factory.outsourcing.operation.receipt",
        "operation_id",
        "Receipts",
        readonly=True,
    )
    qty_passed = fields.Float(
        "Passed",
        digits="Product Unit of Measure",
        compute="_compute_qty_back",
        store=True,
    )
    qty_rejected = fields.Float(
        "Rejected",
        digits="Product Unit of Measure",
        compute="_compute_qty_back",
        store=True,
    )
    qty_at_subcontractor = fields.Float(
        "At Subcontractor",
        digits="Product Unit of Measure",
        compute="_compute_qty_back",
        store=True,
        help="Sent and not back yet.",
    )
    note = fields.Text("Notes")

    @api.depends("qty", "state", "receipt_ids.qty_passed", "receipt_ids.qty_rejected")
    def _compute_qty_back(self):
        for operation in self:
            passed = sum(operation.receipt_ids.mapped("qty_passed"))
            rejected = sum(operation.receipt_ids.mapped("qty_rejected"))
            operation.qty_passed = passed
            operation.qty_rejected = rejected
            operation.qty_at_subcontractor = (
                0.0
                if operation.state == "cancel"
                else max(operation._factory_qty_can_return() - passed - rejected, 0.0)
            )

    def _factory_qty_can_return(self):
        """What can come back in total (the quantity sent; extended by
        rework)."""
        self.ensure_one()
        return self.qty

    @api.model_create_multi
    def create(self, vals_list):
        sequence = self.env["ir.sequence"]
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = sequence.next_by_code(
                    "factory.outsourcing.operation"
                ) or self.env._("New")
        return super().create(vals_list)

    # ------------------------------------------------------------------
    # receipt
    # ------------------------------------------------------------------

    def _factory_check_receiver(self):
        user = self.env.user
        if not any(user.has_group(group) for group in RECEIVERS):
            raise AccessError(
                self.env._(
                    "Only Workshop Supervisors and Warehouse Clerks receive "
                    "outsourced operations."
                )
            )

    def action_factory_receive(self, qty_passed=0.0, qty_rejected=0.0, note=False):
        """Record what came back: the quantity passed (booked on the work
        order) and rejected. More than is still at the subcontractor is
        refused."""
        self.ensure_one()
        self._factory_check_receiver()
        self.check_access("read")
        try:
            passed = _number(qty_passed or 0.0)
            rejected = _number(qty_rejected or 0.0)
        except (TypeError, ValueError) as error:
            raise UserError(self.env._("Quantities must be numbers.")) from error
        rounding = self.uom_id.rounding or 0.01
        if passed < 0 or rejected < 0:
            raise UserError(self.env._("Quantities cannot be negative."))
        if float_is_zero(passed + rejected, precision_rounding=rounding):
            raise UserError(self.env._("Enter the quantity passed or rejected."))
        # one receipt at a time per order (see the production reports' lock)
        self.env["factory.production.report"]._factory_lock_orders(self.production_id)
        if self.state != "released":
            raise UserError(
                self.env._("%s is not at the subcontractor any more.", self.name)
            )
        self.invalidate_recordset(["qty_at_subcontractor"])
        outstanding = self.qty_at_subcontractor
        if (
            float_compare(passed + rejected, outstanding, precision_rounding=rounding)
            > 0
        ):
            raise UserError(
                self.env._(
                    "%(order)s: %(qty)s %(uom)s cannot come back, only %(left)s "
                    "%(uom)s are still at %(partner)s.",
                    order=self.name,
                    qty=passed + rejected,
                    uom=self.uom_id.name,
                    left=outstanding,
                    partner=self.partner_id.display_name,
                )
            )
        receipt = self.env["factory.outsourcing.operation.receipt"]._factory_create(
            [
                {
                    "operation_id": self.id,
                    "qty_passed": passed,
                    "qty_rejected": rejected,
                    "received_by_id": self.env.uid,
                    "date": fields.Datetime.now(),
                    "note": note or False,
                }
            ]
        )
        self._factory_after_receipt()
        return receipt

    def _factory_after_receipt(self):
        """Book the receipts: the fee line's received quantity (what passed),
        the work order's quantities, the order's state."""
        for operation in self:
            operation.invalidate_recordset(
                ["qty_passed", "qty_rejected", "qty_at_subcontractor"]
            )
            # sudo: the receiver has no purchase rights; the fee line is the
            # operation's own document, only its received quantity changes
            line = operation.sudo().purchase_line_id
            if line and float_compare(
                line.qty_received,
                operation.qty_passed,
                precision_rounding=line.product_uom.rounding,
            ):
                line.qty_received = operation.qty_passed
            if float_is_zero(
                operation.qty_at_subcontractor,
                precision_rounding=operation.uom_id.rounding or 0.01,
            ):
                # sudo: a Warehouse Clerk receives but does not edit the
                # order; its state follows its receipts
                operation.sudo()._factory_write({"state": "done"})
        # sudo: booking the work order is the receipt's right (a clerk has no
        # manufacturing rights)
        self.workorder_id.sudo()._factory_sync_reports()

    def action_open_receive(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Receive %s", self.name),
            "res_model": "factory.outsourcing.operation.receive",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_operation_id": self.id},
        }


class FactoryOutsourcingOperationReceipt(models.Model):
    """What came back from the subcontractor for an outsourced operation
    (回收): quantity passed and rejected. Written by the order's receipt
    only."""

    _name = "factory.outsourcing.operation.receipt"
    _inherit = ["factory.protected.mixin"]
    _description = "Operation Outsourcing Receipt"
    _order = "date, id"
    _factory_protected_fields = (
        "operation_id",
        "qty_passed",
        "qty_rejected",
        "received_by_id",
        "date",
    )

    operation_id = fields.Many2one(
        "factory.outsourcing.operation",
        "Outsourcing Order",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="operation_id.company_id", store=True)
    workorder_id = fields.Many2one(
        related="operation_id.workorder_id", store=True, index=True
    )
    production_id = fields.Many2one(related="operation_id.production_id", store=True)
    partner_id = fields.Many2one(related="operation_id.partner_id", store=True)
    date = fields.Datetime("Received On", readonly=True)
    qty_passed = fields.Float("Passed", digits="Product Unit of Measure", readonly=True)
    qty_rejected = fields.Float(
        "Rejected", digits="Product Unit of Measure", readonly=True
    )
    rework_ids = fields.One2many(
        "factory.outsourcing.operation", "rework_of_id", "Rework Orders", readonly=True
    )
    charge_ids = fields.One2many(
        "factory.outsourcing.charge", "operation_receipt_id", "Charges", readonly=True
    )
    qty_reworked = fields.Float(
        "Sent for Rework",
        digits="Product Unit of Measure",
        compute="_compute_qty_scrap",
        store=True,
    )
    qty_charged = fields.Float(
        "Scrapped and Charged",
        digits="Product Unit of Measure",
        compute="_compute_qty_scrap",
        store=True,
    )
    qty_scrap = fields.Float(
        "Rejected Not Reworked",
        digits="Product Unit of Measure",
        compute="_compute_qty_scrap",
        store=True,
        help="Rejected and not sent back for rework: the operation's scrap.",
    )
    qty_undecided = fields.Float(
        "Rejected, Undecided",
        digits="Product Unit of Measure",
        compute="_compute_qty_scrap",
        store=True,
        help="Rejected and neither sent for rework nor scrapped and charged yet.",
    )
    received_by_id = fields.Many2one("res.users", "Received By", readonly=True)
    note = fields.Char("Notes")

    @api.depends(
        "qty_rejected",
        "rework_ids.qty",
        "rework_ids.state",
        "charge_ids.quantity",
        "charge_ids.kind",
    )
    def _compute_qty_scrap(self):
        for receipt in self:
            reworked = sum(
                receipt.rework_ids.filtered(lambda o: o.state != "cancel").mapped("qty")
            )
            charged = sum(
                receipt.charge_ids.filtered(lambda c: c.kind == "reject").mapped(
                    "quantity"
                )
            )
            receipt.qty_reworked = reworked
            receipt.qty_charged = charged
            receipt.qty_scrap = receipt.qty_rejected - reworked
            receipt.qty_undecided = receipt.qty_rejected - reworked - charged

    def _factory_check_decision(self, qty):
        """Who decides on rejected goods (a Workshop Supervisor) and how many
        are still undecided."""
        self.ensure_one()
        if not self.env.user.has_group(WORKSHOP_SUPERVISOR):
            raise AccessError(
                self.env._(
                    "Only Workshop Supervisors send rejected goods for rework or "
                    "scrap them."
                )
            )
        self.check_access("read")
        receipt = self.sudo()
        self.env["factory.production.report"]._factory_lock_orders(
            receipt.production_id
        )
        receipt.invalidate_recordset(["qty_undecided"])
        undecided = receipt.qty_undecided
        try:
            qty = undecided if qty is None else _number(qty)
        except (TypeError, ValueError) as error:
            raise UserError(self.env._("Quantities must be numbers.")) from error
        rounding = receipt.operation_id.uom_id.rounding or 0.01
        if float_compare(qty, 0.0, precision_rounding=rounding) <= 0 or (
            float_compare(qty, undecided, precision_rounding=rounding) > 0
        ):
            raise UserError(
                self.env._(
                    "%(qty)s cannot be decided on: %(left)s rejected of this "
                    "receipt are neither reworked nor scrapped yet.",
                    qty=qty,
                    left=undecided,
                )
            )
        return receipt, qty

    def action_factory_rework(self, qty=None):
        """Send rejected goods back to the subcontractor for rework (返工):
        a rework order of the same operation, without a fee."""
        receipt, qty = self._factory_check_decision(qty)
        operation = receipt.operation_id
        rework = (
            self.env["factory.outsourcing.operation"]
            .sudo()
            ._factory_create(
                [
                    {
                        "company_id": operation.company_id.id,
                        "workorder_id": operation.workorder_id.id,
                        "production_id": operation.production_id.id,
                        "partner_id": operation.partner_id.id,
                        "location_id": operation.location_id.id,
                        "qty": qty,
                        "fee": 0.0,
                        "rework_of_id": receipt.id,
                        "released_by_id": self.env.uid,
                        "released_date": fields.Datetime.now(),
                    }
                ]
            )
        )
        rework.message_post(
            body=self.env._(
                "Rework of %(qty)s rejected by %(order)s, without a fee.",
                qty=qty,
                order=operation.name,
            )
        )
        operation.workorder_id._factory_sync_reports()
        return rework.sudo(False)

    def action_factory_scrap_charge(self, qty=None):
        """Scrap rejected goods and charge them to the subcontractor at the
        order's component cost per unit (a deduction on its statement)."""
        receipt, qty = self._factory_check_decision(qty)
        operation = receipt.operation_id
        production = operation.production_id
        charge = self.env["factory.outsourcing.charge"]._factory_charge(
            [
                {
                    "company_id": operation.company_id.id,
                    "partner_id": operation.partner_id.id,
                    "kind": "reject",
                    "date": fields.Datetime.now(),
                    "name": self.env._(
                        "%(order)s: %(qty)s %(product)s rejected and scrapped",
                        order=operation.name,
                        qty=qty,
                        product=production.product_id.display_name,
                    ),
                    "product_id": production.product_id.id,
                    "quantity": qty,
                    "unit_cost": production._factory_component_unit_cost(),
                    "operation_receipt_id": receipt.id,
                    "production_id": production.id,
                }
            ]
        )
        receipt.invalidate_recordset(["qty_charged", "qty_undecided"])
        return charge

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not self._factory_is_trusted_writer():
            raise UserError(self.env._("A receipt of an outsourced operation stays."))
