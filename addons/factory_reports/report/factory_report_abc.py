from odoo import api, fields, models
from odoo.tools import SQL

from .factory_report_mixin import COST_GROUP


class FactoryReportAbc(models.Model):
    """ABC classification (ABC 分类): the class factory_stock stores on each
    storable material (from its 12-month issue value, recomputed daily), with
    the material's share of the total issue value and of the number of
    materials. Summed by class, the shares give each class's value share
    and count share; the cumulative value share (a running SUM() OVER the
    materials by descending issue value), ordered by rank, is the Pareto
    curve (graph view factory_report_abc_view_graph_pareto)."""

    _name = "factory.report.abc"
    _description = "ABC Classification"
    _inherit = ["factory.report.mixin"]
    _auto = False
    _rec_name = "product_id"
    _order = "rank"
    _depends = {
        "product.product": ["factory_abc_class", "factory_issue_value", "active"],
        "product.template": ["categ_id", "is_storable", "company_id"],
    }

    rank = fields.Integer("Rank", readonly=True, aggregator="min")
    product_id = fields.Many2one("product.product", "Material", readonly=True)
    default_code = fields.Char("Material Code", readonly=True)
    categ_id = fields.Many2one("product.category", "Category", readonly=True)
    company_id = fields.Many2one("res.company", "Company", readonly=True)
    abc_class = fields.Selection(
        [("a", "A"), ("b", "B"), ("c", "C")], "ABC Class", readonly=True
    )
    currency_id = fields.Many2one("res.currency", readonly=True, groups=COST_GROUP)
    issue_value = fields.Monetary(
        "12-Month Issue Value", readonly=True, groups=COST_GROUP
    )
    material_count = fields.Integer("Materials", readonly=True)
    value_share = fields.Float(
        "Value Share (%)", digits=(16, 2), readonly=True, groups=COST_GROUP
    )
    count_share = fields.Float("Count Share (%)", digits=(16, 2), readonly=True)
    cumulative_count_share = fields.Float(
        "Cumulative Count Share (%)",
        digits=(16, 2),
        readonly=True,
        aggregator="max",
        help="Share of the materials up to this rank: the x-axis of the Pareto curve.",
    )
    cumulative_share = fields.Float(
        "Cumulative Value Share (%)",
        digits=(16, 2),
        readonly=True,
        aggregator="max",
        groups=COST_GROUP,
    )

    @property
    def _table_query(self):
        return SQL(
            """
            WITH materials AS (
                SELECT p.id AS product_id, p.default_code, t.categ_id,
                       t.company_id, COALESCE(p.factory_abc_class, 'c') AS abc_class,
                       COALESCE(p.factory_issue_value, 0.0) AS issue_value
                  FROM product_product p
                  JOIN product_template t ON t.id = p.product_tmpl_id
                 WHERE t.is_storable AND p.active
            ),
            ranked AS (
                SELECT m.*,
                       ROW_NUMBER() OVER (ORDER BY m.issue_value DESC, m.product_id)
                           AS rank,
                       SUM(m.issue_value) OVER (
                           ORDER BY m.issue_value DESC, m.product_id) AS running,
                       SUM(m.issue_value) OVER () AS total,
                       COUNT(*) OVER () AS n
                  FROM materials m
            )
            SELECT r.product_id AS id, r.rank, r.product_id, r.default_code,
                   r.categ_id, r.company_id, r.abc_class,
                   (SELECT currency_id FROM res_company
                     WHERE id = COALESCE(r.company_id, %(company)s)) AS currency_id,
                   r.issue_value, 1 AS material_count,
                   -- not fields: what _read_group_select divides by
                   r.total AS total_value, r.n AS material_total,
                   r.issue_value * 100.0 / NULLIF(r.total, 0.0) AS value_share,
                   100.0 / r.n AS count_share,
                   r.rank * 100.0 / r.n AS cumulative_count_share,
                   r.running * 100.0 / NULLIF(r.total, 0.0) AS cumulative_share
              FROM ranked r
            """,
            company=self.env.company.id,
        )

    @api.model
    def _read_group_select(self, aggregate_spec, query):
        """The sum of the shares of a group as the share of its sums
        (Σ issue value × 100 / total, count × 100 / number of materials):
        the same figure (up to the last of numeric's 16 decimals, which the
        per-row divisions round), without dividing for each of the 20,000
        rows in each read_group of the pivot."""
        fname, __, func = aggregate_spec.partition(":")
        if func == "sum" and fname in ("value_share", "count_share"):
            # the field's own access check (value_share is for cost roles)
            self._field_to_sql(self._table, fname, query)
            if fname == "value_share":
                return SQL(
                    "SUM(%s) * 100.0 / NULLIF(MAX(%s), 0.0)",
                    SQL.identifier(self._table, "issue_value"),
                    SQL.identifier(self._table, "total_value"),
                )
            return SQL(
                "COUNT(*) * 100.0 / MAX(%s)",
                SQL.identifier(self._table, "material_total"),
            )
        return super()._read_group_select(aggregate_spec, query)
