from odoo import api, fields, models
from odoo.tools import SQL


class FactoryOutsourcingBalance(models.Model):
    """Subcontractor stock (委外库存): per subcontractor location and material,
    what was sent, produced there, consumed, returned and scrapped, from the
    done move lines, beside what is held now (Odoo's quants at the location).
    The material balance sent + produced − consumed − returned − scrapped
    always equals the held quantity: both come from the same moves.

    One set-based query (``_table_query``) over every subcontractor location
    created by the suite (``stock.location.factory_subcontractor_id``) and
    its sub-locations."""

    _name = "factory.outsourcing.balance"
    _description = "Subcontractor Stock and Material Balance"
    _auto = False
    _order = "partner_id, product_id"
    _depends = {
        "stock.move": ["state", "location_id", "location_dest_id"],
        "stock.move.line": [
            "move_id",
            "state",
            "location_id",
            "location_dest_id",
            "product_id",
            "quantity_product_uom",
        ],
        "stock.quant": ["quantity", "location_id", "product_id", "in_date"],
        "stock.location": ["factory_subcontractor_id", "parent_path", "usage"],
    }

    partner_id = fields.Many2one("res.partner", "Subcontractor", readonly=True)
    location_id = fields.Many2one("stock.location", "Location", readonly=True)
    company_id = fields.Many2one("res.company", "Company", readonly=True)
    product_id = fields.Many2one("product.product", "Material", readonly=True)
    product_tmpl_id = fields.Many2one(
        "product.template", "Product Template", readonly=True
    )
    uom_id = fields.Many2one("uom.uom", "Unit", readonly=True)
    qty_sent = fields.Float("Sent", digits="Product Unit of Measure", readonly=True)
    qty_produced = fields.Float(
        "Produced There",
        digits="Product Unit of Measure",
        readonly=True,
        help="Finished goods the subcontractor made (before they are received).",
    )
    qty_consumed = fields.Float(
        "Consumed", digits="Product Unit of Measure", readonly=True
    )
    qty_returned = fields.Float(
        "Returned / Received",
        digits="Product Unit of Measure",
        readonly=True,
        help="Material sent back and finished goods received from the subcontractor.",
    )
    qty_scrapped = fields.Float(
        "Scrapped / Lost", digits="Product Unit of Measure", readonly=True
    )
    qty_balance = fields.Float(
        "Balance",
        digits="Product Unit of Measure",
        readonly=True,
        help="Sent + produced − consumed − returned − scrapped.",
    )
    qty_held = fields.Float(
        "Held Now",
        digits="Product Unit of Measure",
        readonly=True,
        help="On hand at the subcontractor's location (Odoo's quants).",
    )
    held_since = fields.Datetime(
        "Held Since",
        readonly=True,
        help="Incoming date of the oldest quantity held.",
    )
    age_days = fields.Integer("Age (Days)", readonly=True, aggregator="max")

    @property
    def _table_query(self):
        return SQL(
            """
            WITH loc_map AS (
                SELECT loc.id, root.id AS root_id,
                       root.factory_subcontractor_id AS partner_id,
                       root.company_id
                  FROM stock_location root
                  JOIN stock_location loc
                    ON loc.parent_path LIKE root.parent_path || '%%'
                 WHERE root.factory_subcontractor_id IS NOT NULL
            ),
            -- done move lines that may cross a subcontractor tree, found
            -- through their moves: Odoo indexes the moves' locations, not
            -- the lines'. A line's locations are its move's or below them,
            -- so its move starts or ends in a tree or above one.
            near AS (
                SELECT id FROM loc_map
                UNION
                SELECT above.id
                  FROM stock_location root
                  JOIN stock_location above
                    ON root.parent_path LIKE above.parent_path || '%%'
                 WHERE root.factory_subcontractor_id IS NOT NULL
                   AND above.usage <> 'view'
            ),
            lines AS (
                SELECT ml.id, ml.product_id, ml.location_id, ml.location_dest_id,
                       ml.quantity_product_uom
                  FROM stock_move m
                  JOIN stock_move_line ml ON ml.move_id = m.id
                 WHERE m.state = 'done'
                   AND m.location_dest_id IN (SELECT id FROM near)
                UNION
                SELECT ml.id, ml.product_id, ml.location_id, ml.location_dest_id,
                       ml.quantity_product_uom
                  FROM stock_move m
                  JOIN stock_move_line ml ON ml.move_id = m.id
                 WHERE m.state = 'done'
                   AND m.location_id IN (SELECT id FROM near)
                UNION
                SELECT ml.id, ml.product_id, ml.location_id, ml.location_dest_id,
                       ml.quantity_product_uom
                  FROM stock_move_line ml
                 WHERE ml.move_id IS NULL AND ml.state = 'done'
            ),
            flows AS (
                SELECT dm.root_id, ml.product_id,
                       CASE WHEN src.usage = 'production' THEN 0
                            ELSE ml.quantity_product_uom END AS sent,
                       CASE WHEN src.usage = 'production'
                            THEN ml.quantity_product_uom ELSE 0 END AS produced,
                       0.0 AS consumed, 0.0 AS returned, 0.0 AS scrapped
                  FROM lines ml
                  JOIN loc_map dm ON dm.id = ml.location_dest_id
                  JOIN stock_location src ON src.id = ml.location_id
                  LEFT JOIN loc_map sm
                    ON sm.id = ml.location_id AND sm.root_id = dm.root_id
                 WHERE sm.id IS NULL
                UNION ALL
                SELECT sm.root_id, ml.product_id, 0.0, 0.0,
                       CASE WHEN dest.usage = 'production'
                            THEN ml.quantity_product_uom ELSE 0 END,
                       CASE WHEN dest.usage NOT IN ('production', 'inventory')
                            THEN ml.quantity_product_uom ELSE 0 END,
                       CASE WHEN dest.usage = 'inventory'
                            THEN ml.quantity_product_uom ELSE 0 END
                  FROM lines ml
                  JOIN loc_map sm ON sm.id = ml.location_id
                  JOIN stock_location dest ON dest.id = ml.location_dest_id
                  LEFT JOIN loc_map dm
                    ON dm.id = ml.location_dest_id AND dm.root_id = sm.root_id
                 WHERE dm.id IS NULL
            ),
            moved AS (
                SELECT root_id, product_id,
                       SUM(sent) AS sent, SUM(produced) AS produced,
                       SUM(consumed) AS consumed, SUM(returned) AS returned,
                       SUM(scrapped) AS scrapped
                  FROM flows
                 GROUP BY root_id, product_id
            ),
            held AS (
                SELECT lm.root_id, q.product_id, SUM(q.quantity) AS held,
                       MIN(q.in_date) FILTER (WHERE q.quantity > 0) AS held_since
                  FROM stock_quant q
                  JOIN loc_map lm ON lm.id = q.location_id
                 GROUP BY lm.root_id, q.product_id
            )
            SELECT ROW_NUMBER() OVER (ORDER BY root.id, pp.id) AS id,
                   root.factory_subcontractor_id AS partner_id,
                   root.id AS location_id,
                   root.company_id,
                   pp.id AS product_id,
                   pp.product_tmpl_id,
                   pt.uom_id,
                   COALESCE(m.sent, 0) AS qty_sent,
                   COALESCE(m.produced, 0) AS qty_produced,
                   COALESCE(m.consumed, 0) AS qty_consumed,
                   COALESCE(m.returned, 0) AS qty_returned,
                   COALESCE(m.scrapped, 0) AS qty_scrapped,
                   COALESCE(m.sent, 0) + COALESCE(m.produced, 0)
                     - COALESCE(m.consumed, 0) - COALESCE(m.returned, 0)
                     - COALESCE(m.scrapped, 0) AS qty_balance,
                   COALESCE(h.held, 0) AS qty_held,
                   h.held_since,
                   CASE WHEN h.held_since IS NOT NULL
                        THEN (CURRENT_DATE - h.held_since::date) END AS age_days
              FROM moved m
              FULL OUTER JOIN held h
                ON h.root_id = m.root_id AND h.product_id = m.product_id
              JOIN stock_location root ON root.id = COALESCE(m.root_id, h.root_id)
              JOIN product_product pp ON pp.id = COALESCE(m.product_id, h.product_id)
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
            """
        )

    @api.model
    def _factory_quants_held(self, partner, product):
        """What Odoo's quants hold of ``product`` at the subcontractor's
        locations (for the balance's own check and the tests)."""
        locations = partner.commercial_partner_id.factory_subcontract_location_ids
        quants = self.env["stock.quant"].search(
            [
                ("location_id", "child_of", locations.ids),
                ("product_id", "=", product.id),
            ]
        )
        return sum(quants.mapped("quantity"))
