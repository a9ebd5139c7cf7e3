from odoo import api, fields, models
from odoo.tools import SQL

COST_GROUP = "factory_stock.group_factory_cost"


def _money(string):
    return fields.Monetary(
        string, currency_field="currency_id", readonly=True, groups=COST_GROUP
    )


class FactoryMrpProductCost(models.Model):
    """Product cost report (产品成本): the stored cost breakdown of done
    manufacturing orders, per product and month of completion. Unit cost and
    variance % aggregate as ratios of the sums, not as averages of rows."""

    _name = "factory.mrp.product.cost"
    _description = "Product Cost per Month"
    _auto = False
    _rec_name = "product_id"
    _order = "month desc, product_id"
    _depends = {
        "mrp.production": [
            "state",
            "product_id",
            "company_id",
            "date_finished",
            "factory_cost_qty",
            "factory_cost_material",
            "factory_cost_labour",
            "factory_cost_overhead",
            "factory_cost_outsourcing",
            "factory_cost_total",
            "factory_standard_unit_cost",
            "factory_cost_variance",
        ],
    }

    product_id = fields.Many2one("product.product", "Product", readonly=True)
    company_id = fields.Many2one("res.company", "Company", readonly=True)
    currency_id = fields.Many2one("res.currency", "Currency", readonly=True)
    month = fields.Date("Month", readonly=True)
    order_count = fields.Integer("Orders", readonly=True)
    qty = fields.Float(
        "Quantity", digits="Product Unit of Measure", readonly=True, groups=COST_GROUP
    )
    material = _money("Material")
    labour = _money("Labour")
    overhead = _money("Overhead")
    outsourcing = _money("Outsourcing")
    total = _money("Total Cost")
    standard_total = _money("Standard Cost")
    variance = _money("Variance")
    unit_cost = fields.Float(
        "Unit Cost",
        digits="Product Price",
        readonly=True,
        aggregator="avg",
        groups=COST_GROUP,
    )
    variance_pct = fields.Float(
        "Variance (%)",
        digits=(16, 2),
        readonly=True,
        aggregator="avg",
        groups=COST_GROUP,
    )

    @property
    def _table_query(self):
        return SQL(
            "%s %s %s %s", self._select(), self._from(), self._where(), self._group_by()
        )

    def _select(self):
        return SQL(
            """
            SELECT MIN(p.id) AS id, p.product_id, p.company_id,
                   c.currency_id,
                   DATE_TRUNC('month', p.date_finished)::date AS month,
                   COUNT(*) AS order_count,
                   SUM(p.factory_cost_qty) AS qty,
                   SUM(p.factory_cost_material) AS material,
                   SUM(p.factory_cost_labour) AS labour,
                   SUM(p.factory_cost_overhead) AS overhead,
                   SUM(p.factory_cost_outsourcing) AS outsourcing,
                   SUM(p.factory_cost_total) AS total,
                   SUM(p.factory_standard_unit_cost * p.factory_cost_qty)
                       AS standard_total,
                   SUM(p.factory_cost_variance) AS variance,
                   SUM(p.factory_cost_total)
                       / NULLIF(SUM(p.factory_cost_qty), 0.0) AS unit_cost,
                   SUM(p.factory_cost_variance) * 100.0
                       / NULLIF(SUM(p.factory_standard_unit_cost
                                    * p.factory_cost_qty), 0.0) AS variance_pct
            """
        )

    def _from(self):
        return SQL(
            """
              FROM mrp_production p
              JOIN res_company c ON c.id = p.company_id
            """
        )

    def _where(self):
        return SQL("WHERE p.state = 'done' AND p.factory_cost_qty > 0")

    def _group_by(self):
        return SQL(
            "GROUP BY p.product_id, p.company_id, c.currency_id, "
            "DATE_TRUNC('month', p.date_finished)"
        )

    @api.model
    def _read_group_select(self, aggregate_spec, query):
        """Unit cost and variance % of a group: ratios of its sums."""
        if aggregate_spec == "unit_cost:avg":
            return SQL(
                "SUM(%s) / NULLIF(SUM(%s), 0.0)",
                self._field_to_sql(self._table, "total", query),
                self._field_to_sql(self._table, "qty", query),
            )
        if aggregate_spec == "variance_pct:avg":
            return SQL(
                "SUM(%s) * 100.0 / NULLIF(SUM(%s), 0.0)",
                self._field_to_sql(self._table, "variance", query),
                self._field_to_sql(self._table, "standard_total", query),
            )
        return super()._read_group_select(aggregate_spec, query)
