"""Purchase requests (采购申请) of low-stock rules: draft requests for
quotation, one per main vendor and warehouse, for the quantity that brings
the material up to its maximum stock minus what is already on order.

Draft RFQs rather than OCA's purchase_request: the purchaser confirms them in
Odoo's own Purchase app, and Odoo's reorder rules count them as on order, so
the two never order twice. No second request is drafted for a material and
warehouse while one of its RFQs is still open (draft, sent, to approve).
"""

from collections import defaultdict

from odoo import Command, fields, models
from odoo.tools import SQL, float_compare

RFQ_STATES = ("draft", "sent", "to approve")
ORDER_STATES = (*RFQ_STATES, "purchase")


class FactoryAlertRule(models.Model):
    _inherit = "factory.alert.rule"

    create_rfq = fields.Boolean(
        "Draft Requests for Quotation",
        help="Low stock: draft a request for quotation to the material's main "
        "vendor for the quantity up to its maximum stock, minus what is on "
        "order; none while one is open for the material and warehouse.",
    )

    def _factory_on_order(self, products, warehouses):
        """{(product id, warehouse id): (quantity still to receive, an RFQ is
        open)} over every open purchase line of these materials, in one query
        (in the material's unit)."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT l.product_id, t.warehouse_id,
                       SUM(CASE WHEN l.product_qty > 0
                                THEN l.product_uom_qty * GREATEST(
                                    1 - l.qty_received / l.product_qty, 0)
                                ELSE 0 END) AS qty,
                       BOOL_OR(o.state IN %(rfq)s) AS rfq_open
                  FROM purchase_order_line l
                  JOIN purchase_order o ON o.id = l.order_id
                  JOIN stock_picking_type t ON t.id = o.picking_type_id
                 WHERE o.state IN %(states)s AND l.product_id IN %(products)s
                   AND t.warehouse_id IN %(warehouses)s
                 GROUP BY l.product_id, t.warehouse_id
                """,
                rfq=RFQ_STATES,
                states=ORDER_STATES,
                products=tuple(products.ids) or (0,),
                warehouses=tuple(warehouses.ids) or (0,),
            )
        )
        return {(p, w): (qty, rfq) for p, w, qty, rfq in self.env.cr.fetchall()}

    def _factory_draft_rfqs(self, alerts):
        """Draft RFQs for these open low-stock alerts; returns the orders."""
        self.ensure_one()
        if not (self.create_rfq and self.rule_type == "below_safety" and alerts):
            return self.env["purchase.order"]
        on_order = self._factory_on_order(alerts.product_id, alerts.warehouse_id)
        maximum = {
            (p.id, w.id): qty
            for p, w, qty in self.env["stock.warehouse.orderpoint"]._read_group(
                [
                    ("product_id", "in", alerts.product_id.ids),
                    ("warehouse_id", "in", alerts.warehouse_id.ids),
                ],
                ["product_id", "warehouse_id"],
                ["product_max_qty:sum"],
            )
        }
        groups = defaultdict(list)  # (vendor, warehouse) → [(alert, qty)]
        no_vendor = self.env["factory.alert"]
        for alert in alerts:
            key = (alert.product_id.id, alert.warehouse_id.id)
            ordered, rfq_open = on_order.get(key, (0.0, False))
            if rfq_open:
                continue
            qty = maximum.get(key, 0.0) - alert.qty - ordered
            rounding = alert.product_id.uom_id.rounding
            if float_compare(qty, 0.0, precision_rounding=rounding) <= 0:
                continue
            seller = (
                alert.product_id._select_seller(
                    quantity=qty, uom_id=alert.product_id.uom_id
                )
                or alert.product_id.seller_ids[:1]
            )
            if not seller:
                no_vendor |= alert
                continue
            groups[(seller.partner_id, alert.warehouse_id)].append((alert, qty))
        if no_vendor:
            self.message_post(
                body=self.env._(
                    "No request for quotation for %s: the material has no vendor.",
                    ", ".join(no_vendor.product_id.mapped("display_name")),
                )
            )
        orders = self.env["purchase.order"]
        if groups:
            orders = orders.create(
                [
                    {
                        "partner_id": vendor.id,
                        "company_id": self.company_id.id,
                        "picking_type_id": warehouse.in_type_id.id,
                        "origin": self.name,
                        "order_line": [
                            Command.create(
                                {"product_id": alert.product_id.id, "product_qty": qty}
                            )
                            for alert, qty in lines
                        ],
                    }
                    for (vendor, warehouse), lines in groups.items()
                ]
            )
            for order, lines in zip(orders, groups.values(), strict=True):
                self.env["factory.alert"].union(
                    *(alert for alert, _qty in lines)
                )._factory_write({"purchase_order_id": order.id})
        return orders

    def _factory_notify(self, changes):
        self._factory_draft_rfqs(changes["open"])
        return super()._factory_notify(changes)
