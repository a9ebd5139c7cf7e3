from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL

COST_GROUP = "factory_stock.group_factory_cost"
OPEN_MOVE_STATES = ("waiting", "confirmed", "partially_available", "assigned")
# set by _search only: the rows of the materials with a safety stock, the
# only ones that can be below it
BELOW_ONLY = "factory_board_below_only"
# the record rules' fields, checked again in Python when the page is read
RULE_FIELDS = ("company_id", "warehouse_id")


class FactoryStockBoard(models.Model):
    """Live stock board (实时库存看板): one row per material and warehouse.

    Read-only SQL view over Odoo's own quants, open stock moves and reorder
    rules: no copy of any figure is kept, so the board is always current.
    """

    _name = "factory.stock.board"
    _description = "Live Stock Board"
    _auto = False
    _rec_name = "product_id"
    _order = "default_code, product_id, warehouse_id"
    _depends = {
        "stock.quant": ["product_id", "location_id", "quantity", "reserved_quantity"],
        "stock.move": [
            "product_id",
            "location_id",
            "location_dest_id",
            "product_qty",
            "state",
        ],
        "stock.warehouse.orderpoint": [
            "product_id",
            "warehouse_id",
            "product_min_qty",
            "product_max_qty",
            "active",
        ],
        "stock.location": ["warehouse_id", "usage", "factory_qc_usage"],
        "product.product": ["default_code", "standard_price", "product_tmpl_id"],
        "product.template": ["categ_id", "uom_id", "factory_spec", "is_storable"],
    }

    product_id = fields.Many2one("product.product", "Material", readonly=True)
    product_tmpl_id = fields.Many2one(
        "product.template", "Material Template", readonly=True
    )
    default_code = fields.Char("Material Code", readonly=True)
    factory_spec = fields.Char("Specification", readonly=True)
    categ_id = fields.Many2one("product.category", "Category", readonly=True)
    uom_id = fields.Many2one("uom.uom", "Unit", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", "Warehouse", readonly=True)
    company_id = fields.Many2one("res.company", "Company", readonly=True)
    qty_on_hand = fields.Float(
        "On Hand", digits="Product Unit of Measure", aggregator=None, readonly=True
    )
    qty_reserved = fields.Float(
        "Reserved", digits="Product Unit of Measure", aggregator=None, readonly=True
    )
    qty_quarantine = fields.Float(
        "In Quarantine",
        digits="Product Unit of Measure",
        aggregator=None,
        readonly=True,
        help="Received, waiting for incoming inspection: not available.",
    )
    qty_rejected = fields.Float(
        "Rejected",
        digits="Product Unit of Measure",
        aggregator=None,
        readonly=True,
        help="Refused by incoming inspection, waiting to be returned: not available.",
    )
    qty_available = fields.Float(
        "Available", digits="Product Unit of Measure", aggregator=None, readonly=True
    )
    qty_incoming = fields.Float(
        "Incoming", digits="Product Unit of Measure", aggregator=None, readonly=True
    )
    qty_outgoing = fields.Float(
        "Outgoing", digits="Product Unit of Measure", aggregator=None, readonly=True
    )
    qty_forecast = fields.Float(
        "Forecast", digits="Product Unit of Measure", aggregator=None, readonly=True
    )
    safety_qty = fields.Float(
        "Safety Stock", digits="Product Unit of Measure", aggregator=None, readonly=True
    )
    max_qty = fields.Float(
        "Maximum Stock",
        digits="Product Unit of Measure",
        aggregator=None,
        readonly=True,
    )
    status = fields.Selection(
        [("below", "Below Safety"), ("normal", "Normal"), ("above", "Above Maximum")],
        readonly=True,
    )
    currency_id = fields.Many2one("res.currency", readonly=True, groups=COST_GROUP)
    value = fields.Monetary(
        "Stock Value",
        readonly=True,
        groups=COST_GROUP,
        help="On-hand quantity at the material's current cost.",
    )

    def init(self):
        super().init()
        # the open moves of a material (a few percent of all moves): the
        # board's incoming and outgoing figures of the materials it shows,
        # read from this index alone (the default view, below safety: those
        # of the materials with a safety stock)
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS factory_stock_board_open_move_idx"
                " ON stock_move (product_id)"
                " INCLUDE (location_id, location_dest_id, product_qty)"
                " WHERE state IN %s",
                OPEN_MOVE_STATES,
            )
        )

    def _board_only(self, product):
        """The condition each line of ``_board_lines`` adds on its product
        column: none, or (list filtered on *Below Safety*, see ``_search``)
        that the material has an active reorder rule with a positive minimum
        (in the warehouses the list is filtered on): a row can only be below
        its safety stock (the sum of its minimums, > 0) then. Every line of
        such a material is kept, so its rows have the same figures as in the
        whole board. The materials are read first, as an array: PostgreSQL
        then reads their quants and open moves through the product indexes
        (a semi-join on the rules made it read every quant)."""
        only = self.env.context.get(BELOW_ONLY)
        if not only:
            return SQL()
        warehouses = SQL()
        if isinstance(only, list | tuple):
            warehouses = SQL("AND r.warehouse_id IN %s", tuple(only))
        return SQL(
            """AND %s = ANY(ARRAY(
                SELECT r.product_id FROM stock_warehouse_orderpoint r
                 WHERE r.active AND r.product_min_qty > 0 %s))""",
            SQL(product),
            warehouses,
        )

    def _board_lines(self):
        """One row per figure: quants, open moves in and out of a warehouse and
        reorder rules, all tagged with (product, warehouse).  Extension point:
        add a UNION ALL branch with the same columns (and its ``_board_only``
        condition)."""
        open_states = SQL(
            "(%s)", SQL(", ").join(SQL("%s", s) for s in OPEN_MOVE_STATES)
        )
        return SQL(
            """
            SELECT q.product_id, l.warehouse_id,
                   q.quantity AS on_hand, q.reserved_quantity AS reserved,
                   CASE WHEN l.factory_qc_usage = 'quarantine'
                        THEN q.quantity ELSE 0.0 END AS quarantine,
                   CASE WHEN l.factory_qc_usage = 'reject'
                        THEN q.quantity ELSE 0.0 END AS rejected,
                   CASE WHEN l.factory_qc_usage IS NULL
                        THEN q.quantity - q.reserved_quantity
                        ELSE 0.0 END AS available,
                   0.0 AS incoming, 0.0 AS outgoing, 0.0 AS safety, 0.0 AS maximum
              FROM stock_quant q
              JOIN stock_location l ON l.id = q.location_id
             WHERE l.usage = 'internal' AND l.warehouse_id IS NOT NULL
                   %(only_quant)s
            UNION ALL
            SELECT m.product_id, ld.warehouse_id,
                   0.0, 0.0, 0.0, 0.0, 0.0, m.product_qty, 0.0, 0.0, 0.0
              FROM stock_move m
              JOIN stock_location ld ON ld.id = m.location_dest_id
              JOIN stock_location ls ON ls.id = m.location_id
             WHERE m.state IN %(open)s AND ld.warehouse_id IS NOT NULL
               AND ls.warehouse_id IS DISTINCT FROM ld.warehouse_id
                   %(only_in)s
            UNION ALL
            SELECT m.product_id, ls.warehouse_id,
                   0.0, 0.0, 0.0, 0.0, 0.0, 0.0, m.product_qty, 0.0, 0.0
              FROM stock_move m
              JOIN stock_location ls ON ls.id = m.location_id
              JOIN stock_location ld ON ld.id = m.location_dest_id
             WHERE m.state IN %(open)s AND ls.warehouse_id IS NOT NULL
               AND ld.warehouse_id IS DISTINCT FROM ls.warehouse_id
                   %(only_out)s
            UNION ALL
            SELECT op.product_id, op.warehouse_id, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
                   op.product_min_qty, op.product_max_qty
              FROM stock_warehouse_orderpoint op
             WHERE op.active %(only_rule)s
            """,
            open=open_states,
            only_quant=self._board_only("q.product_id"),
            only_in=self._board_only("m.product_id"),
            only_out=self._board_only("m.product_id"),
            only_rule=self._board_only("op.product_id"),
        )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT b.product_id::bigint * 1048576 + b.warehouse_id AS id,
                   b.product_id, pp.product_tmpl_id, pp.default_code,
                   pt.factory_spec, pt.categ_id, pt.uom_id,
                   b.warehouse_id, w.company_id, c.currency_id,
                   b.on_hand AS qty_on_hand,
                   b.reserved AS qty_reserved,
                   b.quarantine AS qty_quarantine,
                   b.rejected AS qty_rejected,
                   b.available AS qty_available,
                   b.incoming AS qty_incoming,
                   b.outgoing AS qty_outgoing,
                   b.on_hand - b.rejected + b.incoming - b.outgoing AS qty_forecast,
                   b.safety AS safety_qty,
                   b.maximum AS max_qty,
                   CASE WHEN b.safety > 0 AND b.on_hand < b.safety THEN 'below'
                        WHEN b.maximum > 0 AND b.on_hand > b.maximum THEN 'above'
                        ELSE 'normal' END AS status,
                   b.on_hand * COALESCE(
                       (pp.standard_price ->> w.company_id::text)::numeric, 0.0
                   ) AS value
              FROM (
                    SELECT product_id, warehouse_id,
                           SUM(on_hand) AS on_hand, SUM(reserved) AS reserved,
                           SUM(quarantine) AS quarantine, SUM(rejected) AS rejected,
                           SUM(available) AS available,
                           SUM(incoming) AS incoming, SUM(outgoing) AS outgoing,
                           SUM(safety) AS safety, SUM(maximum) AS maximum
                      FROM (%(lines)s) AS line
                     GROUP BY product_id, warehouse_id
                   ) AS b
              JOIN product_product pp ON pp.id = b.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              JOIN stock_warehouse w ON w.id = b.warehouse_id
              JOIN res_company c ON c.id = w.company_id
             WHERE pt.is_storable
            """,
            lines=self._board_lines(),
        )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        """The board's default view (*Below Safety*) evaluates the board of
        the materials with a safety stock only: the condition is pushed into
        the view's lines (``_board_only``), where PostgreSQL cannot push a
        condition on the summed status itself. Decided here from the domain
        alone (a conjunction holding status = below, and its warehouses if
        it names them), whatever the context says."""
        below = self._board_below_only(domain)
        board = self
        if self.env.context.get(BELOW_ONLY) != below:
            board = self.with_context(**{BELOW_ONLY: below})
        return super(FactoryStockBoard, board)._search(
            domain, offset=offset, limit=limit, order=order
        )

    @api.model
    def _board_below_only(self, domain):
        """False, or True / the warehouse ids when ``domain`` is a
        conjunction holding status = below (and warehouse_id = / in ids)."""
        domain = expression.normalize_domain(domain or [])
        if any(item in ("|", "!") for item in domain):
            return False
        leaves = [tuple(item) for item in domain if isinstance(item, list | tuple)]
        if ("status", "=", "below") not in leaves:
            return False
        warehouses = None
        for fname, operator, value in leaves:
            if fname != "warehouse_id" or operator not in ("=", "in"):
                continue
            ids = value if isinstance(value, list | tuple) else [value]
            if not ids or not all(isinstance(i, int) and i > 0 for i in ids):
                continue
            warehouses = set(ids) if warehouses is None else warehouses & set(ids)
        if warehouses is None:
            return True
        return tuple(sorted(warehouses)) or (0,)

    @api.model
    @api.readonly
    def web_search_read(
        self, domain, specification, offset=0, limit=None, order=None, count_limit=None
    ):
        """The list view: its page and the number of matching rows from ONE
        evaluation of the board (``COUNT(*) OVER ()`` beside the page's
        columns), where Odoo's web_search_read evaluates it twice when the
        page is full (the page, then search_count). The same answer: the
        page's records (fields fetched as search_fetch fetches them, with
        the record rules' fields, and read with the same access checks) and
        the count, bounded by ``count_limit`` as search_count bounds it."""
        if not limit:
            return super().web_search_read(
                domain, specification, offset, limit, order, count_limit
            )
        query = self._search(
            domain, offset=offset, limit=limit, order=order or self._order
        )
        if query.is_empty():
            return {"length": 0, "records": []}
        names = list(specification) + [
            fname for fname in RULE_FIELDS if fname not in specification
        ]
        fields = [
            field
            for field in self._determine_fields_to_fetch(names)
            if field.column_type  # the others are read by web_read
        ]
        rows = self.env.execute_query(
            query.select(
                SQL.identifier(self._table, "id"),
                *(self._field_to_sql(self._table, f.name, query) for f in fields),
                SQL("COUNT(*) OVER ()"),
            )
        )
        if not rows:
            return {"length": 0, "records": []}
        records = self.browse([row[0] for row in rows])
        for index, field in enumerate(fields, start=1):
            self.env.cache.insert_missing(records, field, [row[index] for row in rows])
        # the length as Odoo's _format_web_search_read_results gives it,
        # its search_count answered by the window count
        length = offset + len(rows)
        count_limit_reached = count_limit and count_limit <= length
        if (len(rows) == limit and not count_limit_reached) or self.env.context.get(
            "force_search_count"
        ):
            total = rows[0][-1]
            length = min(total, count_limit) if count_limit else total
        return {"length": length, "records": records.web_read(specification)}

    @api.model
    def search_fetch(self, domain, field_names, offset=0, limit=None, order=None):
        # with the record rules' fields: read() checks the rules again on the
        # fetched records, and a missing one would be fetched by another
        # evaluation of the whole board (every warehouse) for the page's ids
        field_names = list(field_names) + [
            fname for fname in RULE_FIELDS if fname not in field_names
        ]
        return super().search_fetch(
            domain, field_names, offset=offset, limit=limit, order=order
        )

    # drill-downs ---------------------------------------------------------
    def action_open_quants(self):
        """Quants of this material in this warehouse, by location and lot."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Stock of %s", self.product_id.display_name),
            "res_model": "stock.quant",
            "view_mode": "list,kanban",
            "views": [
                (self.env.ref("factory_stock.stock_quant_view_list_board").id, "list"),
                (
                    self.env.ref("factory_stock.stock_quant_view_kanban_board").id,
                    "kanban",
                ),
            ],
            # a phone shows one card per location and lot (Odoo's mobile kanban)
            "mobile_view_mode": "kanban",
            "domain": [
                ("product_id", "=", self.product_id.id),
                ("location_id", "child_of", self.warehouse_id.view_location_id.id),
                ("location_id.usage", "=", "internal"),
            ],
            "context": {"create": False},
        }

    def action_open_moves(self):
        """Done move history of this material in and out of this warehouse."""
        self.ensure_one()
        view_location = self.warehouse_id.view_location_id.id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Moves of %s", self.product_id.display_name),
            "res_model": "stock.move.line",
            "view_mode": "list,kanban,form",
            "views": [
                (False, "list"),
                (
                    self.env.ref("factory_stock.stock_move_line_view_kanban_board").id,
                    "kanban",
                ),
                (False, "form"),
            ],
            "mobile_view_mode": "kanban",
            "domain": [
                ("product_id", "=", self.product_id.id),
                ("state", "=", "done"),
                "|",
                ("location_id", "child_of", view_location),
                ("location_dest_id", "child_of", view_location),
            ],
            "context": {"create": False},
        }
