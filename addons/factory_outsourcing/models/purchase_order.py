from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    factory_is_outsourcing = fields.Boolean(
        string="Outsourcing Order",
        compute="_compute_factory_is_outsourcing",
        search="_search_factory_is_outsourcing",
        help="An order of a product the vendor makes for us on a subcontract bill "
        "of materials (委外加工): its unit price is the processing fee.",
    )
    factory_currency_symbol = fields.Char(
        related="currency_id.symbol",
        string="Currency Symbol",
        help="The currency as the amounts show it (¥), not its ISO code.",
    )

    @api.depends(
        "order_line.product_id", "partner_id", "order_line.factory_outsourcing_id"
    )
    def _compute_factory_is_outsourcing(self):
        boms = self.env["mrp.bom"].search(
            [
                ("type", "=", "subcontract"),
                (
                    "product_tmpl_id",
                    "in",
                    self.order_line.product_id.product_tmpl_id.ids,
                ),
            ]
        )
        partners_by_tmpl = {}
        for bom in boms:
            partners_by_tmpl.setdefault(bom.product_tmpl_id, set()).update(
                bom.subcontractor_ids.ids
            )
        for order in self:
            vendor = order.partner_id.commercial_partner_id.id
            order.factory_is_outsourcing = bool(
                order.order_line.factory_outsourcing_id
            ) or any(
                vendor in partners_by_tmpl.get(tmpl, ())
                or order.partner_id.id in partners_by_tmpl.get(tmpl, ())
                for tmpl in order.order_line.product_id.product_tmpl_id
            )

    def _search_factory_is_outsourcing(self, operator, value):
        if operator not in ("=", "!="):
            return []
        positive = (operator == "=") == bool(value)
        rows = self.env.execute_query(
            SQL(
                """
            SELECT DISTINCT pol.order_id
              FROM purchase_order_line pol
              JOIN purchase_order po ON po.id = pol.order_id
              JOIN res_partner vendor ON vendor.id = po.partner_id
              JOIN product_product pp ON pp.id = pol.product_id
              JOIN mrp_bom bom ON bom.product_tmpl_id = pp.product_tmpl_id
                              AND bom.type = 'subcontract' AND bom.active
              JOIN mrp_bom_subcontractor rel ON rel.mrp_bom_id = bom.id
             WHERE rel.res_partner_id IN (vendor.id, vendor.commercial_partner_id)
             UNION
            SELECT order_id FROM purchase_order_line
             WHERE factory_outsourcing_id IS NOT NULL
                """
            )
        )
        ids = [row[0] for row in rows]
        return [("id", "in" if positive else "not in", ids)]


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    factory_outsourcing_id = fields.Many2one(
        "factory.outsourcing.operation",
        string="Outsourced Operation",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The operation outsourcing order (委外工序) whose fee this line is.",
    )
    factory_workorder_id = fields.Many2one(
        related="factory_outsourcing_id.workorder_id", string="Work Order"
    )

    def write(self, vals):
        if "factory_outsourcing_id" in vals and not self.env.su:
            raise UserError(
                self.env._(
                    "The outsourced operation of an order line is set by the "
                    "operation's release only."
                )
            )
        if self.env.su or not self.filtered("factory_outsourcing_id"):
            return super().write(vals)
        # the fee line of a released operation: its quantity, fee and
        # received quantity follow the operation order
        locked = {
            "product_id",
            "product_qty",
            "price_unit",
            "qty_received",
            "qty_received_manual",
            "product_uom",
        } & set(vals)
        if locked:
            raise UserError(
                self.env._(
                    "The fee line of an outsourced operation follows its "
                    "operation order (quantity, fee, received): change that "
                    "order instead."
                )
            )
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(
            vals.get("factory_outsourcing_id") for vals in vals_list
        ):
            raise UserError(
                self.env._(
                    "The outsourced operation of an order line is set by the "
                    "operation's release only."
                )
            )
        return super().create(vals_list)

    def _factory_link_operation(self, operation):
        """Model code only (superuser): link the fee line to its operation
        order."""
        self.ensure_one()
        self.sudo().write({"factory_outsourcing_id": operation.id})

    @api.constrains("price_unit", "product_id")
    def _check_factory_outsourcing_fee(self):
        for line in self.filtered(lambda pol: pol.price_unit < 0):
            if line.order_id.factory_is_outsourcing:
                raise ValidationError(
                    self.env._(
                        "The processing fee of %(product)s on %(order)s cannot be "
                        "negative (%(fee)s).",
                        product=line.product_id.display_name,
                        order=line.order_id.name,
                        fee=line.price_unit,
                    )
                )
