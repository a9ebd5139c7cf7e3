"""Factory API v1: what the read and the write endpoints share (the user's
warehouse scope, a material from its id or code, a material request and an
alert as the API answers them)."""

from odoo.http import request
from odoo.tools import SQL

from .common import _, dt, invalid, not_found, ref


class FactoryApiHelpers:
    """Mixed into the API's controllers (main.FactoryApi, the reads, and
    write.FactoryApiWrite, the writes)."""

    # ------------------------------------------------------------------
    # scope helpers
    # ------------------------------------------------------------------

    def _warehouses(self):
        """The warehouses the user works in (as the record rules)."""
        return request.env["factory.scan"]._user_warehouses()

    def _warehouse(self, value, field="warehouse"):
        """A warehouse of the user's scope from an id or a short code (404
        for any other, so nothing tells an unknown one from a forbidden
        one)."""
        if value is None:
            return request.env["stock.warehouse"]
        warehouses = self._warehouses()
        if value.isdecimal():
            warehouse = warehouses.filtered(lambda w: w.id == int(value))
        else:
            warehouse = warehouses.filtered(lambda w: w.code == value)
        if not warehouse:
            raise not_found(field)
        return warehouse[:1]

    def _material(self, value, field="material"):
        """A material from an id or its material code (default_code)."""
        Product = request.env["product.product"]
        if value is None:
            return Product
        if isinstance(value, int) and not isinstance(value, bool):
            product = Product.search([("id", "=", value)], limit=1)
        elif isinstance(value, str) and value.strip():
            value = value.strip()
            domain = [("default_code", "=", value)]
            if value.isdecimal():
                domain = ["|", ("id", "=", int(value)), *domain]
            product = Product.search(domain, limit=1)
        else:
            raise invalid(field, _("Give the material's id or material code."))
        if not product:
            raise not_found(field)
        return product

    def _page_fetch(self, model, domain, fnames, limit, offset, order, key=None):
        """(records, total) of a page of a SQL-view model (the stock board),
        where search_fetch + search_count evaluate the whole view twice
        when the page is full. Without ``key``: the page's fields and the
        number of matching rows in one query (a domain that narrows the
        view already, e.g. to a material). With ``key``: first the page's
        ids and ``key`` values and
        the number of matching rows, ``COUNT(*) OVER ()`` (PostgreSQL
        leaves out the view's columns not asked for), then the page's
        fields by search_fetch of ``domain`` and the page's ``key`` values
        (a grouping column of the view: PostgreSQL narrows the view to
        them), kept in the first query's order. Both read as the user:
        ``_search`` and search_fetch apply the access rights and the record
        rules, search_fetch checks the fields; one snapshot (the
        transaction's) for both.

        The queries run without parallel workers (``SET LOCAL``: this
        transaction only): with people calling at once on a small server,
        PostgreSQL's workers for one call compete with the other calls.
        The board of a 7,000-row warehouse, one process at load 8: 427 ms
        (search_fetch + search_count), 292 (one query with the count), 230
        (without parallel workers), 172 (in the view's column order),
        100 ms (in two steps)."""
        query = model._search(domain, offset=offset, limit=limit, order=order)
        if query.is_empty():
            return model.browse(), 0
        request.env.cr.execute(SQL("SET LOCAL max_parallel_workers_per_gather = 0"))
        if key:
            columns = [model._field_to_sql(model._table, key, query)]
        else:
            fields = [
                field
                for field in model._determine_fields_to_fetch(fnames)
                if field.column_type
            ]
            columns = [model._field_to_sql(model._table, f.name, query) for f in fields]
        rows = request.env.execute_query(
            query.select(
                SQL.identifier(model._table, "id"), *columns, SQL("COUNT(*) OVER ()")
            )
        )
        if not rows:  # an offset past the end: count alone
            return model.browse(), model.search_count(domain)
        records = model.browse([row[0] for row in rows])
        if key:
            fetched = model.search_fetch(
                [*domain, (key, "in", sorted({row[1] for row in rows}))], fnames
            )
            return records & fetched, rows[0][-1]
        for index, field in enumerate(fields, start=1):
            request.env.cache.insert_missing(
                records, field, [row[index] for row in rows]
            )
        return records, rows[0][-1]

    # ------------------------------------------------------------------
    # records as the API answers them
    # ------------------------------------------------------------------

    def _request_data(self, req):
        return {
            "id": req.id,
            "name": req.name,
            "state": req.state,
            "warehouse": ref(req.warehouse_id, "code"),
            "manufacturing_order": ref(req.production_id),
            "cost_center": ref(req.cost_center_id, "code"),
            "requested_by": ref(req.requested_by_id),
            "date_required": dt(req.date_required),
            "shortage_submitted": req.shortage_submitted,
            "approved_by": ref(req.approved_by_id),
            "approved_on": dt(req.approved_on),
            "note": req.note or None,
            "lines": [
                {
                    "material": ref(line.product_id, "default_code"),
                    "qty": line.product_qty,
                    "uom": line.product_uom_id.name,
                    "lot": ref(line.lot_id),
                    "issued": line.qty_issued,
                    "returned": line.qty_returned,
                }
                for line in req.line_ids
            ],
        }

    def _get_request(self, request_id):
        req = request.env["factory.material.request"].search(
            [("id", "=", request_id)], limit=1
        )
        if not req:
            raise not_found()
        return req

    def _alert_data(self, alert):
        return {
            "id": alert.id,
            "rule": ref(alert.rule_id),
            "type": alert.rule_type,
            "state": alert.state,
            "subject": alert.subject or None,
            "material": ref(alert.product_id, "default_code"),
            "warehouse": ref(alert.warehouse_id, "code"),
            "lot": ref(alert.lot_id),
            "qty": alert.qty,
            "threshold": alert.threshold,
            "date": dt(alert.date),
            "opened_on": dt(alert.opened_on),
            "acknowledged_by": ref(alert.acknowledged_by_id),
            "acknowledged_on": dt(alert.acknowledged_on),
        }
