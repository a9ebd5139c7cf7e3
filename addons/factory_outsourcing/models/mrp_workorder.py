from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_is_zero, float_round

MONEY = "factory_stock.group_factory_cost"
WORKSHOP_SUPERVISOR = "factory_stock.group_workshop_supervisor"
# default code of the fee lines' service product
FEE_PRODUCT_CODE = "WX-01"


class MrpWorkorder(models.Model):
    """Work orders of an outsourced operation (委外工序): released to the
    subcontractor, booked by what comes back from it."""

    _inherit = "mrp.workorder"

    factory_subcontractor_id = fields.Many2one(
        "res.partner",
        string="Outsourced To",
        compute="_compute_factory_outsourcing_setup",
        store=True,
        readonly=False,
        domain="[('is_company', '=', True)]",
        help="The subcontractor this operation is released to (from the bill of "
        "materials' operation).",
    )
    factory_operation_fee = fields.Float(
        string="Outsourcing Fee per Unit",
        digits="Product Price",
        compute="_compute_factory_operation_fee",
        store=True,
        readonly=False,
        groups=MONEY,
    )
    factory_outsourcing_ids = fields.One2many(
        "factory.outsourcing.operation", "workorder_id", "Outsourcing Orders"
    )
    factory_outsourcing_receipt_ids = fields.One2many(
        "factory.outsourcing.operation.receipt", "workorder_id", "Outsourcing Receipts"
    )
    factory_at_subcontractor_qty = fields.Float(
        "At Subcontractor",
        digits="Product Unit of Measure",
        compute="_compute_factory_at_subcontractor_qty",
    )

    # two computes: a value given for one field on create must not keep the
    # other from being computed
    @api.depends("operation_id")
    def _compute_factory_outsourcing_setup(self):
        for workorder in self:
            workorder.factory_subcontractor_id = (
                workorder.operation_id.factory_subcontractor_id
            )

    @api.depends("operation_id")
    def _compute_factory_operation_fee(self):
        for workorder in self.sudo():
            workorder.factory_operation_fee = (
                workorder.operation_id.factory_operation_fee
            )

    @api.depends("factory_outsourcing_ids.qty_at_subcontractor")
    def _compute_factory_at_subcontractor_qty(self):
        for workorder in self:
            workorder.factory_at_subcontractor_qty = sum(
                workorder.sudo().factory_outsourcing_ids.mapped("qty_at_subcontractor")
            )

    # the receipts book the work order like production reports do
    @api.depends(
        "factory_report_ids.good_qty",
        "factory_report_ids.scrap_qty",
        "factory_report_ids.state",
        "factory_outsourcing_receipt_ids.qty_passed",
        "factory_outsourcing_receipt_ids.qty_scrap",
    )
    def _compute_factory_report_qty(self):
        return super()._compute_factory_report_qty()

    @api.constrains("factory_operation_fee")
    def _check_factory_operation_fee(self):
        for workorder in self.sudo():
            if workorder.factory_operation_fee < 0:
                raise ValidationError(
                    self.env._(
                        "The outsourcing fee of %(operation)s cannot be negative "
                        "(%(fee)s).",
                        operation=workorder.display_name,
                        fee=workorder.factory_operation_fee,
                    )
                )

    def write(self, vals):
        if {"factory_subcontractor_id", "factory_operation_fee"} & set(vals):
            released = self.sudo().filtered(
                lambda w: w.factory_outsourcing_ids.filtered(
                    lambda o: o.state != "cancel"
                )
            )
            if released:
                raise UserError(
                    self.env._(
                        "%s is released to its subcontractor: its subcontractor "
                        "and fee can no longer change.",
                        ", ".join(released.mapped("display_name")),
                    )
                )
        return super().write(vals)

    def _factory_report_totals(self):
        """Production reports plus, on outsourced operations, what came back
        from the subcontractor: passed is the good quantity, rejected the
        scrap (unless sent back for rework)."""
        totals = super()._factory_report_totals()
        ids = [wid for wid in self._origin.ids if wid]
        if not ids:
            return totals
        rows = (
            self.env["factory.outsourcing.operation.receipt"]
            .sudo()
            ._read_group(
                [("workorder_id", "in", ids)],
                ["workorder_id"],
                ["qty_passed:sum", "qty_scrap:sum"],
            )
        )
        for workorder, passed, rejected in rows:
            good, scrap = totals[workorder.id]
            totals[workorder.id] = (good + passed, scrap + rejected)
        return totals

    def _factory_report_operation(self, totals, current=False):
        res = super()._factory_report_operation(totals, current=current)
        res["at_subcontractor"] = self.factory_at_subcontractor_qty
        res["subcontractor"] = self.sudo().factory_subcontractor_id.display_name or ""
        return res

    # ------------------------------------------------------------------
    # release
    # ------------------------------------------------------------------

    def action_factory_outsource(self):
        """Workshop Supervisor: send this operation to its subcontractor."""
        self.ensure_one()
        operation = self._factory_outsource()
        return {
            "type": "ir.actions.act_window",
            "res_model": "factory.outsourcing.operation",
            "res_id": operation.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _factory_outsource(self):
        self.ensure_one()
        if not self.env.user.has_group(WORKSHOP_SUPERVISOR):
            raise AccessError(
                self.env._(
                    "Only Workshop Supervisors release operations to subcontractors."
                )
            )
        self.check_access("read")
        workorder = self.sudo()
        production = workorder.production_id
        partner = workorder.factory_subcontractor_id.commercial_partner_id
        if not partner:
            raise UserError(
                self.env._("%s is not an outsourced operation.", workorder.display_name)
            )
        self.env["factory.production.report"]._factory_lock_orders(production)
        self.env["factory.production.report"]._factory_check_outsourcing_open(workorder)
        location = partner.with_company(
            production.company_id
        ).property_stock_subcontractor
        if not location or location.factory_subcontractor_id != partner:
            raise UserError(
                self.env._(
                    "%s has no subcontracting location of its own: create it on the "
                    "subcontractor first.",
                    partner.display_name,
                )
            )
        qty = workorder._factory_qty_to_outsource()
        rounding = workorder.product_uom_id.rounding
        if float_is_zero(qty, precision_rounding=rounding) or qty < 0:
            raise UserError(
                self.env._(
                    "Nothing of %s can be sent: the previous operation has not "
                    "produced more than what was already sent.",
                    workorder.display_name,
                )
            )
        line = workorder._factory_create_fee_order(partner, qty)
        picking = workorder._factory_send_components(location, qty)
        operation = self.env["factory.outsourcing.operation"]._factory_create(
            [
                {
                    "company_id": production.company_id.id,
                    "workorder_id": workorder.id,
                    "production_id": production.id,
                    "partner_id": partner.id,
                    "location_id": location.id,
                    "qty": qty,
                    "fee": workorder.factory_operation_fee,
                    "purchase_line_id": line.id,
                    "picking_id": picking.id,
                    "released_by_id": self.env.uid,
                    "released_date": fields.Datetime.now(),
                }
            ]
        )
        line.sudo()._factory_link_operation(operation)
        production.sudo()._factory_set_operation_extra_cost()
        if workorder.state in ("pending", "waiting", "ready"):
            workorder.state = "progress"
        return operation

    def _factory_qty_to_outsource(self):
        """What the previous operations produced (the order's quantity for the
        first operation) less what was already sent."""
        self.ensure_one()
        totals = self._factory_report_totals_all()
        available = self._factory_report_limit(totals)[0]
        sent = sum(
            self.factory_outsourcing_ids.filtered(
                lambda o: o.state != "cancel" and not o.rework_of_id
            ).mapped("qty")
        )
        return float_round(
            available - sent, precision_rounding=self.product_uom_id.rounding
        )

    def _factory_report_totals_all(self):
        return self.production_id.workorder_ids._factory_report_totals()

    def _factory_create_fee_order(self, partner, qty):
        """The outsourcing order: one fee line of ``qty`` at the fee per
        unit, confirmed.

        sudo: a deliberate boundary, the Workshop Supervisor releasing the
        operation has no purchase rights; the order is made from the
        operation's own figures only."""
        production = self.production_id
        product = self._factory_fee_product()
        order = (
            self.env["purchase.order"]
            .sudo()
            .with_company(production.company_id)
            .create(
                {
                    "partner_id": partner.id,
                    "company_id": production.company_id.id,
                    "origin": production.name,
                    "user_id": self.env.uid,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "name": self.env._(
                                    "%(order)s: %(operation)s of %(product)s",
                                    order=production.name,
                                    operation=self.name,
                                    product=production.product_id.display_name,
                                ),
                                "product_qty": qty,
                                "product_uom": self.product_uom_id.id,
                                "price_unit": self.factory_operation_fee,
                                "taxes_id": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        order.button_confirm()
        return order.order_line

    @api.model
    def _factory_fee_product(self):
        """The service product of the fee lines (委外工序加工费), made on first
        use as system, named in the user's language (English kept as the
        source)."""
        Product = self.env["product.product"].sudo().with_context(active_test=False)
        product = Product.search(
            [("default_code", "=", FEE_PRODUCT_CODE), ("type", "=", "service")],
            limit=1,
        )
        if product:
            return product
        product = Product.create(
            {
                "name": self.env._("Operation Outsourcing Fee"),
                "default_code": FEE_PRODUCT_CODE,
                "type": "service",
                "purchase_ok": True,
                "sale_ok": False,
                "purchase_method": "receive",
                "company_id": False,
                "taxes_id": [Command.clear()],
                "supplier_taxes_id": [Command.clear()],
            }
        )
        if self.env.lang and self.env.lang != "en_US":
            product.product_tmpl_id.update_field_translations(
                "name", {"en_US": "Operation Outsourcing Fee"}
            )
        return product

    def _factory_component_moves(self):
        """The order's open component moves of this operation (bill of
        materials lines consumed in it)."""
        self.ensure_one()
        return self.production_id.move_raw_ids.filtered(
            lambda m: (
                m.operation_id == self.operation_id
                and m.state not in ("done", "cancel")
            )
        )

    def _factory_send_components(self, location, qty):
        """The transfer of the operation's components (their share of
        ``qty``) from the warehouse to the subcontractor's location; the
        order's component moves then consume there. Issued like any issue
        (scanned, no over-issue, no negative stock)."""
        production = self.production_id
        raw_moves = self._factory_component_moves()
        if not raw_moves:
            return self.env["stock.picking"]
        raw_moves.filtered(lambda m: m.location_id != location)._do_unreserve()
        raw_moves.filtered(lambda m: m.location_id != location).write(
            {"location_id": location.id, "procure_method": "make_to_order"}
        )
        warehouse = production.picking_type_id.warehouse_id
        picking_type = warehouse.subcontracting_resupply_type_id
        if not picking_type:
            raise UserError(
                self.env._(
                    "The warehouse %s has no resupply operation for subcontractors.",
                    warehouse.display_name,
                )
            )
        ratio = qty / production.product_qty if production.product_qty else 1.0
        source = warehouse.lot_stock_id
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "location_id": source.id,
                "location_dest_id": location.id,
                "partner_id": location.factory_subcontractor_id.id,
                "origin": production.name,
                "company_id": production.company_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": move.product_id.display_name,
                            "product_id": move.product_id.id,
                            "product_uom": move.product_uom.id,
                            "product_uom_qty": float_round(
                                move.product_uom_qty * ratio,
                                precision_rounding=move.product_uom.rounding,
                            ),
                            "location_id": source.id,
                            "location_dest_id": location.id,
                            "move_dest_ids": [Command.link(move.id)],
                            "company_id": production.company_id.id,
                        }
                    )
                    for move in raw_moves
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        raw_moves._action_assign()
        return picking
