from collections import defaultdict

from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_compare

OPEN_PRODUCTION_STATES = ("confirmed", "progress", "to_close")
OPEN_MOVE_STATES = ("waiting", "confirmed", "partially_available", "assigned")


class FactoryMrpShortage(models.Model):
    """Shortage view (缺料看板): every component move of every open
    manufacturing order, with what is reserved for it, what is free in its
    warehouse and elsewhere, what is coming in, and the shortage once free
    stock is handed out to the orders in the order of their start date.

    A read-only SQL view over Odoo's own moves, move lines and quants.
    """

    _name = "factory.mrp.shortage"
    _description = "Component Shortage"
    _auto = False
    _rec_name = "product_id"
    _order = "date_start, production_id, product_id"
    _depends = {
        "stock.move": [
            "raw_material_production_id",
            "product_id",
            "product_qty",
            "state",
            "location_id",
            "location_dest_id",
            "date",
            "company_id",
            "group_id",
        ],
        "stock.move.line": ["move_id", "quantity_product_uom", "state"],
        "stock.quant": ["product_id", "location_id", "quantity", "reserved_quantity"],
        "stock.location": ["warehouse_id", "usage", "factory_qc_usage", "company_id"],
        "mrp.production": ["state", "date_start", "procurement_group_id"],
    }

    production_id = fields.Many2one(
        "mrp.production", "Manufacturing Order", readonly=True
    )
    product_id = fields.Many2one("product.product", "Component", readonly=True)
    uom_id = fields.Many2one("uom.uom", "Unit", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", "Warehouse", readonly=True)
    company_id = fields.Many2one("res.company", "Company", readonly=True)
    date_start = fields.Datetime("Start", readonly=True)
    required_qty = fields.Float(
        "Required", digits="Product Unit of Measure", aggregator=None, readonly=True
    )
    reserved_qty = fields.Float(
        "Reserved", digits="Product Unit of Measure", aggregator=None, readonly=True
    )
    open_qty = fields.Float(
        "To Reserve",
        digits="Product Unit of Measure",
        aggregator=None,
        readonly=True,
        help="Required quantity not reserved yet.",
    )
    free_qty = fields.Float(
        "Free in Warehouse",
        digits="Product Unit of Measure",
        aggregator=None,
        readonly=True,
        help="On hand in the warehouse, not reserved, not in quarantine.",
    )
    free_elsewhere_qty = fields.Float(
        "Free Elsewhere",
        digits="Product Unit of Measure",
        aggregator=None,
        readonly=True,
    )
    subcontractor_qty = fields.Float(
        "At Subcontractors",
        digits="Product Unit of Measure",
        aggregator=None,
        readonly=True,
        help="On hand in internal locations outside every warehouse: the "
        "subcontractors' locations.",
    )
    incoming_qty = fields.Float(
        "Incoming", digits="Product Unit of Measure", aggregator=None, readonly=True
    )
    incoming_date = fields.Datetime("First Arrival", readonly=True)
    shortage_qty = fields.Float(
        "Shortage",
        digits="Product Unit of Measure",
        aggregator=None,
        readonly=True,
        help="What free stock cannot cover once it is handed out to the open "
        "orders by start date.",
    )
    first_stop = fields.Boolean(
        "Stops First",
        readonly=True,
        help="The earliest order this component will stop.",
    )

    @property
    def _table_query(self):
        def states(values):
            return SQL("(%s)", SQL(", ").join(SQL("%s", v) for v in values))

        return SQL(
            """
            WITH need AS (
                SELECT m.id, m.raw_material_production_id AS production_id,
                       m.product_id, m.company_id, l.warehouse_id, p.date_start,
                       m.product_qty AS required,
                       LEAST(m.product_qty, COALESCE(r.reserved, 0.0) + COALESCE((
                           -- 2 / 3 steps: what the order's component pickings
                           -- hold on their way to the component location
                           SELECT SUM(ml.quantity_product_uom)
                             FROM stock_move pm
                             JOIN stock_move_line ml ON ml.move_id = pm.id
                            WHERE pm.group_id = p.procurement_group_id
                              AND pm.product_id = m.product_id
                              AND pm.location_dest_id = m.location_id
                              AND pm.raw_material_production_id IS NULL
                              AND pm.state IN %(moves)s
                              AND ml.state NOT IN ('done', 'cancel')
                       ), 0.0)) AS reserved
                  FROM stock_move m
                  JOIN mrp_production p ON p.id = m.raw_material_production_id
                  JOIN stock_location l ON l.id = m.location_id
                  LEFT JOIN LATERAL (
                        -- the move lines of this move only (index on move_id),
                        -- not every open move line of the database
                        SELECT SUM(ml.quantity_product_uom) AS reserved
                          FROM stock_move_line ml
                         WHERE ml.move_id = m.id
                           AND ml.state NOT IN ('done', 'cancel')
                       ) r ON TRUE
                 WHERE p.state IN %(productions)s AND m.state IN %(moves)s
            ), free AS (
                SELECT q.product_id, l.warehouse_id,
                       SUM(q.quantity - q.reserved_quantity) AS qty
                  FROM stock_quant q
                  JOIN stock_location l ON l.id = q.location_id
                 WHERE l.usage = 'internal' AND l.factory_qc_usage IS NULL
                   AND l.warehouse_id IS NOT NULL
                   AND q.product_id IN (SELECT product_id FROM need)
                 GROUP BY q.product_id, l.warehouse_id
            ), outside AS (
                SELECT q.product_id, l.company_id, SUM(q.quantity) AS qty
                  FROM stock_quant q
                  JOIN stock_location l ON l.id = q.location_id
                 WHERE l.usage = 'internal' AND l.warehouse_id IS NULL
                   AND q.product_id IN (SELECT product_id FROM need)
                 GROUP BY q.product_id, l.company_id
            ), incoming AS (
                SELECT m.product_id, ld.warehouse_id,
                       SUM(m.product_qty) AS qty, MIN(m.date) AS first_date
                  FROM stock_move m
                  JOIN stock_location ld ON ld.id = m.location_dest_id
                  JOIN stock_location ls ON ls.id = m.location_id
                 WHERE m.state IN %(moves)s AND ld.warehouse_id IS NOT NULL
                   AND ls.warehouse_id IS DISTINCT FROM ld.warehouse_id
                   AND ld.factory_qc_usage IS NULL
                   AND m.product_id IN (SELECT product_id FROM need)
                 GROUP BY m.product_id, ld.warehouse_id
            ), rows AS (
                SELECT n.*, n.required - n.reserved AS open,
                       GREATEST(COALESCE(f.qty, 0.0), 0.0) AS free,
                       COALESCE((SELECT SUM(GREATEST(o.qty, 0.0)) FROM free o
                                  WHERE o.product_id = n.product_id
                                    AND o.warehouse_id <> n.warehouse_id), 0.0)
                           AS free_elsewhere,
                       COALESCE(o.qty, 0.0) AS subcontractor,
                       COALESCE(i.qty, 0.0) AS incoming, i.first_date,
                       SUM(n.required - n.reserved) OVER (
                           PARTITION BY n.product_id, n.warehouse_id
                           ORDER BY n.date_start, n.id
                       ) AS cumulated
                  FROM need n
                  LEFT JOIN free f ON f.product_id = n.product_id
                                  AND f.warehouse_id = n.warehouse_id
                  LEFT JOIN outside o ON o.product_id = n.product_id
                                     AND o.company_id = n.company_id
                  LEFT JOIN incoming i ON i.product_id = n.product_id
                                      AND i.warehouse_id = n.warehouse_id
            )
            SELECT r.id, r.production_id, r.product_id, pt.uom_id, r.warehouse_id,
                   r.company_id, r.date_start,
                   r.required AS required_qty, r.reserved AS reserved_qty,
                   r.open AS open_qty, r.free AS free_qty,
                   r.free_elsewhere AS free_elsewhere_qty,
                   r.subcontractor AS subcontractor_qty,
                   r.incoming AS incoming_qty, r.first_date AS incoming_date,
                   LEAST(r.open, GREATEST(0.0, r.cumulated - r.free)) AS shortage_qty,
                   (r.cumulated > r.free AND r.cumulated - r.open <= r.free)
                       AS first_stop
              FROM rows r
              JOIN product_product pp ON pp.id = r.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
            """,
            productions=states(OPEN_PRODUCTION_STATES),
            moves=states(OPEN_MOVE_STATES),
        )

    # ------------------------------------------------------------ one click
    def action_factory_create_requests(self):
        """Draft material requests for the selected lines: one per order,
        with the selected components' remaining needs."""
        requests = self.env["factory.material.request"]
        for production in self.production_id:
            products = self.filtered(
                lambda r, p=production: r.production_id == p
            ).product_id
            requests |= production._factory_new_material_request(products)
        if not requests:
            raise UserError(
                self.env._("The selected orders need no more of these components.")
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Material Requests"),
            "res_model": "factory.material.request",
            "view_mode": "list,form",
            "domain": [("id", "in", requests.ids)],
        }

    def action_factory_create_rfqs(self):
        """Requests for quotation for the shortage of the selected lines: one
        per supplier and warehouse, the product's first supplier."""
        short = self.filtered(
            lambda r: (
                float_compare(r.shortage_qty, 0.0, precision_rounding=r.uom_id.rounding)
                > 0
            )
        )
        if not short:
            raise UserError(self.env._("None of the selected lines is short."))
        wanted = defaultdict(float)
        for row in short:
            wanted[row.warehouse_id, row.product_id] += row.shortage_qty
        orders = defaultdict(list)
        missing = []
        for (warehouse, product), qty in wanted.items():
            seller = product._select_seller(quantity=qty, uom_id=product.uom_id)
            if not seller:
                missing.append(product.display_name)
                continue
            orders[seller.partner_id, warehouse].append((product, qty))
        if missing:
            raise UserError(
                self.env._(
                    "These components have no supplier: %s. Add one on the "
                    "product's Purchase tab first.",
                    ", ".join(missing),
                )
            )
        purchases = self.env["purchase.order"]
        for (partner, warehouse), lines in orders.items():
            purchases |= purchases.create(
                {
                    "partner_id": partner.id,
                    "picking_type_id": warehouse.in_type_id.id,
                    "company_id": warehouse.company_id.id,
                    "origin": ", ".join(
                        short.filtered(
                            lambda r, w=warehouse: r.warehouse_id == w
                        ).production_id.mapped("name")
                    ),
                    "order_line": [
                        Command.create({"product_id": product.id, "product_qty": qty})
                        for product, qty in lines
                    ],
                }
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Requests for Quotation"),
            "res_model": "purchase.order",
            "view_mode": "list,form",
            "domain": [("id", "in", purchases.ids)],
        }
