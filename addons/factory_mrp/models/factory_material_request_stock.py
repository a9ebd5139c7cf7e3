from collections import defaultdict

from odoo import models
from odoo.tools import SQL, float_compare

OPEN_STATES = ("approved", "partial")


class FactoryMaterialRequest(models.Model):
    """Stock figures of material requests, read from Odoo's quants and moves
    in one query each: what is available on submit, what was issued and
    returned."""

    _inherit = "factory.material.request"

    def _factory_own_moves(self):
        """Open moves whose reservation already belongs to these requests: the
        order's component moves and component pickings, the own transfers."""
        productions = self.production_id
        return (
            productions.move_raw_ids
            | productions.picking_ids.move_ids
            | self.picking_ids.move_ids
        ).filtered(lambda m: m.state not in ("done", "cancel"))

    def _factory_available(self):
        """{(request id, product id): available} for all lines, in one query:
        free stock (not reserved) in the stock location of the request's
        warehouse, outside quarantine and rejected goods, plus what is already
        reserved there for the request or its order."""
        own_moves = self._factory_own_moves()
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT l.request_id, l.product_id,
                       COALESCE((
                           SELECT SUM(q.quantity - q.reserved_quantity)
                             FROM stock_quant q
                             JOIN stock_location ql ON ql.id = q.location_id
                            WHERE q.product_id = l.product_id
                              AND ql.usage = 'internal'
                              AND ql.factory_qc_usage IS NULL
                              AND ql.parent_path LIKE s.parent_path || %(any)s
                       ), 0.0) + COALESCE((
                           SELECT SUM(ml.quantity_product_uom)
                             FROM stock_move_line ml
                             JOIN stock_location ml_l ON ml_l.id = ml.location_id
                            WHERE ml.move_id = ANY(%(moves)s::int[])
                              AND ml.product_id = l.product_id
                              AND ml.state NOT IN ('done', 'cancel')
                              AND ml_l.parent_path LIKE s.parent_path || %(any)s
                       ), 0.0)
                  FROM factory_material_request_line l
                  JOIN factory_material_request r ON r.id = l.request_id
                  JOIN stock_warehouse w ON w.id = r.warehouse_id
                  JOIN stock_location s ON s.id = w.lot_stock_id
                 WHERE l.request_id = ANY(%(requests)s::int[])
                """,
                moves=own_moves.ids,
                requests=self.ids,
                any="%",
            )
        )
        return {(req, product): qty for req, product, qty in rows}

    def _factory_shortages(self):
        """{request: [(line, available)]} of the lines stock cannot cover."""
        available = self._factory_available()
        shortages = defaultdict(list)
        for request in self:
            for line in request.line_ids:
                qty = available.get((request.id, line.product_id.id), 0.0)
                rounding = line.product_id.uom_id.rounding
                if (
                    float_compare(qty, line.product_qty, precision_rounding=rounding)
                    < 0
                ):
                    shortages[request].append((line, qty))
        return shortages

    def _factory_shortage_text(self, shortages):
        return "\n".join(
            self.env._(
                "%(request)s: %(product)s requested %(qty)s %(uom)s, available "
                "%(available)s",
                request=request.name,
                product=line.product_id.display_name,
                qty=line.product_qty,
                uom=line.product_uom_id.name,
                available=max(available, 0.0),
            )
            for request, lines in shortages.items()
            for line, available in lines
        )

    def _factory_issue_rows(self, productions=None):
        """Done quantities of these requests (and of ``productions``), in one
        query: [(request id, production id, product id, lot id, issued,
        returned)]. Returns against an order without a request have no
        request id."""
        productions = productions or self.env["mrp.production"]
        self.env.flush_all()
        return self.env.execute_query(self._factory_issue_rows_sql(productions))

    def _factory_issue_rows_sql(self, productions):
        """The query of ``_factory_issue_rows`` (the caller flushes)."""
        return SQL(
            """
                    WITH all_requests AS (
                        SELECT id FROM factory_material_request
                         WHERE id = ANY(%(requests)s::int[])
                            OR production_id = ANY(%(productions)s::int[])
                    )
                    SELECT r.id,
                           COALESCE(r.production_id, p.factory_mr_return_production_id),
                           ml.product_id, ml.lot_id,
                           SUM(CASE WHEN p.factory_mr_return IS TRUE THEN 0.0
                                    ELSE ml.quantity_product_uom END),
                           SUM(CASE WHEN p.factory_mr_return IS TRUE
                                    THEN ml.quantity_product_uom ELSE 0.0 END)
                      FROM stock_move_line ml
                      JOIN stock_move m ON m.id = ml.move_id
                 LEFT JOIN stock_picking p ON p.id = ml.picking_id
                 LEFT JOIN factory_material_request r
                        ON r.id = COALESCE(m.factory_material_request_id,
                                           p.factory_material_request_id,
                                           p.factory_mr_return_request_id)
                     WHERE ml.state = 'done'
                       -- index-friendly pre-filter (a superset): the lines of the
                       -- moves and transfers of these requests, of the requests of
                       -- these orders and of their returns; then the exact rule
                       AND (ml.move_id = ANY(ARRAY(
                                SELECT id FROM stock_move
                                 WHERE factory_material_request_id
                                       = ANY(ARRAY(SELECT id FROM all_requests))))
                            OR ml.picking_id = ANY(ARRAY(
                                SELECT id FROM stock_picking
                                 WHERE factory_material_request_id
                                       = ANY(ARRAY(SELECT id FROM all_requests))
                                    OR factory_mr_return_request_id
                                       = ANY(ARRAY(SELECT id FROM all_requests))
                                    OR factory_mr_return_production_id
                                       = ANY(%(productions)s::int[]))))
                       AND (r.id = ANY(%(requests)s::int[])
                            OR r.production_id = ANY(%(productions)s::int[])
                            OR p.factory_mr_return_production_id
                               = ANY(%(productions)s::int[]))
                  GROUP BY 1, 2, 3, 4
                    """,
            requests=self.ids,
            productions=productions.ids,
        )

    def _factory_issued_by_product(self):
        """{(request id, product id): [issued, returned]}"""
        totals = defaultdict(lambda: [0.0, 0.0])
        for (
            request_id,
            __,
            product_id,
            __,
            issued,
            returned,
        ) in self._factory_issue_rows():
            if request_id:
                totals[request_id, product_id][0] += issued
                totals[request_id, product_id][1] += returned
        return totals

    def _factory_update_issue_state(self):
        totals = self._factory_issued_by_product()
        for request in self.filtered(lambda r: r.state in OPEN_STATES):
            issued = [
                (line, totals[request.id, line.product_id.id][0])
                for line in request.line_ids
            ]
            if all(
                float_compare(
                    qty,
                    line.product_qty,
                    precision_rounding=line.product_id.uom_id.rounding,
                )
                >= 0
                for line, qty in issued
            ):
                request._factory_write({"state": "issued"})
            elif any(qty > 0 for __, qty in issued):
                request._factory_write({"state": "partial"})

    def _factory_booked_by_product(self):
        """{(request id, product id): quantity} scanned (picked) on the open
        move lines of these requests, not validated yet, in one query through
        the lines of the requests' own moves and transfers (indexes); all
        lines of the request, as on validation (no record rules)."""
        if not self:
            return {}
        self._factory_flush_booked()
        rows = self.env.execute_query(self._factory_booked_sql())
        booked = defaultdict(float)
        for request_id, product_id, qty in rows:
            booked[request_id, product_id] += qty
        return booked

    def _factory_flush_booked(self):
        self.env["stock.move.line"].flush_model(
            [
                "picked",
                "state",
                "move_id",
                "picking_id",
                "product_id",
                "quantity_product_uom",
            ]
        )
        self.env["stock.move"].flush_model(["factory_material_request_id"])
        self.env["stock.picking"].flush_model(["factory_material_request_id"])

    def _factory_booked_sql(self):
        """The query of ``_factory_booked_by_product`` (the caller flushes)."""
        return SQL(
            """
                SELECT COALESCE(m.factory_material_request_id,
                                p.factory_material_request_id),
                       ml.product_id, SUM(ml.quantity_product_uom)
                  FROM stock_move_line ml
             LEFT JOIN stock_move m ON m.id = ml.move_id
             LEFT JOIN stock_picking p ON p.id = ml.picking_id
                 WHERE ml.picked
                   AND ml.state NOT IN ('done', 'cancel')
                   AND (ml.move_id = ANY(ARRAY(
                            SELECT id FROM stock_move
                             WHERE factory_material_request_id
                                   = ANY(%(requests)s::int[])))
                        OR ml.picking_id = ANY(ARRAY(
                            SELECT id FROM stock_picking
                             WHERE factory_material_request_id
                                   = ANY(%(requests)s::int[]))))
              GROUP BY 1, 2
                """,
            requests=self.ids,
        )

    def _factory_issue_figures(self):
        """(``_factory_issued_by_product()``, ``_factory_booked_by_product()``)
        of these requests in one query: what a scan checks, and what its
        answer shows."""
        issued = defaultdict(lambda: [0.0, 0.0])
        booked = defaultdict(float)
        if not self:
            return issued, booked
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT TRUE, i.request_id, i.product_id, i.issued, i.returned
                  FROM (%s) AS i(request_id, production_id, product_id, lot_id,
                                 issued, returned)
                 WHERE i.request_id IS NOT NULL
                 UNION ALL
                SELECT FALSE, b.request_id, b.product_id, b.qty, 0.0
                  FROM (%s) AS b(request_id, product_id, qty)
                """,
                self._factory_issue_rows_sql(self.env["mrp.production"]),
                self._factory_booked_sql(),
            )
        )
        for done, request_id, product_id, qty, returned in rows:
            if done:
                issued[request_id, product_id][0] += qty
                issued[request_id, product_id][1] += returned
            else:
                booked[request_id, product_id] += qty
        return issued, booked

    def _factory_issue_limit(self, product):
        """(request line, limit): what may be issued of ``product`` on this
        request, the requested quantity plus the category tolerance; no limit
        (None) once a workshop supervisor approved an over-issue."""
        self.ensure_one()
        line = self.line_ids.filtered(lambda l: l.product_id == product)[:1]
        if not line or self.over_issue_approved_by_id:
            return line, None
        tolerance = product.categ_id.factory_issue_tolerance
        return line, line.product_qty * (1 + tolerance / 100.0)

    def _factory_not_on_request_error(self, product):
        self.ensure_one()
        return self.env._(
            "%(product)s is not on material request %(request)s: it cannot be "
            "issued with it (requested: %(items)s).",
            product=product.display_name,
            request=self.name,
            items=", ".join(self.line_ids.product_id.mapped("display_name")),
        )
